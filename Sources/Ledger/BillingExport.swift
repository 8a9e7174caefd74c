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

    /// The period's events not yet exported to `target` (all of them with `resend`), handed to
    /// `deliver` as JSON lines; they are marked exported only when `deliver` returns, in the same
    /// transaction, so output that could not be written marks nothing.
    public func exportEvents(period: String, target: BillingTarget, resend: Bool = false,
                             deliver: ([String]) throws -> Void = { _ in }) throws -> ExportBatch {
        let (start, end) = try BillingReport.bounds(period)
        let stamp = LedgerStore.timestamp(clock.now)
        let batch = "\(target.rawValue)-\(period)-\(stamp)"
        return try write { db in
            let candidates = try ExportCandidate.fetchAll(db, sql: """
                SELECT e.*, s.external_id,
                       EXISTS (SELECT 1 FROM exports x WHERE x.event_id = e.id AND x.target = ?) AS exported
                FROM usage_events e JOIN subscribers s ON s.id = e.subscriber_id
                WHERE e.occurred_at >= ? AND e.occurred_at < ? AND e.event IN (?, ?, ?, ?)
                ORDER BY e.occurred_at, e.id
                """, arguments: [target, start, end, UsageEvent.Name.delivered, UsageEvent.Name.downloaded, UsageEvent.Name.emailSent, UsageEvent.Name.alertSent])
            var lines: [String] = []
            var skipped = 0
            for candidate in candidates {
                if candidate.exported && !resend { skipped += 1; continue }
                let stored = candidate.event.stored
                lines.append(try Self.exportLine(stored.event, externalID: candidate.externalID, target: target))
                try ExportRow(eventID: stored.id, target: target, batch: batch, exportedAt: stamp).insert(db)
            }
            try deliver(lines)
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
        guard let timestamp = UTCTime.unix(event.occurredAt) else { throw LedgerError.eventWithoutTime(key: event.idempotencyKey) }
        let code = event.event.rawValue.replacingOccurrences(of: ".", with: "_")
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let data: Data
        switch target {
        case .stripe:
            data = try encoder.encode(StripeMeterEvent(eventName: code, identifier: event.idempotencyKey, timestamp: timestamp,
                                                       payload: .init(stripeCustomerID: externalID, value: String(event.value))))
        case .lago:
            data = try encoder.encode(LagoEvent(transactionID: event.idempotencyKey, externalSubscriptionID: externalID, code: code, timestamp: timestamp,
                                                properties: .init(value: event.value, bytes: event.properties["bytes"].flatMap { Int($0) },
                                                                  tier: event.properties["tier"])))
        }
        return String(decoding: data, as: UTF8.self)
    }
}

/// A Stripe billing meter event, as `POST /v1/billing/meter_events` takes it.
struct StripeMeterEvent: Encodable {
    struct Payload: Encodable {
        var stripeCustomerID: String
        var value: String

        enum CodingKeys: String, CodingKey { case stripeCustomerID = "stripe_customer_id", value }
    }

    var eventName: String
    var identifier: String
    var timestamp: Int
    var payload: Payload

    enum CodingKeys: String, CodingKey { case eventName = "event_name", identifier, timestamp, payload }
}

/// A Lago usage event, as `POST /api/v1/events` takes it.
struct LagoEvent: Encodable {
    struct Properties: Encodable {
        var value: Int
        var bytes: Int?
        var tier: String?
    }

    var transactionID: String
    var externalSubscriptionID: String
    var code: String
    var timestamp: Int
    var properties: Properties

    enum CodingKeys: String, CodingKey {
        case transactionID = "transaction_id", externalSubscriptionID = "external_subscription_id", code, timestamp, properties
    }
}
