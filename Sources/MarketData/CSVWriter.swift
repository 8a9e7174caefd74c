/// Writes a series in the layout `CSVReader` reads: `Date,Open,High,Low,Close[,Volume]`.
public enum CSVWriter {
    public static func csv(_ series: Series) -> String {
        var out = series.volume == nil ? "Date,Open,High,Low,Close\n" : "Date,Open,High,Low,Close,Volume\n"
        out.reserveCapacity(series.count * 48)
        for index in 0..<series.count {
            out += series.dates[index].iso
            for value in [series.open[index], series.high[index], series.low[index], series.close[index]] {
                out += ","
                out += NumberText.shortest(value)
            }
            if let volume = series.volume {
                out += ","
                out += NumberText.shortest(volume[index])
            }
            out += "\n"
        }
        return out
    }
}

/// Number formatting that round-trips: the shortest decimal that reads back as the same Double.
public enum NumberText {
    public static func shortest(_ value: Double) -> String {
        if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
        return "\(value)"
    }

    /// `shortest(value)`, appended to a byte buffer without an intermediate string on the heap.
    public static func appendShortest(_ value: Double, to out: inout [UInt8]) {
        if value == value.rounded(), abs(value) < 1e15 {
            out += String(Int64(value)).utf8
        } else {
            out += value.description.utf8
        }
    }

    static let powers: [Double] = [1, 10, 100, 1_000, 10_000, 100_000, 1_000_000]

    /// `value` with exactly `decimals` digits after the point, like `%.Nf` (ties to even), without
    /// a format string: pages and charts print hundreds of thousands of numbers.
    public static func fixed(_ value: Double, _ decimals: Int) -> String {
        let scaled = (abs(value) * powers[min(max(decimals, 0), 6)]).rounded(.toNearestOrEven)
        guard value.isFinite, scaled < 1e15 else { return String(format: "%.\(decimals)f", value) }
        var digits = Array(String(Int64(scaled)).utf8)
        if digits.count <= decimals { digits = Array(repeating: UInt8(ascii: "0"), count: decimals + 1 - digits.count) + digits }
        var out: [UInt8] = value < 0 && scaled != 0 ? [UInt8(ascii: "-")] : []
        out += digits[..<(digits.count - decimals)]
        if decimals > 0 {
            out.append(UInt8(ascii: "."))
            out += digits[(digits.count - decimals)...]
        }
        return String(decoding: out, as: UTF8.self)
    }
}
