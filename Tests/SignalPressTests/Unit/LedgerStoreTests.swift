import Core
import Foundation
import GRDB
import Ledger
import MarketData
import Testing
@testable import signalpress

@Suite("Ledger")
struct LedgerStoreTests {
    @Test("every column of a sealed edition reads back as it was sealed, optional ones empty or set")
    func sealedRowsReadBack() throws {
        let path = Fixtures.temporaryDirectory().appendingPathComponent("ledger.sqlite").path
        let ledger = try LedgerStore(path: path, clock: Fixtures.clock)
        let first = SealedEdition(tier: "pro", date: "2026-11-26", made: .backfill, previousHash: nil, contentHash: "c1", snapshotSHA256: "s1",
                                  indexSummary: "index", feedSummary: "feed")
        let sealed = try ledger.seal([first])
        let second = SealedEdition(tier: "pro", date: "2026-11-26", kind: .revision, made: .live, demo: true, previousHash: "c1", contentHash: "c2",
                                   snapshotSHA256: "s2", bundle: PublishedFile(path: "bundles/pro/2026-11-26/r1/pro-2026-11-26.zip", bytes: 123, sha256: "z"),
                                   bundleDate: "2026-11-27", indexSummary: "i2", feedSummary: "f2", priceBasis: ["AAAX": 0.5],
                                   reason: "a bad bar", supersedes: sealed[0].id)
        let all = sealed + (try ledger.seal([second]))
        let read = try ledger.sealedEditions()
        for (a, b) in zip(read, all) where a != b { Issue.record("\(a)\n\(b)") }
        #expect(read == all && all.count == 2)
        #expect(try ledger.sealedEditions()[1].priceBasis == ["AAAX": 0.5] && ledger.sealedEditions(tier: "free").isEmpty)
    }

    @Test("a no-op reads the edition log's size and heads from its index, not from the rows, with or without demo editions")
    func logMarkFromIndex() throws {
        let path = Fixtures.temporaryDirectory().appendingPathComponent("ledger.sqlite").path
        let ledger = try LedgerStore(path: path, clock: Fixtures.clock)
        try ledger.seal([SealedEdition(tier: "pro", date: "2026-11-26", made: .live, previousHash: nil, contentHash: "c1", snapshotSHA256: "s1",
                                       indexSummary: "index", feedSummary: "feed"),
                         SealedEdition(tier: "free", date: "2026-11-26", made: .live, demo: true, previousHash: nil, contentHash: "c2", snapshotSHA256: "s2",
                                       indexSummary: "index", feedSummary: "feed")])
        #expect(try ledger.editionLogMark(includingDemo: false).mark == "1 c1" && ledger.editionLogMark(includingDemo: true).mark == "2 c2,c1")
        let plan = try DatabaseQueue(path: path).read { db in
            try Row.fetchAll(db, sql: "EXPLAIN QUERY PLAN SELECT max(id) FROM editions WHERE demo = 0 GROUP BY tier").map { $0["detail"] as String }
        }
        #expect(plan.contains { $0.contains("COVERING INDEX editions_by_tier") }, "\(plan)")
    }

    @Test("a build is recorded with its bundles; rebuilding the same day adds no artifact")
    func recordsBuilds() throws {
        let root = Fixtures.project()
        #expect(SignalPress.run(["build", "--project", root.path, "--quiet"]) == 0)
        #expect(SignalPress.run(["build", "--project", root.path, "--quiet"]) == 0)
        let ledger = try LedgerStore(path: root.appendingPathComponent(".signalpress/ledger.sqlite").path, clock: Fixtures.clock)
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
        let first = try LedgerStore(path: path, clock: Fixtures.clock)
        let artifact = LedgerStore.Artifact(tier: "pro", date: "2026-01-02", path: "bundles/pro/x.zip", bytes: 10, sha256: String(repeating: "a", count: 64))
        #expect(try first.recordBuild(asOf: Day(iso: "2026-01-02")!, started: Fixtures.clock.now, finished: Fixtures.clock.now, outcome: "published", files: 1, bytes: 10, artifacts: [artifact]).newArtifacts == 1)
        let second = try LedgerStore(path: path, clock: Fixtures.clock)
        #expect(try second.recordBuild(asOf: Day(iso: "2026-01-02")!, started: Fixtures.clock.now, finished: Fixtures.clock.now, outcome: "published", files: 1, bytes: 10, artifacts: [artifact]).newArtifacts == 0)
        #expect(try second.buildCount() == 2)
        #expect(try second.artifacts() == [artifact])
    }
}

@Suite("Ledger migrations")
struct LedgerMigrationTests {
    @Test("a ledger written by the first version is upgraded in place and keeps its rows")
    func upgradesVersionOne() throws {
        let path = Fixtures.temporaryDirectory("old-ledger").appendingPathComponent("ledger.sqlite").path
        // The first version's schema and one recorded build, as an older signalpress left them.
        let old = try DatabaseQueue(path: path)
        try old.write { db in
            try db.execute(sql: """
                CREATE TABLE grdb_migrations (identifier TEXT NOT NULL PRIMARY KEY);
                INSERT INTO grdb_migrations VALUES ('v1: builds and artifacts');
                CREATE TABLE builds (id INTEGER PRIMARY KEY AUTOINCREMENT, as_of TEXT NOT NULL, started_at TEXT NOT NULL,
                    finished_at TEXT NOT NULL, outcome TEXT NOT NULL, files INTEGER NOT NULL, bytes INTEGER NOT NULL);
                CREATE TABLE artifacts (id INTEGER PRIMARY KEY AUTOINCREMENT, tier TEXT NOT NULL, date TEXT NOT NULL, path TEXT NOT NULL,
                    bytes INTEGER NOT NULL, sha256 TEXT NOT NULL, first_build_id INTEGER NOT NULL REFERENCES builds(id), UNIQUE (tier, date, sha256));
                INSERT INTO builds (as_of, started_at, finished_at, outcome, files, bytes) VALUES ('2026-11-02', 'a', 'b', 'published', 3, 30);
                INSERT INTO artifacts (tier, date, path, bytes, sha256, first_build_id) VALUES ('pro', '2026-11-02', 'x.zip', 30, 'abc', 1);
                """)
        }
        try old.close()
        let upgraded = try LedgerStore(path: path, clock: Fixtures.clock)
        #expect(try upgraded.buildCount() == 1 && upgraded.artifacts().count == 1)
        try upgraded.addSubscriber(id: "alice", email: "alice@example.com", tier: "pro", tiers: ["pro"])
        #expect(try upgraded.subscribers().map(\.id) == ["alice"])
        #expect(try upgraded.integrityCheck() == "ok")
    }
}
