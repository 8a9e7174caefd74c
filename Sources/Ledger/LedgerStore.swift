import Core
import Foundation
import GRDB

/// The SQLite ledger at `.signalpress/ledger.sqlite`: the permanent record of what each build
/// published. WAL mode, full synchronous writes, foreign keys, versioned migrations (an older
/// ledger is upgraded in place), and write transactions that take the lock up front.
public struct LedgerStore: Sendable {
    public struct Artifact: Sendable, Equatable {
        public var tier: TierID
        public var date: String
        public var path: String
        public var bytes: Int
        public var sha256: String

        public init(tier: TierID, date: String, path: String, bytes: Int, sha256: String) {
            self.tier = tier
            self.date = date
            self.path = path
            self.bytes = bytes
            self.sha256 = sha256
        }
    }

    let queue: DatabaseQueue
    /// The command's clock: what the ledger stamps as "recorded at". Never the wall clock, so a
    /// test (or a replay) pins it.
    public var clock: Clock

    public init(path: String, clock: Clock) throws {
        self.clock = clock
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
        try LedgerStore.refuseNewerSchema(queue, path: path)
        try LedgerStore.migrator.migrate(queue)
    }

    /// A consistent copy of the whole ledger at `path` (which must not exist), made with SQLite's
    /// online backup: builds and ingests may write meanwhile; the copy is one moment's state.
    public func backup(to path: String) throws {
        let copy = try DatabaseQueue(path: path)
        try queue.backup(to: copy)
        // One self-contained file: the copy leaves write-ahead logging, which needs files beside it.
        try copy.writeWithoutTransaction { try $0.execute(sql: "PRAGMA journal_mode = DELETE") }
        try copy.close()
    }

    /// One write transaction that takes SQLite's write lock up front (`BEGIN IMMEDIATE`), so two
    /// processes never both read, then both fail to upgrade to a write; the busy timeout queues them.
    func write<T>(_ body: (Database) throws -> T) throws -> T {
        try queue.writeWithoutTransaction { db in
            var result: T?
            try db.inTransaction(.immediate) {
                result = try body(db)
                return .commit
            }
            return result!
        }
    }

    /// A ledger a newer SignalPress migrated holds tables and rules this version does not know
    /// and would silently ignore: refused, whether opened in place or restored from a backup.
    static func refuseNewerSchema(_ database: some DatabaseReader, path: String) throws {
        let unknown = try database.read { db -> [String] in
            guard try db.tableExists("grdb_migrations") else { return [] }
            let applied = try String.fetchAll(db, sql: "SELECT identifier FROM grdb_migrations")
            let known = Set(migrator.migrations)
            return applied.filter { !known.contains($0) }
        }
        if !unknown.isEmpty {
            throw LedgerError.newerSchema(path: path, migrations: unknown)
        }
    }

    /// Checks the ledger file at `path` (a backup's copy) without changing it: it opens, passes
    /// SQLite's integrity check, and holds no migration this version does not know.
    public static func checkCopy(at path: String) throws {
        var configuration = Configuration()
        configuration.readonly = true
        let queue = try DatabaseQueue(path: path, configuration: configuration)
        try refuseNewerSchema(queue, path: path)
        let integrity = try queue.read { try String.fetchOne($0, sql: "PRAGMA integrity_check") ?? "" }
        guard integrity == "ok" else { throw LedgerError.integrity(path: path, report: integrity) }
        try queue.close()
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
        migrator.registerMigration("v2: subscribers, usage events and exports") { db in
            try db.execute(sql: LedgerSchema.version2)
        }
        migrator.registerMigration("v3: edition log") { db in
            try createEditionLog(db)
        }
        migrator.registerMigration("v4: members' token generations") { db in
            // A members' token names the generation it was issued at; raising it refuses every older one.
            try db.execute(sql: "ALTER TABLE subscribers ADD COLUMN generation INTEGER NOT NULL DEFAULT 0 CHECK (generation >= 0)")
        }
        migrator.registerMigration("v5: delivery outbox") { db in
            try db.execute(sql: LedgerSchema.version5)
        }
        migrator.registerMigration("v6: edition log heads") { db in
            // What a no-op reads of the log (its size, each tier's newest edition) from an index
            // a few pages long: the rows are kilobytes each (every symbol's price basis), and
            // reading them all made a no-op grow with the archive.
            try db.execute(sql: "CREATE INDEX editions_by_tier ON editions(demo, tier, id)")
        }
        return migrator
    }

    /// Records one finished build and its bundles, `bundle.published` per bundle and
    /// `report.delivered` for every active subscriber of that bundle's tier, in one transaction.
    /// A bundle already recorded with the same bytes, and an event already recorded, are not
    /// recorded again, so rebuilding a day adds only the build row.
    @discardableResult
    public func recordBuild(asOf: Day, started: Date, finished: Date, outcome: String, files: Int, bytes: Int,
                            artifacts: [Artifact]) throws -> BuildRecord {
        try write { db in
            var record = BuildRecord()
            var events: [UsageEvent] = []
            let active = try Subscriber.filter(Column("status") == Subscriber.Status.active.rawValue).order(Column("id")).fetchAll(db)
            for artifact in artifacts {
                let occurred = artifact.date + "T00:00:00Z"
                let (tier, date) = (artifact.tier.value, artifact.date)
                events.append(UsageEvent(event: .published, subscriber: nil, value: 1, occurredAt: occurred, source: "build",
                                         properties: ["tier": tier, "date": date], fact: [tier, date]))
                for subscriber in active where subscriber.tier == artifact.tier {
                    events.append(UsageEvent(event: .delivered, subscriber: subscriber.id, value: 1, occurredAt: occurred, source: "build",
                                             properties: ["tier": tier, "date": date], fact: [subscriber.id, tier, date]))
                }
            }
            record.events = try self.record(events, in: db, now: finished)
            try BuildRecordRow(asOf: asOf.iso, startedAt: LedgerStore.timestamp(started), finishedAt: LedgerStore.timestamp(finished),
                               outcome: outcome, files: files, bytes: bytes, events: record.events.recorded).insert(db)
            let build = db.lastInsertedRowID
            for artifact in artifacts {
                // The same tier, date and bytes published again keep their first build.
                try ArtifactRow(tier: artifact.tier, date: artifact.date, path: artifact.path, bytes: artifact.bytes, sha256: artifact.sha256,
                                firstBuildID: build).insert(db, onConflict: .ignore)
                record.newArtifacts += db.changesCount
            }
            return record
        }
    }

    public struct BuildRecord: Sendable, Equatable {
        public var newArtifacts = 0
        public var events = RecordResult()
    }

    public func buildCount() throws -> Int { try queue.read { try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM builds") ?? 0 } }

    public func artifacts() throws -> [Artifact] {
        try queue.read { db in
            try ArtifactRow.order(Column("tier"), Column("date"), Column("id")).fetchAll(db).map {
                Artifact(tier: $0.tier, date: $0.date, path: $0.path, bytes: $0.bytes, sha256: $0.sha256)
            }
        }
    }

    public func integrityCheck() throws -> String {
        try queue.read { try String.fetchOne($0, sql: "PRAGMA integrity_check") ?? "" }
    }

    public func journalMode() throws -> String {
        try queue.read { try String.fetchOne($0, sql: "PRAGMA journal_mode") ?? "" }
    }

    public static func timestamp(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.timeZone = TimeZone(identifier: "UTC")
        return formatter.string(from: date)
    }
}
