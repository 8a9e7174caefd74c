import Core

// The holiday rules of the exchanges outside New York, as each publishes them, with the days
// each closed outside its rules.
extension ExchangeCalendar {
    /// A fixed holiday on a weekend is observed the Monday after.
    static func mondayIfWeekend(_ day: Day) -> Day {
        switch day.weekday {
        case 6: day.adding(days: 2)
        case 0: day.adding(days: 1)
        default: day
        }
    }

    /// Christmas and Boxing Day with their substitutes, as London, Toronto and Sydney keep them:
    /// on a weekend each moves to the next weekday the other does not take.
    static func christmasAndBoxingDay(_ year: Int) -> Set<Day> {
        let christmas = Day(year: year, month: 12, day: 25)!
        switch christmas.weekday {
        case 5: return [christmas, christmas.adding(days: 3)]                 // Friday: Boxing Day on Monday
        case 6: return [christmas.adding(days: 2), christmas.adding(days: 3)] // Saturday: Monday and Tuesday
        case 0: return [christmas.adding(days: 1), christmas.adding(days: 2)] // Sunday: Monday and Tuesday
        default: return [christmas, christmas.adding(days: 1)]
        }
    }

    static func londonHolidays(_ year: Int) -> Set<Day> {
        let easter = easter(year)
        var days: Set<Day> = [mondayIfWeekend(Day(year: year, month: 1, day: 1)!), easter.adding(days: -2), easter.adding(days: 1),
                              last(.monday, 8, year)]
        // The early May bank holiday moved to VE Day's 75th anniversary in 2020; the spring one to
        // the jubilees of 2002, 2012 and 2022.
        days.insert(year == 2020 ? Day(year: 2020, month: 5, day: 8)! : nth(1, .monday, 5, year))
        let jubilee: [Int: Day] = [2002: Day(year: 2002, month: 6, day: 4)!, 2012: Day(year: 2012, month: 6, day: 4)!, 2022: Day(year: 2022, month: 6, day: 2)!]
        days.insert(jubilee[year] ?? last(.monday, 5, year))
        return days.union(christmasAndBoxingDay(year))
    }

    /// The jubilees' extra days, the royal wedding of 2011, Queen Elizabeth II's funeral and the coronation.
    static let londonClosures: Set<Day> = Set(["2002-06-03", "2011-04-29", "2012-06-05", "2022-06-03", "2022-09-19", "2023-05-08"].map { Day(iso: $0)! })

    static func xetraHolidays(_ year: Int) -> Set<Day> {
        let easter = easter(year)
        var days: Set<Day> = Set([(1, 1), (5, 1), (12, 24), (12, 25), (12, 26), (12, 31)].map { Day(year: year, month: $0.0, day: $0.1)! })
        days.formUnion([easter.adding(days: -2), easter.adding(days: 1)])
        // Xetra traded on Whit Monday and German Unity Day except in these years, and closed for the Reformation's 500th anniversary.
        if year == 2007 || (2015...2021).contains(year) { days.insert(easter.adding(days: 50)) }
        if (2014...2019).contains(year) { days.insert(Day(year: year, month: 10, day: 3)!) }
        if year == 2017 { days.insert(Day(year: 2017, month: 10, day: 31)!) }
        return days
    }

    static func parisHolidays(_ year: Int) -> Set<Day> {
        let easter = easter(year)
        var days: Set<Day> = Set([(1, 1), (5, 1), (12, 25), (12, 26)].map { Day(year: year, month: $0.0, day: $0.1)! })
        days.formUnion([easter.adding(days: -2), easter.adding(days: 1)])
        // Before Euronext's harmonised calendar: Whit Monday in 2000 and 2001, Bastille Day 2000, New Year's Eve 2001.
        if year <= 2001 { days.insert(easter.adding(days: 50)) }
        if year == 2000 { days.insert(Day(year: 2000, month: 7, day: 14)!) }
        if year == 2001 { days.insert(Day(year: 2001, month: 12, day: 31)!) }
        return days
    }

    static func torontoHolidays(_ year: Int) -> Set<Day> {
        var days: Set<Day> = [
            mondayIfWeekend(Day(year: year, month: 1, day: 1)!),
            easter(year).adding(days: -2),
            // Victoria Day: the Monday before May 25.
            Day(year: year, month: 5, day: 24)!.adding(days: -((Day(year: year, month: 5, day: 24)!.weekday + 6) % 7)),
            mondayIfWeekend(Day(year: year, month: 7, day: 1)!),
            nth(1, .monday, 8, year),   // the Civic Holiday
            nth(1, .monday, 9, year),
            nth(2, .monday, 10, year),  // Thanksgiving
        ]
        if year >= 2008 { days.insert(nth(3, .monday, 2, year)) }   // Family Day
        return days.union(christmasAndBoxingDay(year))
    }

    /// September 11 and 12, 2001.
    static let torontoClosures: Set<Day> = Set(["2001-09-11", "2001-09-12"].map { Day(iso: $0)! })

    static func sydneyHolidays(_ year: Int) -> Set<Day> {
        let easter = easter(year)
        var days: Set<Day> = [mondayIfWeekend(Day(year: year, month: 1, day: 1)!), mondayIfWeekend(Day(year: year, month: 1, day: 26)!),
                              easter.adding(days: -2), easter.adding(days: 1), nth(2, .monday, 6, year)]
        // Anzac Day on a weekend is not moved; on Easter Monday it is the Tuesday.
        let anzac = Day(year: year, month: 4, day: 25)!
        if !anzac.isWeekend { days.insert(anzac == easter.adding(days: 1) ? anzac.adding(days: 1) : anzac) }
        return days.union(christmasAndBoxingDay(year))
    }

    /// Anzac Day 2010 observed on the Monday, and the day of mourning for Queen Elizabeth II.
    static let sydneyClosures: Set<Day> = Set(["2010-04-26", "2022-09-22"].map { Day(iso: $0)! })
}
