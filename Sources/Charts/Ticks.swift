import Core
import Foundation
import MarketData

/// Axis ticks a reader expects: round price steps (1, 2, 2.5, 5 x 10^n) and calendar dates.
enum Ticks {
    /// At least `minimum` round ticks where the range allows: a price axis with three is too coarse to read.
    static func nice(min low: Double, max high: Double, atLeast minimum: Int) -> [Double] {
        var count = 5
        var ticks = nice(min: low, max: high, count: count)
        while ticks.count < minimum && count < 20 {
            count += 2
            ticks = nice(min: low, max: high, count: count)
        }
        return ticks
    }

    static func nice(min low: Double, max high: Double, count: Int = 5) -> [Double] {
        guard high > low, low.isFinite, high.isFinite else { return [low] }
        let raw = (high - low) / Double(count)
        // A range of a few ulps (or one too wide to subtract) has no round steps: one tick.
        guard raw.isFinite, raw > high.magnitude.ulp * 16 else { return [low] }
        let magnitude = pow(10, floor(log10(raw)))
        let step = [1, 2, 2.5, 5, 10].map { $0 * magnitude }.first { $0 >= raw } ?? 10 * magnitude
        var value = ceil(low / step) * step
        var ticks: [Double] = []
        // Bounded as well: a step too small to change the value must never loop.
        while value <= high + step * 1e-9 && ticks.count <= count * 3 {
            ticks.append(value)
            value += step
        }
        return ticks
    }

    /// Indices of the first bar of each month (short spans) or each year (long spans), with labels.
    static func dates(_ dates: ArraySlice<Day>) -> [(index: Int, label: String)] {
        guard let first = dates.first, let last = dates.last else { return [] }
        let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        let span = last.daysSinceEpoch - first.daysSinceEpoch
        let monthStep = span <= 400 ? 1 : span <= 1100 ? 3 : 0
        var ticks: [(Int, String)] = []
        var previous = first.components
        for index in dates.indices.dropFirst() {
            let now = dates[index].components
            if monthStep == 0 {
                if now.year != previous.year { ticks.append((index, String(now.year))) }
            } else if now.month != previous.month, (now.month - 1) % monthStep == 0 {
                ticks.append((index, now.month == 1 ? "\(months[0]) \(now.year)" : months[now.month - 1]))
            }
            previous = now
        }
        if monthStep == 0 && ticks.count > 12 {
            let keep = (ticks.count + 11) / 12
            ticks = ticks.enumerated().filter { $0.offset % keep == 0 }.map(\.element)
        }
        // The first month label carries its year, so a reader knows where the axis starts.
        if monthStep > 0, let first = ticks.first, !first.1.contains(" ") {
            ticks[0].1 = "\(first.1) \(dates[first.0].components.year)"
        }
        return ticks
    }
}
