import Core
import MarketData

/// What a quantstats tearsheet shows of one series, as numbers the charts draw: the drawdown
/// from the running peak on every bar, compounded monthly returns, and the rolling six-month
/// Sharpe ratio. Same conventions as `Statistics`: simple returns, 252-day year, risk-free 0.
public struct Tearsheet: Sendable, Equatable {
    public struct Month: Sendable, Equatable {
        public var year: Int
        /// 1 to 12.
        public var month: Int
        public var value: Double
    }

    /// 0 at a new high, negative below it (-0.25: 25% under the peak), on every bar.
    public var drawdown: [Double]
    /// From the last close of the month before (the first month: from its first close).
    public var monthlyReturns: [Month]
    /// Annualised Sharpe ratio of the 126 daily returns ending on each bar; NaN before that.
    public var rollingSharpe: [Double]

    public static let sharpeWindow = 126

    public init(series: Series) {
        let close = series.close
        var peak = -Double.infinity
        drawdown = close.map { value in
            peak = max(peak, value)
            return value / peak - 1
        }
        var months: [Month] = []
        var start = close.first ?? 0
        for index in close.indices {
            let (year, month, _) = series.dates[index].components
            let endsMonth = index + 1 == close.count || series.dates[index + 1].components.month != month
            if endsMonth {
                months.append(Month(year: year, month: month, value: close[index] / start - 1))
                start = close[index]
            }
        }
        monthlyReturns = months
        rollingSharpe = Self.rollingSharpe(close, window: Self.sharpeWindow)
    }

    /// Running sums of returns and their squares: one pass however long the history.
    static func rollingSharpe(_ close: [Double], window: Int) -> [Double] {
        var result = [Double](repeating: .nan, count: close.count)
        guard close.count > window else { return result }
        var sum = 0.0, squares = 0.0
        let daily = [0] + (1..<close.count).map { close[$0] / close[$0 - 1] - 1 }
        for index in 1..<close.count {
            sum += daily[index]
            squares += daily[index] * daily[index]
            if index > window {
                sum -= daily[index - window]
                squares -= daily[index - window] * daily[index - window]
            }
            guard index >= window else { continue }
            let n = Double(window), mean = sum / n
            let variance = max(0, (squares - n * mean * mean) / (n - 1))
            result[index] = variance > 0 ? mean / variance.squareRoot() * 252.0.squareRoot() : .nan
        }
        return result
    }
}

/// A symbol against the site's benchmark over the same windows and the same days.
public struct BenchmarkComparison: Sendable, Equatable {
    public struct Window: Sendable, Equatable {
        public var period: ReturnPeriod
        public var symbol: Double
        public var benchmark: Double
        public var excess: Double { symbol - benchmark }
    }

    public var benchmark: String
    /// Each period both histories reach back to.
    public var windows: [Window]
    /// Of the symbol's daily returns on the benchmark's, over the last year of days both traded.
    public var beta: Double?
    public var correlation: Double?
    /// Days the beta and correlation are computed from.
    public var days: Int

    public static let periods: [ReturnPeriod] = [.oneMonth, .threeMonths, .sixMonths, .yearToDate, .oneYear]

    /// `benchmark` cut at the same date as `series`: a delayed edition compares what it shows.
    public init(_ series: Series, benchmark: Series) {
        self.benchmark = benchmark.symbol
        var benchmarkClose: [Day: Double] = [:]
        for (day, close) in zip(benchmark.dates, benchmark.close) { benchmarkClose[day] = close }
        // The benchmark's close on `day`, or on its last trading day before (a holiday on one exchange).
        let sortedDays = benchmark.dates
        func benchmarkOn(_ day: Day) -> Double? {
            if let close = benchmarkClose[day] { return close }
            var low = 0, high = sortedDays.count
            while low < high {
                let mid = (low + high) / 2
                if sortedDays[mid] <= day { low = mid + 1 } else { high = mid }
            }
            return low > 0 ? benchmark.close[low - 1] : nil
        }
        var windows: [Window] = []
        if let last = series.dates.indices.last, let end = benchmarkOn(series.dates[last]) {
            for period in Self.periods {
                guard let start = period.start(in: series), sortedDays.first.map({ $0 <= series.dates[start] }) == true,
                      let from = benchmarkOn(series.dates[start]) else { continue }
                windows.append(Window(period: period, symbol: series.close[last] / series.close[start] - 1, benchmark: end / from - 1))
            }
        }
        self.windows = windows
        // Daily returns on the days both traded, each from the previous day both traded.
        var pairs: [(Double, Double)] = []
        var previous: (Double, Double)?
        for (day, close) in zip(series.dates.suffix(260), series.close.suffix(260)) {
            guard let other = benchmarkClose[day] else { continue }
            if let (a, b) = previous { pairs.append((close / a - 1, other / b - 1)) }
            previous = (close, other)
        }
        pairs = Array(pairs.suffix(252))
        days = pairs.count
        guard pairs.count >= 20 else { return }
        let n = Double(pairs.count)
        let meanX = pairs.reduce(0) { $0 + $1.0 } / n, meanY = pairs.reduce(0) { $0 + $1.1 } / n
        var covariance = 0.0, varianceX = 0.0, varianceY = 0.0
        for (x, y) in pairs {
            covariance += (x - meanX) * (y - meanY)
            varianceX += (x - meanX) * (x - meanX)
            varianceY += (y - meanY) * (y - meanY)
        }
        if varianceY > 0 { beta = covariance / varianceY }
        if varianceX > 0, varianceY > 0 { correlation = covariance / (varianceX * varianceY).squareRoot() }
    }
}
