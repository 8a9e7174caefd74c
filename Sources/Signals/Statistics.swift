import Core
import Foundation
import MarketData

/// Performance and risk of one series as of its last bar. Conventions follow quantstats:
/// simple daily returns, a 252-day year, risk-free rate 0, sample standard deviation.
public struct Statistics: Sendable, Equatable {
    public struct Drawdown: Sendable, Equatable {
        /// Negative fraction, e.g. -0.25 for a 25% fall.
        public var depth: Double
        public var peak: Day
        public var trough: Day
        /// `nil` while the series is still below the peak.
        public var recovery: Day?
    }

    /// Returns over each period; a period is absent when the history is too short for it.
    public var returns: [ReturnPeriod: Double]
    public var cagr: Double?
    public var volatility20Day: Double?
    public var volatility1Year: Double?
    public var sharpe: Double?
    public var sortino: Double?
    public var maxDrawdown: Drawdown?
    public var calmar: Double?
    public var upDayShare: Double?
    public var distanceFrom52WeekHigh: Double?


    public init(series: Series, high52Week: Double?) {
        let close = series.close
        let last = close.count - 1
        var returns: [ReturnPeriod: Double] = [:]
        for period in ReturnPeriod.allCases {
            if let start = period.start(in: series) { returns[period] = close[last] / close[start] - 1 }
        }
        self.returns = returns

        let daily = Statistics.dailyReturns(close)
        if last >= 1 {
            let years = Double(series.dates[last].daysSinceEpoch - series.dates[0].daysSinceEpoch) / 365.25
            if years > 0 { cagr = pow(close[last] / close[0], 1 / years) - 1 }
        }
        volatility20Day = Statistics.annualisedVolatility(daily.suffix(20), minimum: 20)
        volatility1Year = Statistics.annualisedVolatility(daily.suffix(252), minimum: 252)
        if daily.count >= 2 {
            let mean = daily.reduce(0, +) / Double(daily.count)
            if let deviation = Statistics.sampleStandardDeviation(daily[...]), deviation > 0 {
                sharpe = mean / deviation * 252.0.squareRoot()
            }
            let downside = (daily.reduce(0) { $0 + min($1, 0) * min($1, 0) } / Double(daily.count)).squareRoot()
            if downside > 0 { sortino = mean / downside * 252.0.squareRoot() }
            upDayShare = Double(daily.filter { $0 > 0 }.count) / Double(daily.count)
        }
        maxDrawdown = Statistics.maximumDrawdown(series)
        if let cagr, let depth = maxDrawdown?.depth, depth < 0 { calmar = cagr / abs(depth) }
        if last >= 0, let high52Week, high52Week > 0 { distanceFrom52WeekHigh = close[last] / high52Week - 1 }
    }

    static func dailyReturns(_ close: [Double]) -> [Double] {
        guard close.count >= 2 else { return [] }
        return (1..<close.count).map { close[$0] / close[$0 - 1] - 1 }
    }

    static func sampleStandardDeviation(_ values: ArraySlice<Double>) -> Double? {
        guard values.count >= 2 else { return nil }
        let mean = values.reduce(0, +) / Double(values.count)
        let squares = values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) }
        return (squares / Double(values.count - 1)).squareRoot()
    }

    static func annualisedVolatility(_ values: ArraySlice<Double>, minimum: Int) -> Double? {
        guard values.count >= minimum else { return nil }
        return sampleStandardDeviation(values).map { $0 * 252.0.squareRoot() }
    }

    static func maximumDrawdown(_ series: Series) -> Drawdown? {
        let close = series.close
        guard close.count >= 2 else { return nil }
        var peakIndex = 0, worst = 0.0, worstPeak = 0, worstTrough = 0
        for index in close.indices {
            if close[index] > close[peakIndex] { peakIndex = index }
            let depth = close[index] / close[peakIndex] - 1
            if depth < worst { worst = depth; worstPeak = peakIndex; worstTrough = index }
        }
        guard worst < 0 else { return nil }
        let recovery = close[worstTrough...].indices.first { close[$0] >= close[worstPeak] }
        return Drawdown(depth: worst, peak: series.dates[worstPeak], trough: series.dates[worstTrough],
                        recovery: recovery.map { series.dates[$0] })
    }
}
