import Core
import Foundation
import Project
import Publishing
import Testing

/// How the track record scores calls, from editions alone.
@Suite("Track record scoring")
struct TrackRecordScoringTests {
    func edition(_ day: String, _ action: String, close: Double, basis: Double = 1, live: Bool = true) -> TrackRecord.Edition {
        TrackRecord.Edition(day: Day(iso: day)!, calls: [.init(symbol: "ACME", action: action, score: 0, confidence: 0, close: close, votes: [])],
                            sha256: nil, basis: ["ACME": basis], live: live)
    }

    var week: [TrackRecord.Edition] {
        [edition("2026-11-02", "BUY", close: 100), edition("2026-11-03", "BUY", close: 104), edition("2026-11-04", "HOLD", close: 102),
         edition("2026-11-05", "HOLD", close: 90), edition("2026-11-09", "SELL", close: 95)]
    }

    @Test("close_on hold ends a call at the first HOLD, as the dashboard shows it; opposite holds it to the SELL")
    func closeOn() {
        let hold = TrackRecord(tier: "pro", watchlists: [], editions: week)
        #expect(hold.calls.map { "\($0.date) \($0.action) \($0.endDate) \($0.endedBy)" }
            == ["2026-11-02 BUY 2026-11-04 hold signal", "2026-11-09 SELL 2026-11-09 open"])
        #expect(abs(hold.calls[0].return - 0.02) < 1e-12 && hold.calls[0].daysHeld == 2)
        let opposite = TrackRecord(tier: "pro", watchlists: [], editions: week, closeOn: .opposite)
        #expect(opposite.calls.map { "\($0.date) \($0.endDate) \($0.endedBy)" } == ["2026-11-02 2026-11-09 opposite signal", "2026-11-09 2026-11-09 open"])
        // Five weekdays from Monday the 2nd to Monday the 9th, though only four editions came between.
        #expect(opposite.calls[0].daysHeld == 5 && abs(opposite.calls[0].return - -0.05) < 1e-12)
        #expect(TrackRecord.disclosure.hasPrefix("Hypothetical results, before costs") && hold.method.closeOn == "hold")
    }

    @Test("a split delivered as adjusted history is re-based away: the call's return is the price's real move")
    func rebased() {
        // Bought at 100; a 2:1 split halves the basis; the close of 51 is 102 before the split.
        let record = TrackRecord(tier: "pro", watchlists: [], editions: [
            edition("2026-11-02", "BUY", close: 100), edition("2026-11-03", "BUY", close: 101), edition("2026-11-04", "BUY", close: 51, basis: 0.5),
        ])
        #expect(record.calls.count == 1 && abs(record.calls[0].return - 0.02) < 1e-12 && record.calls[0].adjustedClose == 50, "\(record.calls)")
        // The book of open calls fell nowhere.
        #expect(record.worstDrawdown == 0)
    }

    @Test("calls from editions made after the fact are marked and counted apart; the drawdown is the book's worst fall")
    func liveAndDrawdown() {
        let record = TrackRecord(tier: "pro", watchlists: [], editions: [
            edition("2026-11-02", "SELL", close: 100, live: false), edition("2026-11-03", "BUY", close: 100), edition("2026-11-04", "BUY", close: 110),
            edition("2026-11-05", "BUY", close: 88), edition("2026-11-06", "HOLD", close: 99),
        ])
        #expect(record.calls.map(\.publishedLive) == [false, true])
        #expect(record.overall.calls == 1 && record.overall.notPublishedLive == 1 && record.overall.medianReturn.map { abs($0 - -0.01) < 1e-12 } == true)
        // 100 → 110 → 88 → 99: the worst fall is from 110 to 88.
        #expect(abs(record.worstDrawdown - (88.0 / 110 - 1)) < 1e-12, "\(record.worstDrawdown)")
    }

    @Test("weekdays between two days count the trading days between them")
    func weekdays() {
        let monday = Day(iso: "2026-11-02")!
        #expect(monday.weekdays(through: Day(iso: "2026-11-06")!) == 4 && monday.weekdays(through: Day(iso: "2026-11-09")!) == 5
            && monday.weekdays(through: Day(iso: "2026-11-30")!) == 20 && monday.weekdays(through: monday) == 0)
        #expect(Day(iso: "2026-11-06")!.weekdays(through: Day(iso: "2026-11-08")!) == 0)
    }

    /// Two symbols over a few weeks: calls ended by HOLD and by the opposite signal, open ones,
    /// a split, a nil bundle hash beside real ones, and editions made after the fact.
    var month: [TrackRecord.Edition] {
        let actions = ["BUY", "BUY", "HOLD", "SELL", "SELL", "BUY", "HOLD", "HOLD", "SELL", "BUY", "BUY", "SELL"]
        var day = Day(iso: "2026-10-01")!
        return actions.indices.map { index in
            defer { day = day.adding(days: 1) }
            let calls = ["ACME", "BOLT"].enumerated().map { offset, symbol in
                EditionSnapshot.Call(symbol: symbol, action: actions[(index + 3 * offset) % actions.count], score: 0, confidence: 0,
                                     close: 100 + Double(index * 7 % 11) * 1.37 + Double(offset) / 3, votes: [])
            }
            return TrackRecord.Edition(day: day, calls: calls, sha256: index % 3 == 0 ? nil : String(repeating: "ab", count: 32),
                                       basis: ["ACME": index > 6 ? 0.5 : 1, "BOLT": 1], live: index > 2)
        }
    }

    @Test("track-record.json is byte for byte what JSONEncoder writes with sorted keys, pretty printed")
    func jsonAsEncoded() throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted]
        let watchlists = [Watchlist(id: "core/us", title: "Core", symbols: [Symbol("ACME")!, Symbol("BOLT")!]), Watchlist(id: "empty", title: "Empty", symbols: [])]
        for record in [TrackRecord(tier: "pro", watchlists: watchlists, editions: month, chainHead: "head\"1"),
                       TrackRecord(tier: "free", watchlists: watchlists, editions: month, closeOn: .opposite),
                       TrackRecord(tier: "free", watchlists: [], editions: [])] {
            let expected = try encoder.encode(record) + [10]
            #expect(String(decoding: record.json(), as: UTF8.self) == String(decoding: expected, as: UTF8.self))
        }
    }

    @Test("an ended call's JSON written once and reused is the file written whole, whichever calls are reused")
    func endedCallsReused() {
        var fold = TrackRecord.Fold(closeOn: .hold)
        for edition in month { fold.add(edition) }
        let record = TrackRecord(tier: "pro", watchlists: [], fold: fold, chainHead: "h")
        let objects = fold.ended.map { TrackRecord.jsonObject($0)[...] }
        #expect(objects.count >= 4 && record.calls.count > objects.count, "ended and open calls both")
        // Every ended call in its place, and each open call nowhere else.
        #expect(record.endedIndex.compactMap { $0 }.sorted() == Array(objects.indices))
        for (index, place) in record.endedIndex.enumerated() { #expect(place.map { fold.ended[$0] == record.calls[index] } ?? (record.calls[index].endedBy == "open")) }
        let whole = record.json()
        #expect(record.json { objects[$0] } == whole)
        #expect(record.json { $0 % 2 == 0 ? objects[$0] : nil } == whole)
        // A reused member is written as it was kept: a changed one shows.
        #expect(record.json { $0 == 0 ? Array(TrackRecord.jsonObject(fold.ended[0])).replacing(Array("\"action\"".utf8), with: Array("\"Action\"".utf8))[...] : nil } != whole)
    }

    @Test("the fold a build keeps reads back to the same record, and a damaged one is not read at all")
    func keptFold() throws {
        var fold = TrackRecord.Fold(closeOn: .hold)
        for edition in month { fold.add(edition) }
        let lines = fold.ended.map { TrackRecord.Fold.line($0)[...] }
        let kept = try #require(TrackRecord.Fold(head: fold.head(), ended: lines))
        #expect(kept.days == fold.days && kept.closeOn == fold.closeOn && kept.endedWhenKept == lines.count && fold.endedWhenKept == nil)
        let (before, after) = (TrackRecord(tier: "pro", watchlists: [], fold: fold), TrackRecord(tier: "pro", watchlists: [], fold: kept))
        #expect(before.json() == after.json() && before.calls.count > 4)
        // Reading on from the kept fold is reading on from the fold itself.
        var (going, resumed) = (fold, kept)
        for edition in week.map({ TrackRecord.Edition(day: $0.day.adding(days: 40), calls: $0.calls, sha256: nil) }) { going.add(edition); resumed.add(edition) }
        #expect(TrackRecord(tier: "pro", watchlists: [], fold: going).json() == TrackRecord(tier: "pro", watchlists: [], fold: resumed).json())
        // Going on appends to what was ended: the kept calls are the first ones still.
        #expect(Array(resumed.ended.prefix(lines.count)) == kept.ended && resumed.endedWhenKept == lines.count)
        #expect(TrackRecord.Fold(head: fold.head(), ended: lines.dropLast() + [lines.last!.prefix(12)]) == nil)
        #expect(TrackRecord.Fold(head: Array("{}".utf8), ended: lines) == nil)
    }
}
