import Core
import Foundation
import MarketData
import Testing

/// Each calendar offered against the Python `exchange_calendars` package, every weekday from
/// 2000 to 2035.
@Suite("Exchange calendars", .deliveryServers)
struct ExchangeCalendarTests {
    @Test("every session from 2000 to 2035 is the one exchange_calendars has", arguments: ExchangeCalendar.Code.allCases)
    func againstExchangeCalendars(code: ExchangeCalendar.Code) throws {
        let script = SharedData.repositoryRoot.appendingPathComponent("Tests/SignalPressTests/Support/calendar_sessions.py")
        let result = try Program.run(TestVenv.python, [script.path, code.rawValue])
        #expect(result.status == 0, "\(result.output)")
        let expected = Set(result.output.split(separator: "\n").compactMap { Day(iso: $0) })
        #expect(expected.count > 150)
        let calendar = ExchangeCalendar(code)
        var closed = Set<Day>()
        var day = Day(iso: "2000-01-01")!
        while day <= Day(iso: "2035-12-31")! {
            if !day.isWeekend && !calendar.isSession(day) { closed.insert(day) }
            day = day.adding(days: 1)
        }
        #expect(closed.subtracting(expected).isEmpty, "closed here, a session there: \(closed.subtracting(expected).sorted().map(\.iso))")
        #expect(expected.subtracting(closed).isEmpty, "a session here, closed there: \(expected.subtracting(closed).sorted().map(\.iso))")
    }

    @Test("the last session on or before a day skips weekends, holidays and closures")
    func lastSession() {
        let nyse = ExchangeCalendar(.xnys)
        #expect(nyse.lastSession(onOrBefore: Day(iso: "2026-11-26")!) == Day(iso: "2026-11-25"))   // Thanksgiving
        #expect(nyse.lastSession(onOrBefore: Day(iso: "2026-11-29")!) == Day(iso: "2026-11-27"))   // the Friday after is a (half) session
        #expect(nyse.lastSession(onOrBefore: Day(iso: "2025-01-09")!) == Day(iso: "2025-01-08"))   // President Carter's day of mourning
        #expect(nyse.lastSession(onOrBefore: Day(iso: "2022-01-01")!) == Day(iso: "2021-12-31"))   // New Year's Day on a Saturday moves nothing
    }
}
