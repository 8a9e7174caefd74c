import Core
import Foundation
import Ledger
import Publishing

/// A store from before the edition log (an `index.json` per tier), turned into log rows once:
/// every edition in date order, each kept bundle checked against the SHA-256 its edition names.
/// Their manifests name no predecessor, so the chain starts with the first edition sealed after.
struct EditionMigration {
    let store: EditionStore

    func rows() throws(BuildError) -> [SealedEdition] {
        var rows: [SealedEdition] = []
        for tier in store.tiersOnDisk {
            guard let index = try store.legacyIndex(tier) else {
                if store.holdsEditions(tier) { throw .editionLog(.unindexedStore(folder: store.folder(tier).path)) }
                continue
            }
            var first = true
            for entry in index.sorted(by: { $0.date < $1.date }) {
                rows.append(try row(entry, of: tier, first: first))
                first = false
            }
        }
        return rows
    }

    func row(_ entry: EditionStore.IndexEntry, of tier: TierID, first: Bool) throws(BuildError) -> SealedEdition {
        let file = store.folder(tier).appendingPathComponent("\(entry.date).json")
        guard let data = FileManager.default.contents(atPath: file.path), let snapshot = try? JSONDecoder().decode(EditionSnapshot.self, from: data) else {
            throw .editionLog(.editionMissing(path: file.path))
        }
        let sha256 = Hex.sha256([UInt8](data))
        var row = SealedEdition(tier: tier, date: entry.date, made: first ? .firstBuild : .live, previousHash: nil, contentHash: sha256, snapshotSHA256: sha256,
                                indexSummary: entry.summaries.indexSummary, feedSummary: entry.summaries.feedSummary)
        guard let bundle = snapshot.bundle else {
            row.made = first ? .firstBuild : .backfill
            return row
        }
        // bundles/<tier>/<date>/<tier>-<date>.zip
        let parts = bundle.path.split(separator: "/")
        guard parts.count == 4, let date = Day(iso: String(parts[2])) else { throw .editionLog(.bundleChanged(path: bundle.path)) }
        let kept = store.folder(tier).appendingPathComponent("bundles/\(date)")
        guard let zip = FileManager.default.contents(atPath: kept.appendingPathComponent(String(parts[3])).path),
              Hex.sha256([UInt8](zip)) == bundle.sha256,
              let manifest = FileManager.default.contents(atPath: kept.appendingPathComponent("manifest.json").path) else {
            throw .editionLog(.bundleChanged(path: kept.appendingPathComponent(String(parts[3])).path))
        }
        return SealedEdition(tier: tier, date: entry.date, made: .live, previousHash: nil, contentHash: Hex.sha256([UInt8](manifest)),
                             snapshotSHA256: sha256, bundle: bundle, bundleDate: date.iso, indexSummary: row.indexSummary, feedSummary: row.feedSummary)
    }
}
