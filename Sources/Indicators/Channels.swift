public struct ChannelResult: Sendable {
    public var upper: [Double]
    public var middle: [Double]
    public var lower: [Double]
}

/// Keltner channel: EMA middle, +/- `multiplier` ATRs (the band Bollinger squeezes are measured against).
public func keltner(high: [Double], low: [Double], close: [Double], period: Int = 20,
                    atrPeriod: Int = 20, multiplier: Double = 1.5) -> ChannelResult {
    let middle = ema(close, period: period)
    let range = atr(high: high, low: low, close: close, period: atrPeriod)
    var upper = TALib.empty(close.count), lower = TALib.empty(close.count)
    for index in close.indices where !middle[index].isNaN && !range[index].isNaN {
        upper[index] = middle[index] + multiplier * range[index]
        lower[index] = middle[index] - multiplier * range[index]
    }
    return ChannelResult(upper: upper, middle: middle, lower: lower)
}

/// Donchian channel of the `period` bars before each bar (today excluded, so a close above the
/// upper line is a breakout).
public func donchian(high: [Double], low: [Double], period: Int = 20) -> ChannelResult {
    let upper = previous(rollingMax(high, period: period))
    let lower = previous(rollingMin(low, period: period))
    var middle = TALib.empty(high.count)
    for index in high.indices where !upper[index].isNaN { middle[index] = (upper[index] + lower[index]) / 2 }
    return ChannelResult(upper: upper, middle: middle, lower: lower)
}

/// Today's volume relative to the mean of the `period` bars before it; NaN when that mean is 0.
public func relativeVolume(_ volume: [Double], period: Int = 20) -> [Double] {
    let average = previous(sma(volume, period: period))
    var out = TALib.empty(volume.count)
    for index in volume.indices where !average[index].isNaN && average[index] > 0 {
        out[index] = volume[index] / average[index]
    }
    return out
}
