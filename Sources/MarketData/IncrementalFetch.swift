import Core

/// Fetching only what is new: the request starts a week before the last cached bar, the
/// overlapping bars must match the cached ones, and the bars after it are appended to the
/// cached file. A mismatch means the provider re-based its adjusted history (a split, a
/// dividend): the whole history is fetched again, so every bar is on the new basis.
enum IncrementalFetch {
    /// Calendar days of overlap: a week holds a trading day whatever the holidays.
    static let overlapDays = 7

    struct Base {
        /// The cached file, as it is stored.
        var body: [UInt8]
        var series: Series
        var last: Day
    }

    enum Whole: Equatable {
        /// An overlapping bar differs from the cached one.
        case pricesChanged
        /// The answer does not overlap the cache, or cannot be appended line by line.
        case cannotAppend
    }

    enum Merge: Equatable {
        case merged([UInt8], newBars: Int)
        case whole(Whole)
    }

    static func merge(_ base: Base, fresh: [UInt8], freshSeries: Series) -> Merge {
        let position = Dictionary(base.series.dates.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
        var overlap = 0
        for (index, day) in freshSeries.dates.enumerated() where day <= base.last {
            guard let cachedIndex = position[day] else { return .whole(.pricesChanged) }
            overlap += 1
            if !same(freshSeries, index, base.series, cachedIndex) { return .whole(.pricesChanged) }
        }
        guard overlap > 0 else { return .whole(.cannotAppend) }
        let cachedLines = lines(base.body), freshLines = lines(fresh)
        guard let header = cachedLines.first, freshLines.first == header else { return .whole(.cannotAppend) }
        let added = freshLines.filter { line in leadingDay(line).map { $0 > base.last } ?? false }
        guard added.count == freshSeries.dates.filter({ $0 > base.last }).count else { return .whole(.cannotAppend) }
        let body = cachedLines + added
        return .merged(Array((body.joined(separator: "\n") + "\n").utf8), newBars: added.count)
    }

    /// The same bar: prices within a relative 1e-9 (a provider's rounding), volumes equal.
    static func same(_ a: Series, _ i: Int, _ b: Series, _ j: Int) -> Bool {
        func close(_ x: Double, _ y: Double) -> Bool { abs(x - y) <= 1e-9 * max(abs(x), abs(y), 1e-12) }
        return close(a.open[i], b.open[j]) && close(a.high[i], b.high[j]) && close(a.low[i], b.low[j]) && close(a.close[i], b.close[j])
            && a.volume?[i] == b.volume?[j]
    }

    /// The file's lines, without their `\n` or `\r\n` (split as bytes: a `\r\n` is one Character to Swift).
    static func lines(_ body: [UInt8]) -> [String] {
        body.split(separator: UInt8(ascii: "\n")).map { line in
            String(decoding: line.last == UInt8(ascii: "\r") ? line.dropLast() : line, as: UTF8.self)
        }.filter { !$0.isEmpty }
    }

    /// The ISO date a data line starts with (`2026-11-27,...`), nil for a header.
    static func leadingDay(_ line: String) -> Day? {
        guard line.utf8.count >= 11 else { return nil }
        let delimiter = line.utf8[line.utf8.index(line.utf8.startIndex, offsetBy: 10)]
        guard delimiter == UInt8(ascii: ",") || delimiter == UInt8(ascii: ";") || delimiter == UInt8(ascii: "\t") else { return nil }
        return Day(iso: line.prefix(10))
    }
}
