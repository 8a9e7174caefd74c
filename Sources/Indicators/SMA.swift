/// Simple moving average with TA-Lib's running sum; first value at `period - 1`.
public func sma(_ values: [Double], period: Int) -> [Double] {
    var out = TALib.empty(values.count)
    guard period >= 1, values.count >= period else { return out }
    var total = 0.0
    for index in 0..<(period - 1) { total += values[index] }
    for index in (period - 1)..<values.count {
        total += values[index]
        out[index] = total / Double(period)
        total -= values[index - period + 1]
    }
    return out
}
