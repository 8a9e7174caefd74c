/// Exponential moving average, k = 2/(N+1), seeded with the SMA of the first `period` values
/// (TA-Lib's default, not the Metastock first-value seed).
public func ema(_ values: [Double], period: Int) -> [Double] {
    ema(values, period: period, seedStart: 0)
}

/// EMA whose seed is the SMA of `values[seedStart ..< seedStart + period]`; NaN before the seed's end.
func ema(_ values: [Double], period: Int, seedStart: Int) -> [Double] {
    var out = TALib.empty(values.count)
    let first = seedStart + period - 1
    guard period >= 1, seedStart >= 0, values.count > first else { return out }
    let k = 2.0 / Double(period + 1)
    var total = 0.0
    for index in seedStart...first { total += values[index] }
    var previous = total / Double(period)
    out[first] = previous
    var index = first + 1
    while index < values.count {
        previous = (values[index] - previous) * k + previous
        out[index] = previous
        index += 1
    }
    return out
}
