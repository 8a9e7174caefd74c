import Core
import Foundation
import GRDB

/// Where a tier's alerts go: an endpoint of `alerts:` in `site.yml` (no subscriber) or one a
/// subscriber added. A row of `endpoints`, so that a 410 Gone disables it for good.
public struct AlertEndpoint: Sendable, Equatable, Codable, FetchableRecord, MutablePersistableRecord {
    public static let databaseTableName = "endpoints"

    public enum Kind: String, Sendable, Codable, CaseIterable { case webhook, slack, discord, telegram }
    public enum Status: String, Sendable, Codable { case active, disabled }

    public var id: Int64?
    /// `site:<tier>:<url>` or `subscriber:<id>:<url>`: one row per place, however often it is configured.
    public var key: String
    public var subscriberID: String?
    public var tier: TierID
    public var kind: Kind
    public var url: String
    /// A subscriber's webhook secret (`whsec_...`), made when they added the endpoint; for the
    /// publisher's endpoints `$NAME`, the environment variable that holds it (or a bot's token).
    public var secret: String
    public var status: Status
    /// Why it was disabled.
    public var detail: String
    public var createdAt: String
    public var updatedAt: String

    enum CodingKeys: String, CodingKey {
        case id, key, tier, kind, url, secret, status, detail
        case subscriberID = "subscriber_id", createdAt = "created_at", updatedAt = "updated_at"
    }

    public mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}
