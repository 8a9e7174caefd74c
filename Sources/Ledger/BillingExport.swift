import Foundation
import GRDB

/// `billing export`: the month's per-subscriber usage events as JSON Lines for Stripe's
/// Billing Meters or Lago. Each event goes to each target once (recorded in `exports`)
/// unless `resend` is set; the idempotency key is the event's `identifier`/`transaction_id`,
/// so even a resent event is deduplicated by the service within its window.
public enum BillingTarget: String, Sendable, CaseIterable { case stripe, lago }

extension LedgerStore {
    public struct ExportBatch: Sendable {
        public var batch: String
        public var lines: [String]
        public var skippedAsExported: Int
    }

    public func exportEvents(period: String, target: BillingTarget, resend: Bool = false, now: Date = Date()) throws -> ExportBatch {
        let (start, end) = try BillingReport.bounds(period)
        let stamp = LedgerStore.timestamp(now)
        let batch = "\(target.rawValue)-\(period)-\(stamp)"
        return try write { db in
            let rows = try Row.fetchAll(db, sql: """
                SELECT e.*, s.external_id,
                       EXISTS (SELECT 1 FROM exports x WHERE x.event_id = e.id AND x.target = ?) AS exported
                FROM usage_events e JOIN subscribers s ON s.id = e.subscriber_id
                WHERE e.occurred_at >= ? AND e.occurred_at < ? AND e.event IN (?, ?)
                ORDER BY e.occurred_at, e.id
                """, arguments: [target.rawValue, start, end, UsageEvent.delivered, UsageEvent.downloaded])
            var lines: [String] = []
            var skipped = 0
            for row in rows {
                if (row["exported"] as Bool) && !resend { skipped += 1; continue }
                let stored = Self.storedEvent(row)
                lines.append(try Self.exportLine(stored.event, externalID: row["external_id"], target: target))
                try db.execute(sql: "INSERT INTO exports (event_id, target, batch, exported_at) VALUES (?, ?, ?, ?)",
                               arguments: [stored.id, target.rawValue, batch, stamp])
            }
            return ExportBatch(batch: batch, lines: lines, skippedAsExported: skipped)
        }
    }

    /// How many events of the period have been exported to `target` at least once.
    public func exportedCount(period: String, target: BillingTarget) throws -> Int {
        let (start, end) = try BillingReport.bounds(period)
        return try queue.read { db in
            try Int.fetchOne(db, sql: """
                SELECT COUNT(DISTINCT x.event_id) FROM exports x JOIN usage_events e ON e.id = x.event_id
                WHERE x.target = ? AND e.occurred_at >= ? AND e.occurred_at < ?
                """, arguments: [target.rawValue, start, end]) ?? 0
        }
    }

    static func exportLine(_ event: UsageEvent, externalID: String, target: BillingTarget) throws -> String {
        guard let timestamp = UTCTime.unix(event.occurredAt) else { throw LedgerError("event \(event.idempotencyKey) has no valid time") }
        let code = event.event.replacingOccurrences(of: ".", with: "_")
        let object: [String: Any]
        switch target {
        case .stripe:
            object = ["event_name": code, "identifier": event.idempotencyKey, "timestamp": timestamp,
                      "payload": ["stripe_customer_id": externalID, "value": String(event.value)]]
        case .lago:
            var properties: [String: Any] = ["value": event.value]
            if let bytes = event.properties["bytes"].flatMap({ Int($0) }) { properties["bytes"] = bytes }
            if let tier = event.properties["tier"] { properties["tier"] = tier }
            object = ["transaction_id": event.idempotencyKey, "external_subscription_id": externalID, "code": code,
                      "timestamp": timestamp, "properties": properties]
        }
        let data = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])
        return String(decoding: data, as: UTF8.self)
    }
}
