import Core
import Foundation

// Hong Kong: the General Holidays Ordinance (Cap. 149) as the exchange keeps it. Five holidays
// follow the Chinese lunisolar calendar, which Foundation's `.chinese` calendar (ICU) gives in
// China Standard Time, the Hong Kong Observatory's reckoning; Ching Ming is the solar term at
// the Sun's apparent longitude of 15°.
extension ExchangeCalendar {
    static func hongKongHolidays(_ year: Int) -> Set<Day> {
        func day(_ month: Int, _ day: Int) -> Day { Day(year: year, month: month, day: day)! }
        let easter = easter(year)
        let lunar = HongKongLunarDays.of(year)
        var days: Set<Day> = [sundayToMonday(day(1, 1)), easter.adding(days: -2), easter.adding(days: 1), sundayToMonday(day(5, 1)),
                              sundayToMonday(day(7, 1)), sundayToMonday(day(10, 1)), day(12, 25), day(12, 26),
                              sundayToMonday(lunar.buddhasBirthday), sundayToMonday(lunar.tuenNg), sundayToMonday(lunar.chungYeung)]
        // The day after Christmas on a weekend.
        if [1, 2].contains(day(12, 27).weekday) { days.insert(day(12, 27)) }
        // The day after Mid-Autumn gives way to National Day; on a Sunday it is lost.
        let afterMidAutumn = lunar.midAutumn.adding(days: 1)
        days.insert(afterMidAutumn == day(10, 1) ? afterMidAutumn.adding(days: 1) : afterMidAutumn)
        // Ching Ming on a Sunday is kept on the Monday, and after Easter Monday when that is the Monday.
        let chingMing = sundayToMonday(lunar.chingMing)
        days.insert(chingMing == easter.adding(days: 1) ? chingMing.adding(days: 1) : chingMing)
        days.formUnion(lunarNewYear(lunar.newYear))
        return days
    }

    /// The Lunar New Year's first three days. Since the 2011 amendment (in force 2013) a Sunday
    /// among them gives the fourth day; before, a first day on Saturday closed its eve.
    static func lunarNewYear(_ first: Day) -> Set<Day> {
        var days: Set<Day> = [first, first.adding(days: 1), first.adding(days: 2)]
        if first.year >= 2013 {
            if days.contains(where: { $0.weekday == 0 }) { days.insert(first.adding(days: 3)) }
        } else if first.weekday == 6 {
            days.insert(first.adding(days: -1))
        }
        return days
    }

    static func sundayToMonday(_ day: Day) -> Day { day.weekday == 0 ? day.adding(days: 1) : day }

    /// Typhoon and rainstorm signals that closed the market for a whole day, and the days
    /// closed outside the rules (substitutes announced late, the 70th anniversary of 1945).
    static let hongKongClosures: Set<Day> = Set([
        "2001-07-06", "2001-07-25", "2008-08-06", "2008-08-22", "2010-04-06", "2011-09-29", "2012-10-02", "2013-08-14",
        "2015-04-07", "2015-09-03", "2016-08-02", "2016-10-21", "2017-08-23", "2020-10-13", "2021-10-13", "2022-09-12",
        "2023-07-17", "2024-09-06",
    ].map { Day(iso: $0)! })
}

/// One Gregorian year's days of the lunisolar festivals Hong Kong keeps.
struct HongKongLunarDays: Sendable {
    let newYear, buddhasBirthday, tuenNg, midAutumn, chungYeung, chingMing: Day

    /// Worked out once for the years a build is likely to ask about, and on demand outside them.
    private static let table: [Int: HongKongLunarDays] = Dictionary(uniqueKeysWithValues: (1990...2100).map { ($0, compute($0)) })

    static func of(_ year: Int) -> HongKongLunarDays { table[year] ?? compute(year) }

    static func compute(_ year: Int) -> HongKongLunarDays {
        let chinese = Self.calendar(.chinese), gregorian = Self.calendar(.gregorian)
        // The lunar year that starts in this Gregorian year is the one current in June.
        let june = gregorian.date(from: DateComponents(year: year, month: 6, day: 1))!
        let era = chinese.component(.era, from: june), lunarYear = chinese.component(.year, from: june)
        func festival(_ month: Int, _ day: Int) -> Day {
            var components = DateComponents(era: era, year: lunarYear, month: month, day: day)
            components.isLeapMonth = false
            let parts = gregorian.dateComponents([.year, .month, .day], from: chinese.date(from: components)!)
            return Day(year: parts.year!, month: parts.month!, day: parts.day!)!
        }
        return HongKongLunarDays(newYear: festival(1, 1), buddhasBirthday: festival(4, 8), tuenNg: festival(5, 5),
                                 midAutumn: festival(8, 15), chungYeung: festival(9, 9), chingMing: SolarTerm.chingMing(year))
    }

    private static func calendar(_ identifier: Calendar.Identifier) -> Calendar {
        var calendar = Calendar(identifier: identifier)
        calendar.timeZone = TimeZone(secondsFromGMT: 8 * 3600)!
        return calendar
    }
}

/// The solar terms from the Sun's apparent longitude (Meeus, *Astronomical Algorithms*, ch. 25:
/// good to 0.01°, a quarter of an hour; every Ching Ming from 1960 to 2049 falls at least
/// 15 minutes from midnight in China Standard Time).
enum SolarTerm {
    /// The day, in China Standard Time, on which the Sun reaches 15°.
    static func chingMing(_ year: Int) -> Day {
        let guess = Day(year: year, month: 4, day: 4)!
        var julianDay = Double(guess.daysSinceEpoch) + 2_440_587.5
        for _ in 0..<6 {
            let behind = (15 - apparentLongitude(julianDay) + 540).truncatingRemainder(dividingBy: 360) - 180
            julianDay += behind * 365.2422 / 360
        }
        // Terrestrial Time to UT (ΔT, about 69 s this century) and then to UTC+8.
        let local = julianDay - 69.0 / 86_400 + 8.0 / 24
        return Day(daysSinceEpoch: Int((local - 2_440_587.5).rounded(.down)))
    }

    static func apparentLongitude(_ julianDay: Double) -> Double {
        let t = (julianDay - 2_451_545) / 36_525
        let meanLongitude = 280.46646 + 36_000.76983 * t + 0.0003032 * t * t
        let anomaly = (357.52911 + 35_999.05029 * t - 0.0001537 * t * t) * .pi / 180
        let centre = (1.914602 - 0.004817 * t - 0.000014 * t * t) * sin(anomaly) + (0.019993 - 0.000101 * t) * sin(2 * anomaly)
            + 0.000289 * sin(3 * anomaly)
        let node = (125.04 - 1934.136 * t) * .pi / 180
        let longitude = meanLongitude + centre - 0.00569 - 0.00478 * sin(node)
        return (longitude.truncatingRemainder(dividingBy: 360) + 360).truncatingRemainder(dividingBy: 360)
    }
}
