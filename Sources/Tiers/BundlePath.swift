import Core
import MarketData

/// Where a tier's bundle for one day is published, relative to the site root:
/// `bundles/<tier>/<date>/<tier>-<date>.zip` beside `manifest.json` and `manifest.sig`; a
/// revision of that day's edition (`editions revise`) in `bundles/<tier>/<date>/r<N>/`, so the
/// edition as first published stays where subscribers' links lead.
public struct BundlePath: Sendable, Equatable, Hashable {
    public var tier: TierID
    public var date: Day
    /// 1 for the first revision of the day's edition; nil for the edition as first published.
    public var revision: Int?

    public init(tier: TierID, date: Day, revision: Int? = nil) {
        self.tier = tier
        self.date = date
        self.revision = revision
    }

    /// The bundle whose zip is at `path` (`bundles/<tier>/<date>[/r<N>]/<tier>-<date>.zip`).
    public init?(archivePath path: String) {
        let parts = path.split(separator: "/").map(String.init)
        guard (parts.count == 4 || parts.count == 5), parts[0] == "bundles", let date = Day(iso: parts[2]) else { return nil }
        let revision = parts.count == 5 ? Int(parts[3].dropFirst()) : nil
        guard parts.count == 4 || (parts[3].hasPrefix("r") && revision != nil) else { return nil }
        self.init(tier: TierID(stringLiteral: parts[1]), date: date, revision: revision)
    }

    public var folder: String { "bundles/\(tier)/\(date)" + (revision.map { "/r\($0)" } ?? "") }
    public var archiveName: String { "\(tier)-\(date).zip" }
    public var archive: String { "\(folder)/\(archiveName)" }
    public var manifest: String { "\(folder)/manifest.json" }
    public var signature: String { "\(folder)/manifest.sig" }
    /// The RFC 3161 token over the manifest's hash, for an edition that was a chain head (`archive.timestamp`).
    public var timestamp: String { "\(folder)/\(Self.timestampName)" }
    public static let timestampName = "timestamp.tsr"
}
