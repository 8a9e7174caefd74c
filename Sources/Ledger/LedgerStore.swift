import Foundation
import GRDB

/// The SQLite ledger at `.signalpress/ledger.sqlite`: the permanent record of what each build
/// published. WAL mode, full synchronous writes, foreign keys, versioned migrations (an older
/// ledger is upgraded in place), and write transactions that take the lock up front.
public struct LedgerStore: Sendable {
    public struct Artifact: Sendable, Equatable {
        public var tier: String
        public var date: String
        public var path: String
        public var bytes: Int
        public var sha256: String

        public init(tier: String, date: String, path: String, bytes: Int, sha256: String) {
            self.tier = tier
            self.date = date
            self.path = path
            self.bytes = bytes
            self.sha256 = sha256
        }
    }

    let queue: DatabaseQueue

    public init(path: String) throws {
        var configuration = Configuration()
        configuration.foreignKeysEnabled = true
        configuration.busyMode = .timeout(10)
        // GRDB 7 opens write transactions with BEGIN IMMEDIATE, taking the write lock up front.
        configuration.prepareDatabase { db in
            try db.execute(sql: "PRAGMA journal_mode = WAL")
            try db.execute(sql: "PRAGMA synchronous = FULL")
        }
        try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        queue = try DatabaseQueue(path: path, configuration: configuration)
        try LedgerStore.migrator.migrate(queue)
    }

    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1: builds and artifacts") { db in
            try db.create(table: "builds") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("as_of", .text).notNull()
                t.column("started_at", .text).notNull()
                t.column("finished_at", .text).notNull()
                t.column("outcome", .text).notNull()
                t.column("files", .integer).notNull()
                t.column("bytes", .integer).notNull()
            }
            try db.create(table: "artifacts") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("tier", .text).notNull()
                t.column("date", .text).notNull()
                t.column("path", .text).notNull()
                t.column("bytes", .integer).notNull()
                t.column("sha256", .text).notNull()
                t.column("first_build_id", .integer).notNull().references("builds")
                t.uniqueKey(["tier", "date", "sha256"])
            }
        }
        return migrator
    }

    /// Records one finished build and its bundles; a bundle already recorded with the same
    /// bytes is not recorded again. Returns how many artifacts were new.
    @discardableResult
    public func recordBuild(asOf: String, started: Date, finished: Date, outcome: String, files: Int, bytes: Int,
                            artifacts: [Artifact]) throws -> Int {
        try queue.write { db in
            try db.execute(sql: "INSERT INTO builds (as_of, started_at, finished_at, outcome, files, bytes) VALUES (?, ?, ?, ?, ?, ?)",
                           arguments: [asOf, LedgerStore.timestamp(started), LedgerStore.timestamp(finished), outcome, files, bytes])
            let build = db.lastInsertedRowID
            var added = 0
            for artifact in artifacts {
                try db.execute(sql: """
                    INSERT OR IGNORE INTO artifacts (tier, date, path, bytes, sha256, first_build_id) VALUES (?, ?, ?, ?, ?, ?)
                    """, arguments: [artifact.tier, artifact.date, artifact.path, artifact.bytes, artifact.sha256, build])
                added += db.changesCount
            }
            return added
        }
    }

    public func buildCount() throws -> Int { try queue.read { try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM builds") ?? 0 } }

    public func artifacts() throws -> [Artifact] {
        try queue.read { db in
            try Row.fetchAll(db, sql: "SELECT tier, date, path, bytes, sha256 FROM artifacts ORDER BY tier, date, id").map {
                Artifact(tier: $0["tier"], date: $0["date"], path: $0["path"], bytes: $0["bytes"], sha256: $0["sha256"])
            }
        }
    }

    public func integrityCheck() throws -> String {
        try queue.read { try String.fetchOne($0, sql: "PRAGMA integrity_check") ?? "" }
    }

    public func journalMode() throws -> String {
        try queue.read { try String.fetchOne($0, sql: "PRAGMA journal_mode") ?? "" }
    }

    static func timestamp(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.timeZone = TimeZone(identifier: "UTC")
        return formatter.string(from: date)
    }
}
