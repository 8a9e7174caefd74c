/// Simple moving average with TA-Lib's running sum; first value at `period - 1`.
public func sma(_ values: [Double], period: Int) -> [Double] {
    sma(values, period: period, from: 0)
}

/// SMA of `values` whose first valid input is at `start`: first value at `start + period - 1`.
func sma(_ values: [Double], period: Int, from start: Int) -> [Double] {
    var out = TALib.empty(values.count)
    guard period >= 1, start >= 0, values.count - start >= period else { return out }
    var total = 0.0
    for index in start..<(start + period - 1) { total += values[index] }
    for index in (start + period - 1)..<values.count {
        total += values[index]
        out[index] = total / Double(period)
        total -= values[index - period + 1]
    }
    return out
}
