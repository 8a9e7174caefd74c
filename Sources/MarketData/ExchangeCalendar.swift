import Core

/// An exchange's sessions, from its holiday rules and its irregular closures: what a nightly
/// build expects the data to reach. A weekday the exchange is closed is not a session; half
/// days are sessions. Built from the rules as published (NYSE Rule 7.2), 2000 onwards.
public struct ExchangeCalendar: Sendable, Equatable {
    /// ISO 10383 market identifier codes.
    public enum Code: String, Sendable, CaseIterable {
        /// The New York Stock Exchange.
        case xnys = "XNYS"
        /// Nasdaq: the same holidays and closures as NYSE.
        case xnas = "XNAS"
        /// The London Stock Exchange.
        case xlon = "XLON"
        /// Xetra (Deutsche Börse).
        case xetr = "XETR"
        /// Euronext Paris.
        case xpar = "XPAR"
        /// The Toronto Stock Exchange.
        case xtse = "XTSE"
        /// The Australian Securities Exchange.
        case xasx = "XASX"
        /// The Tokyo Stock Exchange.
        case xtks = "XTKS"
        /// Hong Kong Exchanges and Clearing.
        case xhkg = "XHKG"
    }

    public let code: Code

    public init(_ code: Code) { self.code = code }

    public func isSession(_ day: Day) -> Bool { !day.isWeekend && !isHoliday(day) }

    /// The last session on or before `day`.
    public func lastSession(onOrBefore day: Day) -> Day {
        var current = day
        while !isSession(current) { current = current.adding(days: -1) }
        return current
    }

    func isHoliday(_ day: Day) -> Bool {
        let year = day.year
        switch code {
        case .xnys, .xnas: return Self.newYorkHolidays(year).contains(day) || Self.newYorkClosures.contains(day)
        case .xlon: return Self.londonHolidays(year).contains(day) || Self.londonClosures.contains(day)
        case .xetr: return Self.xetraHolidays(year).contains(day)
        case .xpar: return Self.parisHolidays(year).contains(day)
        case .xtse: return Self.torontoHolidays(year).contains(day) || Self.torontoClosures.contains(day)
        case .xasx: return Self.sydneyHolidays(year).contains(day) || Self.sydneyClosures.contains(day)
        case .xtks: return Self.tokyoHolidays(year).contains(day) || Self.tokyoClosures.contains(day)
        case .xhkg: return Self.hongKongHolidays(year).contains(day) || Self.hongKongClosures.contains(day)
        }
    }

    /// NYSE's regular holidays of `year`, on the weekday they are observed.
    static func newYorkHolidays(_ year: Int) -> Set<Day> {
        var days: Set<Day> = [
            nth(1, .monday, 1, year).adding(days: 14),      // Martin Luther King Jr. Day: the third Monday of January
            nth(1, .monday, 2, year).adding(days: 14),      // Washington's Birthday: the third Monday of February
            easter(year).adding(days: -2),                   // Good Friday
            last(.monday, 5, year),                          // Memorial Day
            nth(1, .monday, 9, year),                        // Labor Day
            nth(1, .thursday, 11, year).adding(days: 21),   // Thanksgiving: the fourth Thursday of November
            observed(Day(year: year, month: 7, day: 4)!),
            observed(Day(year: year, month: 12, day: 25)!),
        ]
        // New Year's Day on a Sunday is the Monday; on a Saturday it is not moved to the Friday before.
        let newYear = Day(year: year, month: 1, day: 1)!
        if newYear.weekday != 6 { days.insert(observed(newYear)) }
        if year >= 2022 { days.insert(observed(Day(year: year, month: 6, day: 19)!)) }   // Juneteenth
        return days
    }

    /// Closures outside the rules: September 11, 2001; the national days of mourning for
    /// Presidents Reagan, Ford, G. H. W. Bush and Carter; Hurricane Sandy.
    static let newYorkClosures: Set<Day> = Set(["2001-09-11", "2001-09-12", "2001-09-13", "2001-09-14", "2004-06-11", "2007-01-02",
                                               "2012-10-29", "2012-10-30", "2018-12-05", "2025-01-09"].map { Day(iso: $0)! })

    enum Weekday: Int { case sunday = 0, monday, tuesday, wednesday, thursday, friday, saturday }

    /// The `n`th `weekday` of `month`.
    static func nth(_ n: Int, _ weekday: Weekday, _ month: Int, _ year: Int) -> Day {
        let first = Day(year: year, month: month, day: 1)!
        return first.adding(days: (weekday.rawValue - first.weekday + 7) % 7 + 7 * (n - 1))
    }

    /// The last `weekday` of `month`.
    static func last(_ weekday: Weekday, _ month: Int, _ year: Int) -> Day {
        let next = month == 12 ? Day(year: year + 1, month: 1, day: 1)! : Day(year: year, month: month + 1, day: 1)!
        let end = next.adding(days: -1)
        return end.adding(days: -((end.weekday - weekday.rawValue + 7) % 7))
    }

    /// A fixed holiday on a Saturday is observed the Friday before, on a Sunday the Monday after.
    static func observed(_ day: Day) -> Day {
        switch day.weekday {
        case 6: day.adding(days: -1)
        case 0: day.adding(days: 1)
        default: day
        }
    }

    /// Easter Sunday (the Gregorian computus).
    static func easter(_ year: Int) -> Day {
        let a = year % 19, b = year / 100, c = year % 100, d = b / 4, e = b % 4
        let f = (b + 8) / 25, g = (b - f + 1) / 3, h = (19 * a + b - d - g + 15) % 30
        let i = c / 4, k = c % 4, l = (32 + 2 * e + 2 * i - h - k) % 7, m = (a + 11 * h + 22 * l) / 451
        let month = (h + l - 7 * m + 114) / 31, day = (h + l - 7 * m + 114) % 31 + 1
        return Day(year: year, month: month, day: day)!
    }
}
