public struct MACDResult: Sendable {
    public var macd: [Double]
    public var signal: [Double]
    public var histogram: [Double]
}

/// MACD as TA-Lib computes it: both EMAs start at bar `slow - 1` (the fast one seeded from the
/// `fast` closes ending there), the signal is an SMA-seeded EMA of the MACD line, and all three
/// outputs start together at `slow + signal - 2`.
public func macd(_ close: [Double], fast: Int = 12, slow: Int = 26, signal: Int = 9) -> MACDResult {
    macd(close, fast: fast, slowEMA: ema(close, period: slow), slow: slow, signal: signal)
}

/// MACD whose slow EMA (the plain `slow`-period EMA, seeded at bar 0) is already computed.
func macd(_ close: [Double], fast: Int, slowEMA: [Double], slow: Int, signal: Int) -> MACDResult {
    let count = close.count
    var line = TALib.empty(count), signalLine = TALib.empty(count), histogram = TALib.empty(count)
    let start = slow - 1
    let first = start + signal - 1
    guard fast >= 1, slow > fast, signal >= 1, count > first else {
        return MACDResult(macd: line, signal: signalLine, histogram: histogram)
    }
    let fastEMA = ema(close, period: fast, seedStart: start - fast + 1)
    var raw = TALib.empty(count)
    for index in start..<count { raw[index] = fastEMA[index] - slowEMA[index] }
    let smoothed = ema(raw, period: signal, seedStart: start)
    for index in first..<count {
        line[index] = raw[index]
        signalLine[index] = smoothed[index]
        histogram[index] = raw[index] - smoothed[index]
    }
    return MACDResult(macd: line, signal: signalLine, histogram: histogram)
}
