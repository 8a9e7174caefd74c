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
        let oracle = Set(result.output.split(separator: "\n").compactMap { Day(iso: $0) })
        #expect(oracle.count > 150)
        let erratum = Self.errata[code] ?? (wrong: [], right: [])
        #expect(erratum.wrong.isSubset(of: oracle), "exchange_calendars has fixed its table: drop the erratum")
        let expected = oracle.subtracting(erratum.wrong).union(erratum.right)
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

    /// Where the oracle is wrong. `exchange_calendars` puts 2034's lunar festivals a month
    /// early, as if 2034 had a leap first month. The Hong Kong Observatory's tables give 2033 a
    /// leap eleventh month, so 2034's fourth month starts in May (its second month starts with
    /// the new moon of the total solar eclipse of 2034-03-20). These are the Observatory's days.
    static let errata: [ExchangeCalendar.Code: (wrong: Set<Day>, right: Set<Day>)] = [
        .xhkg: (wrong: Set(["2034-04-26", "2034-05-22", "2034-08-29", "2034-09-21"].map { Day(iso: $0)! }),
                right: Set(["2034-05-25", "2034-06-20", "2034-09-28", "2034-10-20"].map { Day(iso: $0)! })),
    ]

    @Test("Hong Kong's lunar and solar-term holidays fall on the days the government gazetted")
    func hongKongGazette() {
        let hongKong = ExchangeCalendar(.xhkg)
        // 2021: Ching Ming on a Sunday is kept on the Tuesday after Easter Monday; the Lunar New
        // Year's third day on a Sunday gives the fourth; Buddha's Birthday, Tuen Ng, the day
        // after Mid-Autumn and Chung Yeung as gazetted (gov.hk, General Holidays for 2021).
        let closed2021 = ["2021-02-12", "2021-02-15", "2021-04-02", "2021-04-05", "2021-04-06", "2021-05-19", "2021-06-14",
                          "2021-07-01", "2021-09-22", "2021-10-01", "2021-10-14", "2021-12-27"]
        for iso in closed2021 { #expect(!hongKong.isSession(Day(iso: iso)!), "\(iso)") }
        #expect(hongKong.isSession(Day(iso: "2021-02-11")!))          // the Lunar New Year's eve is a half day
        #expect(!hongKong.isSession(Day(iso: "2025-05-05")!))         // Buddha's Birthday 2025, which some tables put on May 4
        #expect(hongKong.lastSession(onOrBefore: Day(iso: "2024-09-06")!) == Day(iso: "2024-09-05"))   // typhoon signal 8
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
