import Foundation
import Ledger
@testable import signalpress
import Testing

@Suite("Ledger")
struct LedgerStoreTests {
    @Test("a build is recorded with its bundles; rebuilding the same day adds no artifact")
    func recordsBuilds() throws {
        let root = Fixtures.project()
        #expect(SignalPress.run(["build", "--project", root.path, "--quiet"]) == 0)
        #expect(SignalPress.run(["build", "--project", root.path, "--quiet"]) == 0)
        let ledger = try LedgerStore(path: root.appendingPathComponent(".signalpress/ledger.sqlite").path)
        #expect(try ledger.buildCount() == 2)
        let artifacts = try ledger.artifacts()
        #expect(artifacts.map(\.tier) == ["free", "pro"])
        #expect(artifacts.allSatisfy { $0.date == "2026-11-27" && $0.sha256.count == 64 && $0.bytes > 0 })
        #expect(try ledger.integrityCheck() == "ok")
        #expect(try ledger.journalMode() == "wal")
        let site = root.appendingPathComponent("site")
        #expect(!FileManager.default.fileExists(atPath: site.appendingPathComponent("ledger.sqlite").path))
    }

    @Test("an existing ledger is opened again and migrated in place, keeping its rows")
    func reopen() throws {
        let path = Fixtures.temporaryDirectory().appendingPathComponent("state/ledger.sqlite").path
        let first = try LedgerStore(path: path)
        let artifact = LedgerStore.Artifact(tier: "pro", date: "2026-01-02", path: "bundles/pro/x.zip", bytes: 10, sha256: String(repeating: "a", count: 64))
        #expect(try first.recordBuild(asOf: "2026-01-02", started: Date(), finished: Date(), outcome: "published", files: 1, bytes: 10, artifacts: [artifact]).newArtifacts == 1)
        let second = try LedgerStore(path: path)
        #expect(try second.recordBuild(asOf: "2026-01-02", started: Date(), finished: Date(), outcome: "published", files: 1, bytes: 10, artifacts: [artifact]).newArtifacts == 0)
        #expect(try second.buildCount() == 2)
        #expect(try second.artifacts() == [artifact])
    }
}
