import Core
import Foundation
import GRDB

/// Prices the ledger bills by, from `site.yml`: per tier, a monthly base and a price per download.
public struct TierPrice: Sendable, Equatable {
    public var tier: TierID
    /// The tier's rank (`Entitlements.rank`): a day held at two tiers bills the higher.
    public var rank: Int
    public var baseCents: Int
    public var downloadCents: Int

    public init(tier: TierID, rank: Int, baseCents: Int, downloadCents: Int) {
        self.tier = tier
        self.rank = rank
        self.baseCents = baseCents
        self.downloadCents = downloadCents
    }
}

/// One month's bill, in integer cents, from the ledger's events alone.
public struct BillingReport: Sendable, Equatable {
    public struct Line: Sendable, Equatable, Encodable {
        public var subscriber: String
        public var externalID: String
        public var tier: TierID
        /// The monthly price prorated by the days the subscriber was active.
        public var baseCents: Int
        public var activeDays: Int
        public var periodDays: Int
        public var reportsDelivered: Int
        /// Email editions the subscriber's mail server accepted, and alerts their own endpoints accepted.
        public var emailsSent = 0
        public var alertsSent = 0
        public var downloads: Int
        public var downloadBytes: Int
        public var downloadCents: Int
        public var totalCents: Int { baseCents + downloadCents }

        enum CodingKeys: String, CodingKey {
            case subscriber, tier
            case externalID = "external_id", baseCents = "base_cents", reportsDelivered = "reports_delivered"
            case emailsSent = "emails_sent", alertsSent = "alerts_sent"
            case activeDays = "active_days", periodDays = "period_days"
            case downloads, downloadBytes = "download_bytes", downloadCents = "download_cents", totalCents = "total_cents"
        }

        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(subscriber, forKey: .subscriber)
            try container.encode(externalID, forKey: .externalID)
            try container.encode(tier, forKey: .tier)
            try container.encode(baseCents, forKey: .baseCents)
            try container.encode(activeDays, forKey: .activeDays)
            try container.encode(periodDays, forKey: .periodDays)
            try container.encode(reportsDelivered, forKey: .reportsDelivered)
            try container.encode(emailsSent, forKey: .emailsSent)
            try container.encode(alertsSent, forKey: .alertsSent)
            try container.encode(downloads, forKey: .downloads)
            try container.encode(downloadBytes, forKey: .downloadBytes)
            try container.encode(downloadCents, forKey: .downloadCents)
            try container.encode(totalCents, forKey: .totalCents)
        }
    }

    public var period: String
    public var lines: [Line]
    public var totalCents: Int { lines.reduce(0) { $0 + $1.totalCents } }

    /// The start of each UTC day of `[start, end)`, as ledger timestamps.
    static func days(from start: String, to end: String) -> [String] {
        guard var day = Day(iso: start.prefix(10)), let last = Day(iso: end.prefix(10)) else { return [] }
        var result: [String] = []
        while day < last {
            result.append(day.iso + "T00:00:00Z")
            day = day.adding(days: 1)
        }
        return result
    }

    /// `YYYY-MM` to its UTC bounds `[start, end)` as ledger timestamps.
    public static func bounds(_ period: String) throws -> (start: String, end: String) {
        let parts = period.split(separator: "-")
        guard parts.count == 2, parts[0].count == 4, parts[1].count == 2, let year = Int(parts[0]), let month = Int(parts[1]) else {
            throw LedgerError.periodNotAMonth(period)
        }
        guard (1...12).contains(month) else { throw LedgerError.noSuchMonth(period: period, month: String(parts[1])) }
        guard (1970...9998).contains(year) else { throw LedgerError.yearBefore1970(period: period) }
        let next = month == 12 ? String(format: "%04d-01", year + 1) : String(format: "%04d-%02d", year, month + 1)
        return (period + "-01T00:00:00Z", next + "-01T00:00:00Z")
    }
}

