import Core
import Foundation
import Publishing

/// Makes a tier's editions of the report days not published before: each on disk (the calls
/// too, and the report apart, which the pages read back one at a time), and in memory only
/// their summaries and the track record's marks. Days are independent, so they are made side
/// by side. A whole market's report is 10,000 rows: held in memory, a first build's 33 were
/// 49 MB until the editions were sealed.
struct EditionMaker: Sendable {
    let renderer: SiteRenderer
    let callLog: CallLog
    /// Where editions wait until the build is published.
    let pending: URL
    let jobs: Int
    let problems: ProblemList
    /// The trading days of the build's data, oldest first: whether an edition follows the one before on the next bar.
    let tradingDays: [Day]
    /// Whether the edition of the build's own day is published on its night (the others are history).
    let publishesLive: Bool

    func make(_ tier: TierOutput) {
        let edition = tier.edition
        let fresh = edition.reportDays.filter { edition.archive.summaries[$0] == nil }
        let madeNow = Slots<(marks: EditionMarks, summaries: EditionArchive.Summaries)?>(count: fresh.count)
        Parallel.forEach(fresh.count, jobs: jobs) { slot in madeNow.set(slot, make(fresh[slot], of: edition)) }
        var summaries: [Day: EditionArchive.Summaries] = [:]
        var newMarks: [Day: EditionMarks] = [:]
        for (slot, day) in fresh.enumerated() {
            guard let made = madeNow.get(slot) else { continue }
            newMarks[day] = made.marks
            newMarks[day]!.live = day == edition.asOf && publishesLive
            summaries[day] = made.summaries
        }
        withPriceBasis(&newMarks, archive: edition.archive)
        let (made, pending, tierID) = (summaries, self.pending, edition.tier.id.value)
        // The calls of the marks wait on disk too (a whole market's were 26 MB); their price
        // basis, which the log keeps, stays here.
        for (day, marks) in newMarks {
            do { try EditionStore.stageMarks(marks, tier: tierID, day: day, in: pending) } catch {
                problems.add(.editionNotWritten(day: day, reason: "\(error)"))
            }
            newMarks[day]!.calls = []
        }
        tier.update { edition, marks in
            marks.merge(newMarks) { _, new in new }
            edition.made.summaries.merge(made) { _, new in new }
            let kept = marks
            edition.made.load = { EditionStore.stagedReport(tierID, $0, in: pending) }
            edition.made.marks = { day in
                guard let kept = kept[day], var staged = EditionStore.stagedMarks(tierID, day, in: pending) else { return nil }
                (staged.basis, staged.live, staged.sha256) = (kept.basis, kept.live, kept.sha256)
                return staged
            }
            // Every report day has its edition now (made here, or sealed before): the pages read those.
            edition.summaries = edition.summaries.mapValues { $0.withoutReportDays() }
        }
    }

    /// Each new edition's price basis per symbol: the previous edition's, times the adjustment
    /// the data made to the previous bar's close since that edition published it (a 2:1 split
    /// delivered as adjusted history halves it). An edition that does not follow the one before
    /// on the next bar keeps its basis: the adjustment between them cannot be seen.
    func withPriceBasis(_ marks: inout [Day: EditionMarks], archive: EditionArchive) {
        let days = Set(archive.summaries.keys).union(marks.keys)
        for day in marks.keys.sorted() {
            guard let before = days.filter({ $0 < day }).max(), let previous = marks[before] ?? archive.marks(before) else { continue }
            let closes = Dictionary(previous.calls.map { ($0.symbol, $0.close) }, uniquingKeysWith: { first, _ in first })
            let nextBar = tradingDays.firstIndex(of: day).map { $0 > 0 && tradingDays[$0 - 1] == before } ?? false
            var basis: [String: Double] = [:]
            for call in marks[day]!.calls {
                var factor = previous.basis[call.symbol] ?? 1
                if nextBar, let now = call.previousClose, let then = closes[call.symbol], then > 0, now != then { factor *= now / then }
                basis[call.symbol] = factor
            }
            marks[day]!.basis = basis
        }
    }

    /// The edition of `day`, staged on disk: its report now, and a past day's whole edition; the
    /// edition's own day waits for its bundle, which it names. Returns its marks and summaries.
    func make(_ day: Day, of edition: Edition) -> (marks: EditionMarks, summaries: EditionArchive.Summaries)? {
        let calls = callLog.calls(date: edition.asOf, day: day, symbols: edition.symbols)
        var snapshot = renderer.snapshot(day, edition, calls: calls.marks)
        let marks = EditionMarks(snapshot)
        snapshot.calls = []
        do {
            try EditionStore.stageReport(snapshot, in: pending)
            if day != edition.asOf { try EditionStore.stage(snapshot, calls: calls, in: pending) }
        } catch {
            problems.add(.editionNotWritten(day: day, reason: "\(error)"))
            return nil
        }
        return (marks, .init(indexSummary: snapshot.indexSummary, feedSummary: snapshot.feedSummary))
    }
}
