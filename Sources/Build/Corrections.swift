import Core
import Foundation
import Ledger
import Project

/// `editions revise` and `editions retract`: a published edition is never changed; a correction
/// is a new row of the edition log that names the one it supersedes, shown on that edition's
/// report. Both end with the newest day built again, so the site shows the correction at once.
public struct Corrections {
    public var options: BuildOptions

    public init(options: BuildOptions) { self.options = options }

    /// Makes `tier`'s edition of `day` again from today's data, as a revision with a bundle of
    /// its own (`bundles/<tier>/<date>/r<N>/`) beside the edition as first published.
    public func revise(_ day: Day, tier: TierID, reason: String) throws(BuildError) -> BuildSummary {
        let original = try edition(day, tier: tier, reason: reason)
        var revising = options
        revising.asOf = Day(iso: original.bundleDate ?? original.date)
        revising.revising = .init(tier: tier, reason: reason.trimmingCharacters(in: .whitespacesAndNewlines))
        let summary = try Build(options: revising).run()
        _ = try buildNewest()
        return summary
    }

    /// Marks `tier`'s edition of `day` as withdrawn: it stays published, and its report says so.
    public func retract(_ day: Day, tier: TierID, reason: String) throws(BuildError) -> BuildSummary {
        let original = try edition(day, tier: tier, reason: reason)
        let why = reason.trimmingCharacters(in: .whitespacesAndNewlines)
        do {
            let lock = try ProjectLock(StateDirectory(project: options.root).url.appendingPathComponent("build.lock"))
            defer { lock.release() }
            let ledger = try LedgerStore(path: ledgerPath, clock: options.clock)
            guard try !ledger.sealedEditions(tier: tier).contains(where: { $0.kind == .retraction && $0.supersedes == original.id }) else {
                throw BuildError.editionLog(.alreadyRetracted(tier: tier, date: day))
            }
            try ledger.seal([SealedEdition(tier: tier, date: original.date, kind: .retraction, made: .live, previousHash: nil,
                                           contentHash: Hex.sha256(Array("retraction\n\(tier)\n\(original.date)\n\(original.contentHash)\n\(why)\n".utf8)),
                                           snapshotSHA256: original.snapshotSHA256, indexSummary: original.indexSummary, feedSummary: original.feedSummary,
                                           reason: why, supersedes: original.id)])
        } catch let error as BuildError { throw error } catch { throw .ledger(path: ledgerPath, LedgerError(error)) }
        return try buildNewest()
    }

    var ledgerPath: String { options.ledger ?? StateDirectory(project: options.root).ledger.path }

    /// The edition as first published, and a reason worth the name.
    func edition(_ day: Day, tier: TierID, reason: String) throws(BuildError) -> SealedEdition {
        guard !reason.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else { throw .editionLog(.reasonRequired(given: reason)) }
        let rows: [SealedEdition]
        do { rows = try LedgerStore(path: ledgerPath, clock: options.clock).sealedEditions(tier: tier) } catch {
            throw .ledger(path: ledgerPath, LedgerError(error))
        }
        guard let original = rows.first(where: { $0.kind == .edition && $0.date == day.iso }) else {
            throw .editionLog(.noSuchEdition(tier: tier, date: day, sealed: rows.filter { $0.kind == .edition }.map(\.date)))
        }
        return original
    }

    /// The newest day with a sealed bundle, built again: every sealed edition is republished as it was.
    func buildNewest() throws(BuildError) -> BuildSummary {
        let rows: [SealedEdition]
        do { rows = try LedgerStore(path: ledgerPath, clock: options.clock).sealedEditions() } catch { throw .ledger(path: ledgerPath, LedgerError(error)) }
        var newest = options
        newest.asOf = rows.compactMap { $0.kind == .edition ? $0.bundleDate.flatMap(Day.init(iso:)) : nil }.max() ?? options.asOf
        return try Build(options: newest).run()
    }
}
