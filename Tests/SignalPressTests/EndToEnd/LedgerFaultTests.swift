import Foundation
import Ledger
import Testing

/// Several processes and a hard kill against one ledger on disk.
@Suite("Ledger under concurrency and SIGKILL", .serialized)
struct LedgerFaultTests {
    static let november = 1_795_000_000

    func requests(_ count: Int, subscribers: [String]) -> [AccessLogs.Request] {
        (0..<count).map { AccessLogs.Request(subscriber: subscribers[$0 % subscribers.count], unix: Self.november + $0, bytes: 100 + $0 % 7) }
    }

    @Test("two builds and an ingest at the same time lose nothing and double nothing")
    func concurrentWriters() throws {
        let root = Fixtures.project()
        let ledgerPath = root.appendingPathComponent("shared-ledger.sqlite").path
        for (id, tier) in [("alice", "pro"), ("bob", "free"), ("carol", "pro")] {
            #expect(try Binary.run(["subscribers", "add", "--project", root.path, "--ledger", ledgerPath, "--id", id,
                                    "--email", "\(id)@example.com", "--tier", tier]) == 0)
        }
        let log = root.appendingPathComponent("access.log")
        AccessLogs.write(requests(3000, subscribers: ["alice", "carol"]).map(AccessLogs.combined), to: log)

        let processes = try [
            Binary.start(["build", "--project", root.path, "--ledger", ledgerPath, "--as-of", "2026-11-26", "--output", root.appendingPathComponent("out1").path, "--quiet"]),
            Binary.start(["build", "--project", root.path, "--ledger", ledgerPath, "--as-of", "2026-11-26", "--output", root.appendingPathComponent("out2").path, "--quiet"]),
            Binary.start(["usage", "ingest", log.path, "--project", root.path, "--ledger", ledgerPath], environment: AccessLogs.environment),
        ]
        #expect(processes.map { $0.reap().status } == [0, 0, 0])

        let ledger = try LedgerStore(path: ledgerPath, clock: Fixtures.clock)
        let events = try ledger.events()
        #expect(Set(events.map(\.event.idempotencyKey)).count == events.count)
        // Builds of one project take turns: the first seals the day, the second publishes the
        // same bundles. 2 bundles published, 3 deliveries, once; plus 3000 downloads.
        #expect(events.filter { $0.event.event == .published }.count == 2)
        #expect(events.filter { $0.event.event == .delivered }.count == 3)
        for tier in ["free", "pro"] {
            let path = "bundles/\(tier)/2026-11-26/\(tier)-2026-11-26.zip"
            #expect(FileManager.default.contents(atPath: root.appendingPathComponent("out1/" + path).path)
                == FileManager.default.contents(atPath: root.appendingPathComponent("out2/" + path).path))
        }
        #expect(events.filter { $0.event.event == .downloaded }.count == 3000)
        #expect(try ledger.buildCount() == 2)
        #expect(try ledger.integrityCheck() == "ok")
    }

    @Test("an ingest killed with SIGKILL mid-write leaves an intact ledger with every committed event; re-running completes it exactly")
    func killMidWrite() throws {
        let root = Fixtures.project()
        let ledgerPath = root.appendingPathComponent("ledger.sqlite").path
        let log = root.appendingPathComponent("big.log")
        let total = 40_000
        AccessLogs.write(requests(total, subscribers: ["alice", "bob", "carol"]).map(AccessLogs.combined), to: log)
        _ = try LedgerStore(path: ledgerPath, clock: Fixtures.clock)

        let process = try Binary.start(["usage", "ingest", log.path, "--project", root.path, "--ledger", ledgerPath], environment: AccessLogs.environment)
        // Kill as soon as some batches are committed and acknowledged to a reader, while more are being written.
        var acknowledged = 0
        let reader = try LedgerStore(path: ledgerPath, clock: Fixtures.clock)
        // Up to 30 s: on a loaded machine the first batch can take seconds to commit.
        for _ in 0..<3000 where process.isRunning {
            acknowledged = try reader.eventCount()
            if acknowledged > 0 { break }
            usleep(10_000)
        }
        kill(process.processIdentifier, SIGKILL)
        #expect(process.reap().bySignal, "the ingest finished before it could be killed; make the log longer")
        #expect(acknowledged > 0)

        let after = try LedgerStore(path: ledgerPath, clock: Fixtures.clock)
        #expect(try after.integrityCheck() == "ok")
        let surviving = try after.eventCount()
        #expect(surviving >= acknowledged && surviving <= total)

        #expect(try Binary.run(["usage", "ingest", log.path, "--project", root.path, "--ledger", ledgerPath], environment: AccessLogs.environment) == 0)
        #expect(try after.eventCount() == total)
        #expect(try Binary.run(["usage", "ingest", log.path, "--project", root.path, "--ledger", ledgerPath], environment: AccessLogs.environment) == 0)
        #expect(try after.eventCount() == total)
    }
}
