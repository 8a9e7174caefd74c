import Indicators
import MarketData

/// Everything the rules read for one series: the bars and the indicators computed over them.
public struct Market: Sendable {
    public let series: Series
    public let indicators: IndicatorSet
    /// The 52-week high and low of the bars before each bar, so a new extreme can be recognised.
    let priorHigh52Week: [Double]
    let priorLow52Week: [Double]

    public init(series: Series) {
        self.series = series
        indicators = IndicatorSet(high: series.high, low: series.low, close: series.close, volume: series.volume)
        priorHigh52Week = previous(indicators.high52Week)
        priorLow52Week = previous(indicators.low52Week)
    }

    init(series: Series, indicators: IndicatorSet, priorHigh52Week: [Double], priorLow52Week: [Double]) {
        self.series = series
        self.indicators = indicators
        self.priorHigh52Week = priorHigh52Week
        self.priorLow52Week = priorLow52Week
    }

    /// The market as it stood at the close of bar `n - 1`: every column is causal, so this equals
    /// `Market(series: series.prefix(n))` without computing anything again.
    public func prefix(_ n: Int) -> Market {
        guard n < count else { return self }
        return Market(series: series.prefix(n), indicators: indicators.prefix(n),
                      priorHigh52Week: Array(priorHigh52Week.prefix(n)), priorLow52Week: Array(priorLow52Week.prefix(n)))
    }

    var count: Int { series.count }

    /// `a` crossed above `b` on bar `index` (was at or below on the bar before).
    func crossedAbove(_ a: [Double], _ b: [Double], at index: Int) -> Bool {
        guard index >= 1, index < count else { return false }
        // Plain comparisons, no temporary array: the rules ask this for every bar of the history.
        let now = a[index], other = b[index], before = a[index - 1], otherBefore = b[index - 1]
        guard !now.isNaN, !other.isNaN, !before.isNaN, !otherBefore.isNaN else { return false }
        return now > other && before <= otherBefore
    }

    func crossedBelow(_ a: [Double], _ b: [Double], at index: Int) -> Bool {
        crossedAbove(b, a, at: index)
    }

    func crossedAbove(_ a: [Double], level: Double, at index: Int) -> Bool {
        guard index >= 1, index < count, !a[index].isNaN, !a[index - 1].isNaN else { return false }
        return a[index] > level && a[index - 1] <= level
    }

    func crossedBelow(_ a: [Double], level: Double, at index: Int) -> Bool {
        guard index >= 1, index < count, !a[index].isNaN, !a[index - 1].isNaN else { return false }
        return a[index] < level && a[index - 1] >= level
    }

    /// The most recent bar in the `days` bars ending at `index` for which `happened` holds.
    func latest(within days: Int, endingAt index: Int, where happened: (Int) -> Bool) -> Int? {
        var bar = index
        while bar >= 0 && bar > index - max(1, days) {
            if happened(bar) { return bar }
            bar -= 1
        }
        return nil
    }

    func squeezeOn(at index: Int) -> Bool? {
        let bands = indicators.bollinger, channel = indicators.keltner20
        let upper = bands.upper[index], lower = bands.lower[index]
        let channelUpper = channel.upper[index], channelLower = channel.lower[index]
        guard !upper.isNaN, !lower.isNaN, !channelUpper.isNaN, !channelLower.isNaN else { return nil }
        return upper < channelUpper && lower > channelLower
    }

    func squeezeReleased(at index: Int) -> Bool {
        guard index >= 1, squeezeOn(at: index) == false, squeezeOn(at: index - 1) == true else { return false }
        return true
    }

    func newHigh52Week(at index: Int) -> Bool {
        !priorHigh52Week[index].isNaN && series.high[index] > priorHigh52Week[index]
    }

    func newLow52Week(at index: Int) -> Bool {
        !priorLow52Week[index].isNaN && series.low[index] < priorLow52Week[index]
    }

    func volumeRatio(at index: Int) -> Double? {
        guard let ratios = indicators.relativeVolume20, !ratios[index].isNaN else { return nil }
        return ratios[index]
    }

    func dayChange(at index: Int) -> Double {
        index >= 1 ? series.close[index] - series.close[index - 1] : 0
    }

    func daysAgo(_ bar: Int, from index: Int) -> String {
        switch index - bar {
        case 0: "today"
        case 1: "1 day ago"
        case let n: "\(n) days ago"
        }
    }
}
