import Core

/// Timestamps as the ledger stores them: UTC, `YYYY-MM-DDTHH:MM:SSZ`, so text order is time order.
public enum UTCTime {
    static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    /// `10/Oct/2026:13:55:36 -0700`, as in nginx's `$time_local`.
    static func fromCommonLog(_ text: Substring) -> String? {
        let parts = text.split(whereSeparator: { $0 == "/" || $0 == ":" || $0 == " " })
        guard parts.count == 7, let day = Int(parts[0]), let month = months.firstIndex(of: String(parts[1])).map({ $0 + 1 }),
              let year = Int(parts[2]), let hour = Int(parts[3]), let minute = Int(parts[4]), let second = Int(parts[5]),
              let offset = zoneOffset(parts[6]) else { return nil }
        return make(year, month, day, hour, minute, second, offset: offset)
    }

    /// `2026-10-10T13:55:36+00:00`, `...Z`, or with fractional seconds.
    static func fromISO8601(_ text: String) -> String? {
        let bytes = Array(text.utf8)
        guard bytes.count >= 19 else { return nil }
        func number(_ range: Range<Int>) -> Int? { Int(String(decoding: bytes[range], as: UTF8.self)) }
        guard let year = number(0..<4), let month = number(5..<7), let day = number(8..<10), let hour = number(11..<13),
              let minute = number(14..<16), let second = number(17..<19) else { return nil }
        var rest = Substring(String(decoding: bytes[19...], as: UTF8.self))
        if rest.hasPrefix(".") { rest = rest.drop { $0 == "." || $0.isNumber } }
        let offset: Int?
        if rest == "Z" || rest.isEmpty { offset = 0 } else { offset = zoneOffset(Substring(rest.replacingOccurrences(of: ":", with: ""))) }
        guard let offset else { return nil }
        return make(year, month, day, hour, minute, second, offset: offset)
    }

    static func zoneOffset(_ text: Substring) -> Int? {
        guard text.count == 5, let sign = text.first, sign == "+" || sign == "-", let value = Int(text.dropFirst()) else { return nil }
        let seconds = (value / 100) * 3600 + (value % 100) * 60
        return sign == "-" ? -seconds : seconds
    }

    static func make(_ year: Int, _ month: Int, _ day: Int, _ hour: Int, _ minute: Int, _ second: Int, offset: Int) -> String? {
        guard (1...12).contains(month), (1...31).contains(day), (0...23).contains(hour), (0...59).contains(minute), (0...60).contains(second) else { return nil }
        guard let date = Day(year: year, month: month, day: day) else { return nil }
        let seconds = date.unixTime + hour * 3600 + minute * 60 + second - offset
        return format(unix: seconds)
    }

    public static func format(unix: Int) -> String {
        let days = Int((Double(unix) / 86400).rounded(.down))
        let rest = unix - days * 86400
        func two(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
        return "\(Day(daysSinceEpoch: days).iso)T\(two(rest / 3600)):\(two(rest % 3600 / 60)):\(two(rest % 60))Z"
    }

    public static func unix(_ stamp: String) -> Int? {
        guard let parsed = fromISO8601(stamp) else { return nil }
        let bytes = Array(parsed.utf8)
        func number(_ range: Range<Int>) -> Int { Int(String(decoding: bytes[range], as: UTF8.self))! }
        guard let date = Day(year: number(0..<4), month: number(5..<7), day: number(8..<10)) else { return nil }
        return date.unixTime + number(11..<13) * 3600 + number(14..<16) * 60 + number(17..<19)
    }

}
