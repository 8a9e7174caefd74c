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
    public func record(_ events: [UsageEvent], now: Date = Date()) throws -> RecordResult {
        try write { db in try record(events, in: db, now: now) }
    }

    func record(_ events: [UsageEvent], in db: Database, now: Date) throws -> RecordResult {
        var result = RecordResult()
        let stamp = LedgerStore.timestamp(now)
        let lookup = try db.cachedStatement(sql: "SELECT payload_sha256 FROM usage_events WHERE idempotency_key = ?")
        let insert = try db.cachedStatement(sql: """
            INSERT INTO usage_events (idempotency_key, event, subscriber_id, value, occurred_at, source, properties, payload_sha256, recorded_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
            """)
        for event in events {
            let payload = event.payloadSHA256
            if let stored = try String.fetchOne(lookup, arguments: [event.idempotencyKey]) {
                guard stored == payload else {
                    throw LedgerError("usage event \(event.idempotencyKey) is already recorded with a different payload; refusing to overwrite it")
                }
                result.duplicates += 1
                continue
            }
            try insert.execute(arguments: [event.idempotencyKey, event.event, event.subscriber, event.value, event.occurredAt, event.source,
                                           event.propertiesJSON, payload, stamp])
            result.recorded += 1
        }
        return result
    }

    /// Events that occurred in `[from, to)` (UTC timestamps), in recording order.
    public func events(from: String = "", to: String = "9999") throws -> [StoredEvent] {
        try queue.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM usage_events WHERE occurred_at >= ? AND occurred_at < ? ORDER BY id",
                             arguments: [from, to]).map(Self.storedEvent)
        }
    }

    public func eventCount() throws -> Int { try queue.read { try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM usage_events") ?? 0 } }

    static func storedEvent(_ row: Row) -> StoredEvent {
        let json: String = row["properties"]
        let properties = (try? JSONSerialization.jsonObject(with: Data(json.utf8))) as? [String: String] ?? [:]
        var event = UsageEvent(event: row["event"], subscriber: row["subscriber_id"], value: row["value"], occurredAt: row["occurred_at"],
                               source: row["source"], properties: properties, fact: [])
        event.idempotencyKey = row["idempotency_key"]
        return StoredEvent(id: row["id"], event: event)
    }
}
