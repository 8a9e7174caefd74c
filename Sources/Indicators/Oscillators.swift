/// On-balance volume; starts at the first bar's volume, exact close comparisons.
public func obv(close: [Double], volume: [Double]) -> [Double] {
    guard !close.isEmpty else { return [] }
    var out = [Double](repeating: 0, count: close.count)
    var running = volume[0]
    out[0] = running
    var index = 1
    while index < close.count {
        if close[index] > close[index - 1] { running += volume[index] }
        else if close[index] < close[index - 1] { running -= volume[index] }
        out[index] = running
        index += 1
    }
    return out
}

/// Williams %R in [-100, 0]; 0 when the window's range is empty.
public func williamsR(high: [Double], low: [Double], close: [Double], period: Int = 14) -> [Double] {
    williamsR(close: close, window: RangeWindow(high: high, low: low, period: period))
}

func williamsR(close: [Double], window: RangeWindow) -> [Double] {
    let period = window.period
    var out = TALib.empty(close.count)
    guard period >= 1, close.count >= period else { return out }
    let (highest, lowest) = (window.highest, window.lowest)
    for index in (period - 1)..<close.count {
        let range = (highest[index] - lowest[index]) / -100
        out[index] = range != 0 ? (highest[index] - close[index]) / range : 0
    }
    return out
}

/// Typical price (H + L + C) / 3.
public func typicalPrice(high: [Double], low: [Double], close: [Double]) -> [Double] {
    var out = [Double](repeating: 0, count: close.count)
    for index in close.indices { out[index] = (high[index] + low[index] + close[index]) / 3 }
    return out
}

/// Commodity channel index: mean deviation around the current window's mean; 0 on a flat window.
public func cci(high: [Double], low: [Double], close: [Double], period: Int = 20) -> [Double] {
    cci(typical: typicalPrice(high: high, low: low, close: close), period: period)
}

func cci(typical: [Double], period: Int) -> [Double] {
    var out = TALib.empty(typical.count)
    guard period >= 1, typical.count >= period else { return out }
    let n = Double(period)
    // Both sums over the window each bar, as TA-Lib does (a running mean would round differently).
    typical.withUnsafeBufferPointer { typical in
        out.withUnsafeMutableBufferPointer { out in
            for index in (period - 1)..<typical.count {
                let window = UnsafeBufferPointer(rebasing: typical[(index - period + 1)...index])
                var total = 0.0
                for value in window { total += value }
                let mean = total / n
                var deviation = 0.0
                for value in window { deviation += abs(value - mean) }
                let distance = typical[index] - mean
                out[index] = distance != 0 && deviation != 0 ? distance / (0.015 * (deviation / n)) : 0
            }
        }
    }
    return out
}

/// Rate of change in percent over `period` bars; 0 when the old close is 0.
public func roc(_ close: [Double], period: Int = 10) -> [Double] {
    var out = TALib.empty(close.count)
    guard period >= 1, close.count > period else { return out }
    for index in period..<close.count {
        let old = close[index - period]
        out[index] = old != 0 ? (close[index] / old - 1) * 100 : 0
    }
    return out
}

/// Money flow index (TA-Lib 0.8.x): running sums of positive and negative flow; a typical-price
/// change within 1e-14 relative counts as no change; 0 when there is no flow at all.
public func mfi(high: [Double], low: [Double], close: [Double], volume: [Double], period: Int = 14) -> [Double] {
    mfi(typical: typicalPrice(high: high, low: low, close: close), volume: volume, period: period)
}

func mfi(typical: [Double], volume: [Double], period: Int) -> [Double] {
    let count = typical.count
    var out = TALib.empty(count)
    guard period >= 1, count > period else { return out }
    var positive = [Double](repeating: 0, count: count)
    var negative = [Double](repeating: 0, count: count)
    for index in 1..<count {
        let now = typical[index], before = typical[index - 1]
        if abs(now - before) <= 1e-14 * (abs(now) + abs(before)) { continue }
        if now > before { positive[index] = now * volume[index] } else { negative[index] = now * volume[index] }
    }
    var positiveSum = 0.0, negativeSum = 0.0
    for index in 1...period {
        positiveSum += positive[index]
        negativeSum += negative[index]
    }
    func value() -> Double {
        let total = positiveSum + negativeSum
        return total <= 0 ? 0 : 100 * (positiveSum / total)
    }
    out[period] = value()
    var index = period + 1
    while index < count {
        positiveSum -= positive[index - period]
        negativeSum -= negative[index - period]
        positiveSum += positive[index]
        negativeSum += negative[index]
        out[index] = value()
        index += 1
    }
    return out
}
