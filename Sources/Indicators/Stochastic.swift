public struct StochasticResult: Sendable {
    public var k: [Double]
    public var d: [Double]
}

/// Slow stochastic with SMA smoothing; both lines start where %D starts, as TA-Lib emits them.
public func stochastic(high: [Double], low: [Double], close: [Double],
                       fastK: Int = 14, slowK: Int = 3, slowD: Int = 3) -> StochasticResult {
    let count = close.count
    var k = TALib.empty(count), d = TALib.empty(count)
    let first = (fastK - 1) + (slowK - 1) + (slowD - 1)
    guard fastK >= 1, slowK >= 1, slowD >= 1, count > first else { return StochasticResult(k: k, d: d) }
    let highest = rollingMax(high, period: fastK)
    let lowest = rollingMin(low, period: fastK)
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
    var out = TALib.empty(values.count)
    guard start + period - 1 < values.count else { return out }
    let tail = sma(Array(values[start...]), period: period)
    for (offset, value) in tail.enumerated() { out[start + offset] = value }
    return out
}
