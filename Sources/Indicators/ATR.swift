/// True range per bar; NaN at bar 0, which has no previous close.
public func trueRange(high: [Double], low: [Double], close: [Double]) -> [Double] {
    var out = TALib.empty(close.count)
    var index = 1
    while index < close.count {
        out[index] = TALib.trueRange(high: high[index], low: low[index], previousClose: close[index - 1])
        index += 1
    }
    return out
}

/// Wilder's average true range: seeded with the mean of TR[1...period], first value at `period`.
public func atr(high: [Double], low: [Double], close: [Double], period: Int = 14) -> [Double] {
    var out = TALib.empty(close.count)
    guard period >= 1, close.count > period else { return out }
    // Each bar's true range as it is needed, rather than a whole array of them first.
    let range = { (index: Int) in TALib.trueRange(high: high[index], low: low[index], previousClose: close[index - 1]) }
    let n = Double(period)
    var total = 0.0
    for index in 1...period { total += range(index) }
    var previous = total / n
    out[period] = previous
    var index = period + 1
    while index < close.count {
        previous = (previous * (n - 1) + range(index)) / n
        out[index] = previous
        index += 1
    }
    return out
}

/// Normalised ATR: ATR as a percentage of the close.
public func natr(high: [Double], low: [Double], close: [Double], period: Int = 14) -> [Double] {
    natr(atr: atr(high: high, low: low, close: close, period: period), close: close)
}

/// NATR from the ATR already computed.
func natr(atr values: [Double], close: [Double]) -> [Double] {
    var out = values
    for index in values.indices where !values[index].isNaN {
        out[index] = close[index] != 0 ? values[index] / close[index] * 100 : 0
    }
    return out
}
