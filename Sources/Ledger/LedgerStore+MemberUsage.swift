import Foundation
import GRDB

extension LedgerStore {
    /// One subscriber's use of the members' area and the bundles in a month.
    public struct MemberUsage: Sendable, Equatable, Encodable {
        public var subscriber: String
        public var signIns: Int
        public var pageViews: Int
        public var feedFetches: Int
        public var downloads: Int

        enum CodingKeys: String, CodingKey {
            case subscriber, signIns = "sign_ins", pageViews = "page_views", feedFetches = "feed_fetches", downloads
        }
    }

    /// A subscriber whose members' tokens were used from more networks in one day than allowed.
    public struct SharedToken: Sendable, Equatable, Encodable {
        public var subscriber: String
        /// UTC, `YYYY-MM-DD`.
        public var day: String
        public var networks: [String]
    }

    /// Each subscriber's sign-ins, page views, feed fetches and downloads in `period` (`YYYY-MM`).
    public func memberUsage(period: String) throws -> [MemberUsage] {
        let (start, end) = try BillingReport.bounds(period)
        return try queue.read { db in
            try Row.fetchAll(db, sql: """
                SELECT subscriber_id,
                       SUM(event = ?) AS sign_ins, SUM(event = ?) AS page_views, SUM(event = ?) AS feed_fetches, SUM(event = ?) AS downloads
                FROM usage_events
                WHERE subscriber_id IS NOT NULL AND occurred_at >= ? AND occurred_at < ? AND event IN (?, ?, ?, ?)
                GROUP BY subscriber_id ORDER BY subscriber_id
                """, arguments: [UsageEvent.Name.signedIn.rawValue, UsageEvent.Name.pageViewed.rawValue, UsageEvent.Name.feedFetched.rawValue,
                                 UsageEvent.Name.downloaded.rawValue, start, end, UsageEvent.Name.signedIn.rawValue, UsageEvent.Name.pageViewed.rawValue,
                                 UsageEvent.Name.feedFetched.rawValue, UsageEvent.Name.downloaded.rawValue])
                .map { MemberUsage(subscriber: $0[0], signIns: $0[1], pageViews: $0[2], feedFetches: $0[3], downloads: $0[4]) }
        }
    }

    /// The days of `period` on which a subscriber's members' tokens (sign-ins, pages, private
    /// feeds) came from more than `maxNetworks` networks: a shared link, cookie or feed address.
    public func sharedTokens(period: String, maxNetworks: Int) throws -> [SharedToken] {
        let (start, end) = try BillingReport.bounds(period)
        let names = UsageEvent.Name.members.map(\.rawValue)
        return try queue.read { db in
            let rows = try Row.fetchAll(db, sql: """
                SELECT subscriber_id, substr(occurred_at, 1, 10) AS day, json_extract(properties, '$.network') AS network
                FROM usage_events
                WHERE subscriber_id IS NOT NULL AND occurred_at >= ? AND occurred_at < ? AND event IN (?, ?, ?) AND network IS NOT NULL
                GROUP BY subscriber_id, day, network ORDER BY day, subscriber_id, network
                """, arguments: StatementArguments([start, end] + names))
            var shared: [SharedToken] = []
            for row in rows {
                let (subscriber, day, network): (String, String, String) = (row[0], row[1], row[2])
                if let last = shared.last, last.subscriber == subscriber, last.day == day {
                    shared[shared.count - 1].networks.append(network)
                } else {
                    shared.append(SharedToken(subscriber: subscriber, day: day, networks: [network]))
                }
            }
            return shared.filter { $0.networks.count > maxNetworks }
        }
    }
}
