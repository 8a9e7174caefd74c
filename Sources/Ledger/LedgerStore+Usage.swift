import Foundation
import GRDB

extension LedgerStore {
    public struct RecordResult: Sendable, Equatable {
        public var recorded = 0
        public var duplicates = 0

        public init(recorded: Int = 0, duplicates: Int = 0) {
            self.recorded = recorded
            self.duplicates = duplicates
        }
    }

    /// Records events in one transaction. An event whose key is already stored with the same
    /// payload is a duplicate and skipped; the same key with a different payload is refused,
    /// and nothing of the batch is recorded.
    @discardableResult
    public func record(_ events: [UsageEvent]) throws -> RecordResult {
        try write { db in try record(events, in: db, now: clock.now) }
    }

    func record(_ events: [UsageEvent], in db: Database, now: Date) throws -> RecordResult {
        var result = RecordResult()
        let stamp = LedgerStore.timestamp(now)
        let lookup = try db.cachedStatement(sql: "SELECT payload_sha256 FROM usage_events WHERE idempotency_key = ?")
        for event in events {
            let record = UsageEventRecord(event, recordedAt: stamp)
            if let stored = try String.fetchOne(lookup, arguments: [event.idempotencyKey]) {
                guard stored == record.payloadSHA256 else {
                    throw LedgerError.conflictingEvent(key: event.idempotencyKey)
                }
                result.duplicates += 1
                continue
            }
            try record.insert(db)
            result.recorded += 1
        }
        return result
    }

    /// Events that occurred in `[from, to)` (UTC timestamps), in recording order.
    public func events(from: String = "", to: String = "9999") throws -> [StoredEvent] {
        try queue.read { db in
            try UsageEventRecord.filter(Column("occurred_at") >= from && Column("occurred_at") < to).order(Column("id")).fetchAll(db).map(\.stored)
        }
    }

    public func eventCount() throws -> Int { try queue.read { try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM usage_events") ?? 0 } }
}
