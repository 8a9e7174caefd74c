@testable import Build
import Core
import Foundation
import Project
import Publishing
import Testing

@Suite("Kept track record")
struct KeptTrackRecordTests {
    let tier: TierID = "pro"
    let editions = TrackRecordScoringTests().month

    /// What a build would have written of each ended call (a row that names the call, its JSON).
    func written(_ fold: TrackRecord.Fold) -> [TrackRecord.EndedCallOutput] {
        fold.ended.map { .init(row: Array("<tr><td>\($0.symbol)</td><td>\($0.date) é</td></tr>\n".utf8)[...], object: TrackRecord.jsonObject($0)[...]) }
    }

    func fold(_ editions: some Sequence<TrackRecord.Edition>, from start: TrackRecord.Fold = TrackRecord.Fold(closeOn: .hold)) -> TrackRecord.Fold {
        var fold = start
        for edition in editions { fold.add(edition) }
        return fold
    }

    func files(_ state: StateDirectory) throws -> [Data] {
        [try Data(contentsOf: state.trackRecord(tier)), try Data(contentsOf: state.trackRecordEnded(tier))]
    }

    func inode(_ url: URL) -> UInt64 {
        ((try? FileManager.default.attributesOfItem(atPath: url.path))?[.systemFileNumber] as? NSNumber)?.uint64Value ?? 0
    }

    /// A first night's record of six editions kept under "layout 1", and read back under `layout`.
    func firstNight(readUnder layout: String) throws -> (state: StateDirectory, first: TrackRecord.Fold, kept: KeptTrackRecord.Kept) {
        let state = StateDirectory(project: Fixtures.temporaryDirectory("kept"))
        let first = fold(editions.prefix(6))
        KeptTrackRecord.save(first, ended: (0, written(first)), after: nil, tier, layout: "layout 1", state)
        return (state, first, try #require(KeptTrackRecord.load(tier, layout: layout, state)))
    }

    @Test("a night appends the calls it ended to the kept ones, and the files are those written whole at once")
    func appendsWhatEnded() throws {
        let (state, first, kept) = try firstNight(readUnder: "layout 1")
        #expect(kept.fold.ended == first.ended && kept.fold.days == first.days && !first.ended.isEmpty)
        #expect(kept.ended.map { Array($0.row) } == written(first).map { Array($0.row) })
        #expect(kept.ended.map { Array($0.object) } == written(first).map { Array($0.object) })
        let endedFile = state.trackRecordEnded(tier)
        let (before, identity) = (try Data(contentsOf: endedFile), inode(endedFile))
        // A build that died after appending, before it replaced the head: its bytes are not read,
        // and the next build's own take their place.
        let handle = try FileHandle(forWritingTo: endedFile)
        try handle.seekToEnd()
        try handle.write(contentsOf: Data("AAAX\t2026\u{1D}half a record".utf8))
        try handle.close()
        let again = try #require(KeptTrackRecord.load(tier, layout: "layout 1", state))
        #expect(again.fold.ended == kept.fold.ended && again.bytes == before.count)
        let next = fold(editions.dropFirst(6), from: again.fold)
        #expect(next.ended.count > first.ended.count && next.endedWhenKept == first.ended.count)
        KeptTrackRecord.save(next, ended: (again.ended.count, Array(written(next).dropFirst(again.ended.count))), after: again.mark, tier, layout: "layout 1", state)
        let after = try Data(contentsOf: endedFile)
        #expect(after.prefix(before.count) == before && after.count > before.count && inode(endedFile) == identity)
        let whole = StateDirectory(project: Fixtures.temporaryDirectory("whole"))
        let all = fold(editions)
        KeptTrackRecord.save(all, ended: (0, written(all)), after: nil, tier, layout: "layout 1", whole)
        #expect(try files(state) == files(whole))
    }

    @Test("rows kept under other templates are not reused, and the next build writes every call again")
    func otherLayout() throws {
        let (state, first, kept) = try firstNight(readUnder: "layout 2")
        #expect(kept.ended.isEmpty && kept.fold.ended == first.ended)
        let next = fold(editions.dropFirst(6), from: kept.fold)
        KeptTrackRecord.save(next, ended: (0, written(next)), after: kept.mark, tier, layout: "layout 2", state)
        let whole = StateDirectory(project: Fixtures.temporaryDirectory("whole"))
        KeptTrackRecord.save(fold(editions), ended: (0, written(fold(editions))), after: nil, tier, layout: "layout 2", whole)
        #expect(try files(state) == files(whole))
        #expect(KeptTrackRecord.load(tier, layout: "layout 2", state)?.ended.count == next.ended.count)
    }

    @Test("a kept record cut short, or whose head does not match its calls, is not read: the build reads the editions again")
    func damaged() throws {
        let state = StateDirectory(project: Fixtures.temporaryDirectory("kept"))
        let all = fold(editions)
        KeptTrackRecord.save(all, ended: (0, written(all)), after: nil, tier, layout: "L", state)
        let (head, ended) = (try Data(contentsOf: state.trackRecord(tier)), try Data(contentsOf: state.trackRecordEnded(tier)))
        #expect(KeptTrackRecord.load(tier, layout: "L", state) != nil)
        try ended.dropLast(3).write(to: state.trackRecordEnded(tier))
        #expect(KeptTrackRecord.load(tier, layout: "L", state) == nil)
        try ended.write(to: state.trackRecordEnded(tier))
        let text = String(decoding: head, as: UTF8.self)
        let count = try #require(text.split(separator: " ").first)
        try Data(text.replacingOccurrences(of: "\(count) ", with: "\(Int(count)! - 1) ").utf8).write(to: state.trackRecord(tier))
        #expect(KeptTrackRecord.load(tier, layout: "L", state) == nil)
        try Data().write(to: state.trackRecord(tier))
        #expect(KeptTrackRecord.load(tier, layout: "L", state) == nil)
        // A build without what to keep for each ended call keeps nothing, rather than a record the next would misread.
        try head.write(to: state.trackRecord(tier))
        KeptTrackRecord.save(all, ended: (0, Array(written(all).dropLast())), after: nil, tier, layout: "L", state)
        #expect(KeptTrackRecord.load(tier, layout: "L", state) == nil)
        // Nor one that would append after calls nothing kept.
        try head.write(to: state.trackRecord(tier))
        KeptTrackRecord.save(all, ended: (1, Array(written(all).dropFirst())), after: nil, tier, layout: "L", state)
        #expect(KeptTrackRecord.load(tier, layout: "L", state) == nil)
    }
}
