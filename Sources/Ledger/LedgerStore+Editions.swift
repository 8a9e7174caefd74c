import Core
import Foundation
import GRDB

/// The edition log: every tier's editions, in the order they were sealed. Append-only.
extension LedgerStore {
    static func createEditionLog(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE editions (
              id INTEGER PRIMARY KEY AUTOINCREMENT,
              tier TEXT NOT NULL,
              date TEXT NOT NULL,
              kind TEXT NOT NULL CHECK (kind IN ('edition', 'revision', 'retraction')),
              made TEXT NOT NULL CHECK (made IN ('live', 'backfill', 'first-build')),
              demo INTEGER NOT NULL DEFAULT 0,
              previous_hash TEXT,
              content_hash TEXT NOT NULL,
              snapshot_sha256 TEXT NOT NULL,
              bundle_path TEXT,
              bundle_date TEXT,
              bundle_bytes INTEGER,
              bundle_sha256 TEXT,
              index_summary TEXT NOT NULL,
              feed_summary TEXT NOT NULL,
              price_basis TEXT NOT NULL,
              reason TEXT,
              supersedes INTEGER REFERENCES editions(id),
              sealed_at TEXT NOT NULL
            );
            CREATE UNIQUE INDEX editions_one_per_day ON editions(tier, date) WHERE kind = 'edition' AND demo = 0;
            CREATE UNIQUE INDEX editions_one_hash ON editions(content_hash);
            CREATE TRIGGER editions_never_change BEFORE UPDATE ON editions
              BEGIN SELECT RAISE(ABORT, 'the edition log is append-only: a sealed edition never changes'); END;
            CREATE TRIGGER editions_never_go BEFORE DELETE ON editions
              BEGIN SELECT RAISE(ABORT, 'the edition log is append-only: a sealed edition is never removed'); END;
            """)
    }

    /// Every row of the log, oldest first; one tier's when `tier` is given.
    public func sealedEditions(tier: TierID? = nil) throws -> [SealedEdition] {
        try queue.read { db in
            var request = SealedEdition.order(Column("id"))
            if let tier { request = request.filter(Column("tier") == tier.value) }
            return try request.fetchAll(db)
        }
    }

    /// The log's size and each tier's newest content hash, in tier order, without reading a
    /// row: what a build's no-op check compares (`SealedLog.mark`), whatever the log's length.
    /// Demo editions count only with `includingDemo`.
    public func editionLogMark(includingDemo: Bool) throws -> (count: Int, mark: String) {
        try queue.read { db in
            let only = includingDemo ? "" : "WHERE demo = 0"
            let count = try Int.fetchOne(db, sql: "SELECT count(*) FROM editions \(only)") ?? 0
            let heads = try String.fetchAll(db, sql: """
                SELECT content_hash FROM editions WHERE id IN (SELECT max(id) FROM editions \(only) GROUP BY tier) ORDER BY tier
                """)
            return (count, "\(count) " + heads.joined(separator: ","))
        }
    }

    /// Seals `editions` in one transaction, stamped with the command's clock, in the order given.
    /// A day of a tier already sealed is refused (`editions_one_per_day`): nothing is sealed then.
    @discardableResult
    public func seal(_ editions: [SealedEdition]) throws -> [SealedEdition] {
        guard !editions.isEmpty else { return [] }
        let stamp = LedgerStore.timestamp(clock.now)
        return try write { db in
            try editions.map { edition in
                var row = edition
                row.sealedAt = stamp
                // `inserted` hands back the row with the id SQLite gave it.
                return try row.inserted(db)
            }
        }
    }
}
