/// Wilder's RSI: averages seeded with the simple mean of the first `period` changes,
/// first value at `period`; 0 when both averages vanish (TA-Lib 0.8.x).
public func rsi(_ close: [Double], period: Int = 14) -> [Double] {
    var out = TALib.empty(close.count)
    guard period >= 1, close.count > period else { return out }
    let n = Double(period)
    var gain = 0.0, loss = 0.0
    for index in 1...period {
        let change = close[index] - close[index - 1]
        if change < 0 { loss -= change } else { gain += change }
    }
    gain /= n
    loss /= n
    func value() -> Double {
        let total = gain + loss
        return TALib.isZero(total) ? 0 : 100 * (gain / total)
    }
    out[period] = value()
    var index = period + 1
    while index < close.count {
        let change = close[index] - close[index - 1]
        gain *= n - 1
        loss *= n - 1
        if change < 0 { loss -= change } else { gain += change }
        gain /= n
        loss /= n
        out[index] = value()
        index += 1
    }
    return out
}