extension LedgerStore {
    /// Per subscriber, from the audit trail and the events alone: the base price prorated by day
    /// (a day counts, at the highest tier held that day, when the subscriber was active at any
    /// moment of it: the monthly price times its share of the month's days, as Stripe prorates),
    /// and deliveries and downloads only while active, downloads at the price of the tier in the
    /// bundle's path.
    public func billingReport(period: String, prices: [TierPrice]) throws -> BillingReport {
        let (start, end) = try BillingReport.bounds(period)
        let days = BillingReport.days(from: start, to: end)
        let price = Dictionary(prices.map { ($0.tier, $0) }, uniquingKeysWith: { first, _ in first })
        let rank = Dictionary(prices.map { ($0.tier, $0.rank) }, uniquingKeysWith: { first, _ in first })
        let highest = { (tiers: [TierID]) in tiers.max { (rank[$0] ?? -1) < (rank[$1] ?? -1) } }
        return try queue.read { db in
            var lines: [BillingReport.Line] = []
            for subscriber in try Subscriber.order(Column("id")).fetchAll(db) {
                let trail = try AuditEntry.filter(Column("subscriber_id") == subscriber.id).order(Column("id")).fetchAll(db)
                let history = SubscriptionHistory(trail, current: subscriber)
                var dayCents: [Int] = [], held: [TierID] = []
                for (dayStart, dayEnd) in zip(days, days.dropFirst() + [end]) {
                    guard let tier = highest(history.activeTiers(from: dayStart, to: dayEnd)) else { continue }
                    dayCents.append(price[tier]?.baseCents ?? 0)
                    held.append(tier)
                }
                let events = try BilledEvent.fetchAll(db, sql: """
                    SELECT event, occurred_at, value, COALESCE(json_extract(properties, '$.tier'), ?) AS tier,
                           COALESCE(CAST(json_extract(properties, '$.bytes') AS INTEGER), 0) AS bytes
                    FROM usage_events WHERE event IN (?, ?, ?, ?) AND subscriber_id = ? AND occurred_at >= ? AND occurred_at < ?
                    ORDER BY occurred_at, id
                    """, arguments: [subscriber.tier, UsageEvent.Name.delivered, UsageEvent.Name.downloaded, UsageEvent.Name.emailSent,
                                     UsageEvent.Name.alertSent, subscriber.id, start, end])
                    .filter { history.isActive(at: $0.occurredAt) }
                let delivered = events.filter { $0.event == UsageEvent.Name.delivered.rawValue }
                let downloads = events.filter { $0.event == UsageEvent.Name.downloaded.rawValue }
                let count = { (name: UsageEvent.Name) in events.filter { $0.event == name.rawValue }.count }
                guard !held.isEmpty || !events.isEmpty else { continue }
                // Integer cents, rounded half up: the sum of each day's price over the month's days.
                let base = Int.saturatingSum(dayCents).saturatingProduct(2).saturatingAdding(days.count) / (2 * days.count)
                lines.append(BillingReport.Line(
                    subscriber: subscriber.id, externalID: subscriber.externalID,
                    tier: highest(held) ?? highest(events.map(\.tier)) ?? subscriber.tier, baseCents: base,
                    activeDays: held.count, periodDays: days.count, reportsDelivered: delivered.count,
                    downloads: Int.saturatingSum(downloads.map(\.value)), downloadBytes: Int.saturatingSum(downloads.map(\.bytes)),
                    downloadCents: Int.saturatingSum(downloads.map { $0.value.saturatingProduct(price[$0.tier]?.downloadCents ?? 0) })))
                lines[lines.count - 1].emailsSent = count(.emailSent)
                lines[lines.count - 1].alertsSent = count(.alertSent)
            }
            return BillingReport(period: period, lines: lines)
        }
    }
}

/// A delivery or download as billing reads it.
struct BilledEvent: Decodable, FetchableRecord {
    var event: String
    var occurredAt: String
    var value: Int
    var tier: TierID
    var bytes: Int

    enum CodingKeys: String, CodingKey { case event, value, tier, bytes, occurredAt = "occurred_at" }
}

extension Int {
    /// The sum, held at `Int.max` or `Int.min` rather than trapping.
    static func saturatingSum(_ values: [Int]) -> Int {
        values.reduce(0) { total, value in
            let (sum, overflow) = total.addingReportingOverflow(value)
            return overflow ? (value > 0 ? .max : .min) : sum
        }
    }

    /// The sum, held at `Int.max` or `Int.min` rather than trapping.
    func saturatingAdding(_ other: Int) -> Int { Int.saturatingSum([self, other]) }

    /// The product, held at `Int.max` or `Int.min` rather than trapping.
    func saturatingProduct(_ other: Int) -> Int {
        let (product, overflow) = multipliedReportingOverflow(by: other)
        return overflow ? ((self < 0) == (other < 0) ? .max : .min) : product
    }
}
