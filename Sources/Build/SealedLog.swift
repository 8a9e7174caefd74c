import Core
import Ledger
import Tiers

/// What the edition log has sealed, by tier, as a build reads it once before it streams: the
/// archive each tier shows, the days that are never made again, and each chain's head.
struct SealedLog: Sendable {
    private let rows: [TierID: [SealedEdition]]

    init(_ rows: [SealedEdition]) {
        self.rows = Dictionary(grouping: rows, by: \.tier)
    }

    func rows(_ tier: TierID) -> [SealedEdition] { rows[tier] ?? [] }
    var all: [SealedEdition] { rows.values.flatMap { $0 } }

    /// The edition of `tier` for `day` as first published.
    func edition(_ tier: TierID, _ day: Day) -> SealedEdition? {
        rows(tier).first { $0.kind == .edition && $0.date == day.iso }
    }

    /// The hash of `tier`'s newest edition with a bundle: what the next one's manifest names.
    func head(_ tier: TierID) -> String? { headRow(tier)?.contentHash }

    /// `tier`'s newest edition with a bundle: where its bundle is, and its hash (the chain's head).
    func headBundle(_ tier: TierID) -> (path: BundlePath, hash: String)? {
        guard let row = headRow(tier), let path = row.bundlePath.flatMap(BundlePath.init(archivePath:)) else { return nil }
        return (path, row.contentHash)
    }

    private func headRow(_ tier: TierID) -> SealedEdition? { rows(tier).last { $0.bundle != nil } }

    /// Build dates whose bundle of `tier` is sealed, oldest first.
    func bundleDates(_ tier: TierID) -> [Day] {
        rows(tier).compactMap { $0.kind == .edition && $0.bundle != nil ? $0.bundleDate.flatMap(Day.init(iso:)) : nil }.sorted()
    }

    /// Every sealed bundle of `tier`, revisions included, by date.
    func bundles(_ tier: TierID) -> [BundlePath] {
        rows(tier).compactMap { $0.bundlePath.flatMap(BundlePath.init(archivePath:)) }.sorted { ($0.date, $0.revision ?? 0) < ($1.date, $1.revision ?? 0) }
    }

    /// The revisions of `tier`'s edition of `day` sealed so far.
    func revisions(_ tier: TierID, _ day: Day) -> Int { rows(tier).filter { $0.kind == .revision && $0.date == day.iso }.count }

    /// Every sealed bundle, as the ledger records an artifact.
    var artifacts: [LedgerStore.Artifact] {
        rows.values.joined().compactMap { row in
            row.bundle.flatMap { bundle in row.bundleDate.map { LedgerStore.Artifact(tier: row.tier, date: $0, path: bundle.path, bytes: bundle.bytes, sha256: bundle.sha256) } }
        }
    }

    var isEmpty: Bool { rows.isEmpty }
    /// The log as a build's inputs see it: a build after another sealed something is not a no-op.
    var mark: String { "\(count) " + rows.keys.sorted().map { rows[$0]!.last?.contentHash ?? "" }.joined(separator: ",") }
    var count: Int { rows.values.map(\.count).reduce(0, +) }
}
