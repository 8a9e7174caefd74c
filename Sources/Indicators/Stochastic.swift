public struct StochasticResult: Sendable {
    public var k: [Double]
    public var d: [Double]
}

/// Slow stochastic with SMA smoothing; both lines start where %D starts, as TA-Lib emits them.
public func stochastic(high: [Double], low: [Double], close: [Double],
                       fastK: Int = 14, slowK: Int = 3, slowD: Int = 3) -> StochasticResult {
    stochastic(close: close, window: RangeWindow(high: high, low: low, period: fastK), slowK: slowK, slowD: slowD)
}

/// The slow stochastic over a `window` already computed (Williams %R reads the same one).
func stochastic(close: [Double], window: RangeWindow, slowK: Int, slowD: Int) -> StochasticResult {
    let count = close.count, fastK = window.period
    var k = TALib.empty(count), d = TALib.empty(count)
    let first = (fastK - 1) + (slowK - 1) + (slowD - 1)
    guard fastK >= 1, slowK >= 1, slowD >= 1, count > first else { return StochasticResult(k: k, d: d) }
    let (highest, lowest) = (window.highest, window.lowest)
    var fast = TALib.empty(count)
    for index in (fastK - 1)..<count {
        let range = (highest[index] - lowest[index]) / 100
        fast[index] = range != 0 ? (close[index] - lowest[index]) / range : 0
    }
    let slowKLine = smaFrom(fast, start: fastK - 1, period: slowK)
    let slowDLine = smaFrom(slowKLine, start: fastK - 1 + slowK - 1, period: slowD)
    for index in first..<count {
        k[index] = slowKLine[index]
        d[index] = slowDLine[index]
    }
    return StochasticResult(k: k, d: d)
}

/// SMA of `values` whose first valid input is at `start`.
func smaFrom(_ values: [Double], start: Int, period: Int) -> [Double] {
    sma(values, period: period, from: start)
}
