public struct BandsResult: Sendable {
    public var upper: [Double]
    public var middle: [Double]
    public var lower: [Double]
}

/// Bollinger bands: SMA middle, +/- `deviations` population standard deviations of the same window,
/// the variance taken as mean(x^2) - mean(x)^2 over running sums as TA-Lib does.
public func bollinger(_ close: [Double], period: Int = 20, deviations: Double = 2) -> BandsResult {
    bollinger(close, middle: sma(close, period: period), period: period, deviations: deviations)
}

/// Bollinger bands around `middle`, the SMA of the same period already computed.
func bollinger(_ close: [Double], middle: [Double], period: Int, deviations: Double) -> BandsResult {
    let count = close.count
    var upper = TALib.empty(count), lower = TALib.empty(count)
    guard period >= 1, count >= period else { return BandsResult(upper: upper, middle: middle, lower: lower) }
    var sum = 0.0, sumSquares = 0.0
    let n = Double(period)
    for index in 0..<(period - 1) {
        sum += close[index]
        sumSquares += close[index] * close[index]
    }
    for index in (period - 1)..<count {
        let value = close[index]
        sum += value
        sumSquares += value * value
        let mean = sum / n
        let variance = sumSquares / n - mean * mean
        let deviation = variance > 0 ? variance.squareRoot() : 0
        upper[index] = middle[index] + deviations * deviation
        lower[index] = middle[index] - deviations * deviation
        let old = close[index - period + 1]
        sum -= old
        sumSquares -= old * old
    }
    return BandsResult(upper: upper, middle: middle, lower: lower)
}
