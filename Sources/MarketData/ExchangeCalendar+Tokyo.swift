import Core

// Tokyo: Japan's national holidays (the Act on National Holidays, with its Happy Monday and
// substitute rules), the exchange's own year-end closure, and the days it closed outside them.
extension ExchangeCalendar {
    static func tokyoHolidays(_ year: Int) -> Set<Day> {
        let national = japaneseHolidays(year)
        var days = national
        // A holiday on a Sunday gives the next day that is no holiday (before 2007: the Monday).
        for holiday in national where holiday.weekday == 0 {
            var substitute = holiday.adding(days: 1)
            while year >= 2007 && national.contains(substitute) { substitute = substitute.adding(days: 1) }
            if !national.contains(substitute) { days.insert(substitute) }
        }
        // A day between two holidays is a holiday too (the citizens' holiday).
        for holiday in national {
            let between = holiday.adding(days: 1)
            if national.contains(between.adding(days: 1)) && !national.contains(between) && between.weekday != 0 { days.insert(between) }
        }
        // The exchange closes for the year's first three days and its last.
        days.formUnion([(1, 1), (1, 2), (1, 3), (12, 31)].map { Day(year: year, month: $0.0, day: $0.1)! })
        return days
    }

    /// The national holidays of `year` on their own days, before substitutes.
    static func japaneseHolidays(_ year: Int) -> Set<Day> {
        func day(_ month: Int, _ day: Int) -> Day { Day(year: year, month: month, day: day)! }
        let shift = year - 1980
        let vernal = Int((20.8431 + 0.242194 * Double(shift)).rounded(.down)) - shift / 4
        let autumnal = Int((23.2488 + 0.242194 * Double(shift)).rounded(.down)) - shift / 4
        var days: Set<Day> = [day(1, 1), nth(2, .monday, 1, year), day(2, 11), day(3, vernal), day(4, 29), day(5, 3), day(5, 5),
                              day(9, autumnal), day(11, 3), day(11, 23)]
        if year >= 2007 { days.insert(day(5, 4)) }                                   // Greenery Day
        if year <= 2018 { days.insert(day(12, 23)) } else if year >= 2020 { days.insert(day(2, 23)) }   // the Emperor's Birthday
        // Marine Day, Mountain Day and Sports Day, moved for the Olympic Games in 2020 and 2021.
        switch year {
        case 2020: days.formUnion([day(7, 23), day(7, 24), day(8, 10)])
        case 2021: days.formUnion([day(7, 22), day(7, 23), day(8, 8)])
        default:
            days.insert(year <= 2002 ? day(7, 20) : nth(3, .monday, 7, year))
            days.insert(nth(2, .monday, 10, year))
            if year >= 2016 { days.insert(day(8, 11)) }
        }
        days.insert(year <= 2002 ? day(9, 15) : nth(3, .monday, 9, year))            // Respect for the Aged Day
        if year == 2019 { days.formUnion([day(4, 30), day(5, 1), day(5, 2), day(10, 22)]) }   // the imperial succession
        return days
    }

    /// The trading system's failure of October 1, 2020.
    static let tokyoClosures: Set<Day> = [Day(iso: "2020-10-01")!]
}
