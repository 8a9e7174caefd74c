import Core
import Foundation
import GRDB

/// One row of the edition log (`editions` in the ledger): an edition of one tier and day, sealed
/// once and never changed. Rows are only ever appended; SQLite triggers refuse an update or a
/// delete, so a correction is a new row (`revision` or `retraction`) that names the one it supersedes.
public struct SealedEdition: Codable, Sendable, Equatable, FetchableRecord, PersistableRecord {
    public static let databaseTableName = "editions"

    public enum Kind: String, Codable, Sendable, CaseIterable {
        /// The edition of a day as first published.
        case edition
        /// A corrected edition of a day already published: both stay downloadable.
        case revision
        /// A notice that a day's edition is withdrawn: it stays downloadable, marked.
        case retraction
    }

    /// How the edition came to be: on its own night, or made after the fact.
    public enum Made: String, Codable, Sendable, CaseIterable {
        /// By the nightly build of its own day.
        case live
        /// By `backfill`, or by a later build filling in days it had missed.
        case backfill
        /// The days of history a project's first build shows.
        case firstBuild = "first-build"

        public var isLive: Bool { self == .live }
    }

    public var id: Int64?
    public var tier: TierID
    /// The day the edition is as of (a delayed tier's is before the build's).
    public var date: String
    public var kind: Kind
    public var made: Made
    /// Made from `sample-data` (fictional tickers).
    public var demo: Bool
    /// The hash of the tier's previous edition with a bundle, which this one's signed manifest names; nil for the first.
    public var previousHash: String?
    /// SHA-256 of the signed manifest for an edition with a bundle, else of the edition file as kept.
    public var contentHash: String
    /// SHA-256 of the edition file (`<date>.json`) as kept in the edition store.
    public var snapshotSHA256: String
    /// The bundle published with it, and the build date it is filed under; nil for an edition
    /// made as history or a retraction.
    public var bundlePath: String?
    public var bundleDate: String?
    public var bundleBytes: Int?
    public var bundleSHA256: String?
    public var indexSummary: String
    public var feedSummary: String
    /// Each symbol's price basis that day: the product of every adjustment the data has seen
    /// since the tier's first edition (a 2:1 split delivered as adjusted history halves it).
    /// Kept as the column's JSON and read when asked for: a build reads every row of the log,
    /// and the basis of a few.
    public var priceBasis: [String: Double] {
        get { (try? JSONDecoder().decode([String: Double].self, from: Data(priceBasisJSON.utf8))) ?? [:] }
        set { priceBasisJSON = Self.json(newValue) }
    }
    var priceBasisJSON: String
    /// Why a revision or retraction was made.
    public var reason: String?
    /// The row a revision or retraction supersedes.
    public var supersedes: Int64?
    public var sealedAt: String

    enum CodingKeys: String, CodingKey {
        case id, tier, date, kind, made, demo, reason, supersedes
        case previousHash = "previous_hash", contentHash = "content_hash", snapshotSHA256 = "snapshot_sha256"
        case bundlePath = "bundle_path", bundleDate = "bundle_date", bundleBytes = "bundle_bytes", bundleSHA256 = "bundle_sha256"
        case indexSummary = "index_summary", feedSummary = "feed_summary", priceBasisJSON = "price_basis", sealedAt = "sealed_at"
    }

    public init(tier: TierID, date: String, kind: Kind = .edition, made: Made, demo: Bool = false, previousHash: String?, contentHash: String,
                snapshotSHA256: String, bundle: PublishedFile? = nil, bundleDate: String? = nil, indexSummary: String, feedSummary: String,
                priceBasis: [String: Double] = [:], reason: String? = nil, supersedes: Int64? = nil) {
        self.tier = tier
        self.date = date
        self.kind = kind
        self.made = made
        self.demo = demo
        self.previousHash = previousHash
        self.contentHash = contentHash
        self.snapshotSHA256 = snapshotSHA256
        (bundlePath, bundleBytes, bundleSHA256) = (bundle?.path, bundle?.bytes, bundle?.sha256)
        self.bundleDate = bundle == nil ? nil : bundleDate
        self.indexSummary = indexSummary
        self.feedSummary = feedSummary
        priceBasisJSON = Self.json(priceBasis)
        self.reason = reason
        self.supersedes = supersedes
        sealedAt = ""
    }

    /// Read column by column, not through `Decodable`: a build reads every row of the log, and
    /// decoding each through `Codable` was a part of every night that grew with the archive.
    public init(row: Row) throws {
        let (kindName, madeName): (String, String) = (row["kind"], row["made"])
        guard let kind = Kind(rawValue: kindName), let made = Made(rawValue: madeName) else {
            throw DatabaseError(resultCode: .SQLITE_MISMATCH, message: "editions row \(row["id"] as Int64? ?? 0): kind '\(kindName)' or made '\(madeName)' is not one this version knows")
        }
        (self.kind, self.made) = (kind, made)
        id = row["id"]
        tier = TierID(row["tier"] as String)
        date = row["date"]
        demo = row["demo"]
        previousHash = row["previous_hash"]
        contentHash = row["content_hash"]
        snapshotSHA256 = row["snapshot_sha256"]
        bundlePath = row["bundle_path"]
        bundleDate = row["bundle_date"]
        bundleBytes = row["bundle_bytes"]
        bundleSHA256 = row["bundle_sha256"]
        indexSummary = row["index_summary"]
        feedSummary = row["feed_summary"]
        priceBasisJSON = row["price_basis"]
        reason = row["reason"]
        supersedes = row["supersedes"]
        sealedAt = row["sealed_at"]
    }

    /// The basis as the column holds it: JSON with sorted keys.
    static func json(_ basis: [String: Double]) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return (try? encoder.encode(basis)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
    }

    public var day: Day? { Day(iso: date) }
    public var bundle: PublishedFile? {
        guard let bundlePath, let bundleBytes, let bundleSHA256 else { return nil }
        return PublishedFile(path: bundlePath, bytes: bundleBytes, sha256: bundleSHA256)
    }

    public mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}
