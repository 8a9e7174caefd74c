import MarketData
import Foundation
import GRDB

/// Prices the ledger bills by, from `site.yml`: per tier, a monthly base and a price per download.
public struct TierPrice: Sendable, Equatable {
    public var tier: TierID
    public var baseCents: Int
    public var downloadCents: Int

    public init(tier: TierID, baseCents: Int, downloadCents: Int) {
        self.tier = tier
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
        public var baseCents: Int
        public var reportsDelivered: Int
        public var downloads: Int
        public var downloadBytes: Int
        public var downloadCents: Int
        public var totalCents: Int { baseCents + downloadCents }

        enum CodingKeys: String, CodingKey {
            case subscriber, tier
            case externalID = "external_id", baseCents = "base_cents", reportsDelivered = "reports_delivered"
            case downloads, downloadBytes = "download_bytes", downloadCents = "download_cents", totalCents = "total_cents"
        }

        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(subscriber, forKey: .subscriber)
            try container.encode(externalID, forKey: .externalID)
            try container.encode(tier, forKey: .tier)
            try container.encode(baseCents, forKey: .baseCents)
            try container.encode(reportsDelivered, forKey: .reportsDelivered)
            try container.encode(downloads, forKey: .downloads)
            try container.encode(downloadBytes, forKey: .downloadBytes)
            try container.encode(downloadCents, forKey: .downloadCents)
            try container.encode(totalCents, forKey: .totalCents)
        }
    }

    public var period: String
    public var lines: [Line]
    public var totalCents: Int { lines.reduce(0) { $0 + $1.totalCents } }

    /// `YYYY-MM` to its UTC bounds `[start, end)` as ledger timestamps.
    public static func bounds(_ period: String) throws -> (start: String, end: String) {
        let parts = period.split(separator: "-")
        guard parts.count == 2, parts[0].count == 4, parts[1].count == 2, let year = Int(parts[0]), let month = Int(parts[1]) else {
            throw LedgerError("--period '\(period)' must be a month, YYYY-MM (for example 2026-11)")
        }
        guard (1...12).contains(month) else { throw LedgerError("--period '\(period)': there is no month \(parts[1]); months are 01 to 12") }
        guard (1970...9998).contains(year) else { throw LedgerError("--period '\(period)': the year must be 1970 or later") }
        let next = month == 12 ? String(format: "%04d-01", year + 1) : String(format: "%04d-%02d", year, month + 1)
        return (period + "-01T00:00:00Z", next + "-01T00:00:00Z")
    }
}

extension LedgerStore {
    /// Per subscriber: the base price of the highest tier delivered to them in the month (or of
    /// their current tier when active and nothing was delivered yet), and downloads at their tier's price.
    public func billingReport(period: String, prices: [TierPrice]) throws -> BillingReport {
        let (start, end) = try BillingReport.bounds(period)
        let price = Dictionary(prices.map { ($0.tier, $0) }, uniquingKeysWith: { first, _ in first })
        let rank = Dictionary(prices.enumerated().map { ($1.tier, $0) }, uniquingKeysWith: { first, _ in first })
        return try queue.read { db in
            var lines: [BillingReport.Line] = []
            for subscriber in try Subscriber.order(Column("id")).fetchAll(db) {
                let delivered = try TierID.fetchAll(db, sql: """
                    SELECT json_extract(properties, '$.tier') FROM usage_events
                    WHERE event = ? AND subscriber_id = ? AND occurred_at >= ? AND occurred_at < ?
                    """, arguments: [UsageEvent.Name.delivered, subscriber.id, start, end])
                // Per tier in the downloaded path (older events, recorded without one, count at the subscriber's tier).
                let byTier = try DownloadTotals.fetchAll(db, sql: """
                    SELECT COALESCE(json_extract(properties, '$.tier'), ?) AS tier, COUNT(*) AS count, COALESCE(SUM(value), 0) AS value,
                           COALESCE(SUM(CAST(json_extract(properties, '$.bytes') AS INTEGER)), 0) AS bytes
                    FROM usage_events WHERE event = ? AND subscriber_id = ? AND occurred_at >= ? AND occurred_at < ?
                    GROUP BY 1 ORDER BY 1
                    """, arguments: [subscriber.tier, UsageEvent.Name.downloaded, subscriber.id, start, end])
                let downloads = DownloadTotals(tier: subscriber.tier, count: byTier.map(\.count).reduce(0, +),
                                               value: byTier.map(\.value).reduce(0, +), bytes: byTier.map(\.bytes).reduce(0, +))
                let downloadCents = byTier.map { $0.value * (price[$0.tier]?.downloadCents ?? 0) }.reduce(0, +)
                let createdBeforeEnd = subscriber.createdAt < end
                let tier: TierID
                if let highest = delivered.max(by: { (rank[$0] ?? -1) < (rank[$1] ?? -1) }) {
                    tier = highest
                } else if subscriber.status == .active && createdBeforeEnd {
                    tier = subscriber.tier
                } else if downloads.count > 0 {
                    tier = subscriber.tier
                } else {
                    continue
                }
                let downloadCount = downloads.value
                let basePrice = delivered.isEmpty && !(subscriber.status == .active && createdBeforeEnd) ? 0 : (price[tier]?.baseCents ?? 0)
                lines.append(BillingReport.Line(subscriber: subscriber.id, externalID: subscriber.externalID, tier: tier,
                                                baseCents: basePrice, reportsDelivered: delivered.count, downloads: downloadCount,
                                                downloadBytes: downloads.bytes, downloadCents: downloadCents))
            }
            return BillingReport(period: period, lines: lines)
        }
    }
}
