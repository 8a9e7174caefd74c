import Core
import MarketData

/// Where a tier's bundle for one day is published, relative to the site root:
/// `bundles/<tier>/<date>/<tier>-<date>.zip` beside `manifest.json` and `manifest.sig`.
public struct BundlePath: Sendable, Equatable {
    public var tier: TierID
    public var date: Day

    public init(tier: TierID, date: Day) {
        self.tier = tier
        self.date = date
    }

    public var folder: String { "bundles/\(tier)/\(date)" }
    public var archiveName: String { "\(tier)-\(date).zip" }
    public var archive: String { "\(folder)/\(archiveName)" }
    public var manifest: String { "\(folder)/manifest.json" }
    public var signature: String { "\(folder)/manifest.sig" }
}
