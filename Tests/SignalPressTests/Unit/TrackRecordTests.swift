import Core
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
}
