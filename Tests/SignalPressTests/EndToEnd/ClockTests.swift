import Build
import Core
import Foundation
import GRDB
import MarketData
import Testing
@testable import signalpress

/// One clock, resolved by the command line and handed in: what a build publishes and what the
/// ledger stamps follow it, never the machine's date.
@Suite("The command's clock")
struct ClockTests {
    @Test("--today wins over SOURCE_DATE_EPOCH, which wins over the system clock; bad values are refused")
    func resolution() throws {
        let epoch = ["SOURCE_DATE_EPOCH": "1795816800"] // 2026-11-27 22:00:00 UTC
        #expect(try CommandClock.resolve(today: Day(iso: "2026-11-20")!, environment: epoch) == Clock(today: Day(iso: "2026-11-20")!))
        let pinned = try CommandClock.resolve(today: nil, environment: epoch)
        #expect(pinned.today == Day(iso: "2026-11-27")! && pinned.now == Date(timeIntervalSince1970: 1_795_816_800))
        #expect(try CommandClock.resolve(today: nil, environment: ["SOURCE_DATE_EPOCH": ""]).now.timeIntervalSince1970 > 1_795_816_800 - 86_400 * 400)
        #expect(throws: CommandError.self) { try CommandClock.resolve(today: nil, environment: ["SOURCE_DATE_EPOCH": "yesterday"]) }
        #expect(throws: CommandError.self) { try CommandClock.resolve(today: nil, environment: ["SOURCE_DATE_EPOCH": "-5"]) }
        #expect(SignalPress.run(["build", "--today", "27.11.2026"]) == 2)
    }

    @Test("a day's UTC date is the day that contains it, before 1970 too")
    func dayOfInstant() {
        #expect(Day(unixTime: 1_795_816_800) == Day(iso: "2026-11-27")!)
        #expect(Day(unixTime: 1_795_824_000 - 1) == Day(iso: "2026-11-27")!)
        #expect(Day(unixTime: 1_795_824_000) == Day(iso: "2026-11-28")!)
        #expect(Day(unixTime: -1) == Day(iso: "1969-12-31")!)
        #expect(Clock(today: Day(iso: "2026-11-27")!).today == Day(iso: "2026-11-27")!)
    }

    @Test("a nightly build publishes the latest trading day on or before today, and the ledger stamps today")
    func todayBoundsTheBuild() throws {
        let root = Fixtures.project()
        let output = root.appendingPathComponent("site")
        // The data runs to Friday 2026-11-27; run "on" the Wednesday before, and on the Sunday after.
        let wednesday = Clock(today: Day(iso: "2026-11-25")!)
        let summary = try Build(options: BuildOptions(root: root, output: output, clock: wednesday)).run()
        #expect(summary.asOf == Day(iso: "2026-11-25")!)
        let latest = try String(contentsOf: output.appendingPathComponent("latest.json"), encoding: .utf8)
        // The public site is the free tier's, a trading day behind.
        #expect(latest.contains("\"as_of\": \"2026-11-24\""), "\(latest.prefix(300))")
        let sunday = Clock(today: Day(iso: "2026-11-29")!)
        #expect(try Build(options: BuildOptions(root: root, output: output, clock: sunday)).run().asOf == Day(iso: "2026-11-27")!)

        let ledger = try DatabaseQueue(path: root.appendingPathComponent(".signalpress/ledger.sqlite").path)
        let stamps = try ledger.read { db in
            try String.fetchAll(db, sql: "SELECT started_at FROM builds UNION ALL SELECT finished_at FROM builds UNION ALL SELECT recorded_at FROM usage_events")
        }
        #expect(stamps.count > 4 && stamps.allSatisfy { $0.hasPrefix("2026-11-25T00:") || $0.hasPrefix("2026-11-29T00:") }, "\(stamps)")
    }

    @Test("the command line pins the day with --today or SOURCE_DATE_EPOCH")
    func commandLinePins() throws {
        let root = Fixtures.project()
        let byFlag = try Binary.capture(["build", "--project", root.path, "--today", "2026-11-24"])
        #expect(byFlag.status == 0 && byFlag.output.contains("2026-11-24"), "\(byFlag.output)")
        // 2026-11-26 12:00 UTC
        let byEpoch = try Binary.capture(["build", "--project", root.path], environment: ["SOURCE_DATE_EPOCH": "1795694400"])
        #expect(byEpoch.status == 0 && byEpoch.output.contains("2026-11-26"), "\(byEpoch.output)")
        let bad = try Binary.capture(["build", "--project", root.path], environment: ["SOURCE_DATE_EPOCH": "soon"])
        #expect(bad.status == 1 && bad.output.contains("SOURCE_DATE_EPOCH must be a whole number"), "\(bad.output)")
    }
}
