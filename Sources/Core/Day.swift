/// A calendar date without a time zone, as trading days are published.
/// Stored as days since 1970-01-01 so that ordering and arithmetic are integer operations.
public struct Day: Hashable, Comparable, Sendable, CustomStringConvertible {
    public let daysSinceEpoch: Int

    public init(daysSinceEpoch: Int) {
        self.daysSinceEpoch = daysSinceEpoch
    }

    public init?(year: Int, month: Int, day: Int) {
        guard (1...12).contains(month), day >= 1, day <= Day.daysIn(month: month, year: year) else { return nil }
        self.daysSinceEpoch = Day.days(year: year, month: month, day: day)
    }

    /// Parses exactly `YYYY-MM-DD`; anything else (US order, times, slashes) is rejected.
    public init?<S: StringProtocol>(iso text: S) {
        self.init(isoBytes: ArraySlice(text.utf8))
    }

    /// Parses exactly `YYYY-MM-DD` from UTF-8 bytes.
    public init?(isoBytes bytes: ArraySlice<UInt8>) {
        // Read by offset: a CSV field is a slice in the middle of its file, and copying it to
        // rebase its indices would allocate once per row.
        let base = bytes.startIndex
        guard bytes.count == 10, bytes[base + 4] == UInt8(ascii: "-"), bytes[base + 7] == UInt8(ascii: "-") else { return nil }
        func number(_ range: Range<Int>) -> Int? {
            var value = 0
            for index in range {
                let digit = Int(bytes[base + index]) - 48
                guard (0...9).contains(digit) else { return nil }
                value = value * 10 + digit
            }
            return value
        }
        guard let y = number(0..<4), let m = number(5..<7), let d = number(8..<10) else { return nil }
        self.init(year: y, month: m, day: d)
    }

    public var components: (year: Int, month: Int, day: Int) {
        // Howard Hinnant's civil_from_days.
        let z = daysSinceEpoch + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (m <= 2 ? 1 : 0), m, d)
    }

    public var year: Int { components.year }

    /// 0 = Sunday ... 6 = Saturday.
    public var weekday: Int { ((daysSinceEpoch % 7) + 11) % 7 }

    public var isWeekend: Bool { weekday == 0 || weekday == 6 }

    public func adding(days: Int) -> Day { Day(daysSinceEpoch: daysSinceEpoch + days) }

    /// Weekdays after this day, up to and including `later`: the trading days between them,
    /// less the exchange's holidays.
    public func weekdays(through later: Day) -> Int {
        guard later > self else { return 0 }
        let days = later.daysSinceEpoch - daysSinceEpoch
        var count = days / 7 * 5
        for offset in stride(from: days / 7 * 7 + 1, through: days, by: 1) where !adding(days: offset).isWeekend { count += 1 }
        return count
    }

    public var iso: String {
        let (y, m, d) = components
        guard (0...9999).contains(y) else { return Day.pad(y, 4) + "-" + Day.pad(m, 2) + "-" + Day.pad(d, 2) }
        // Ten ASCII bytes written in place, a small string that allocates nothing: the padded
        // concatenation took about 2,800 instructions, and a build formats tens of thousands of dates.
        return String(unsafeUninitializedCapacity: 10) { text in
            func put(_ value: Int, width: Int, at start: Int) {
                var rest = value
                for index in (start..<start + width).reversed() {
                    text[index] = UInt8(ascii: "0") + UInt8(rest % 10)
                    rest /= 10
                }
            }
            put(y, width: 4, at: 0)
            text[4] = UInt8(ascii: "-")
            put(m, width: 2, at: 5)
            text[7] = UInt8(ascii: "-")
            put(d, width: 2, at: 8)
            return 10
        }
    }

    public var description: String { iso }

    /// Midnight UTC of this day as a Unix time.
    public var unixTime: Int { daysSinceEpoch * 86_400 }

    public static func < (lhs: Day, rhs: Day) -> Bool { lhs.daysSinceEpoch < rhs.daysSinceEpoch }

    public static func days(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = month > 2 ? month - 3 : month + 9
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    public static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    private static func pad(_ value: Int, _ width: Int) -> String {
        let text = String(value)
        return String(repeating: "0", count: max(0, width - text.count)) + text
    }
}

/// Stored as its ISO text (`"2026-11-27"`), as every file and table of SignalPress writes a date.
extension Day: Codable {
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let day = Day(iso: text) else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "expected a date YYYY-MM-DD, got '\(text)'")
        }
        self = day
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(iso)
    }
}
