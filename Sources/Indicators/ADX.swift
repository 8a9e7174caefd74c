public struct DirectionalResult: Sendable {
    /// +DI, from bar `period`.
    public var plusDI: [Double]
    /// -DI, from bar `period`.
    public var minusDI: [Double]
    /// ADX, from bar `2 * period - 1`.
    public var adx: [Double]
}

/// Wilder's directional movement system as TA-Lib 0.8.x computes ADX: running sums seeded over
/// `period - 1` bars, ADX seeded with the mean of the first `period` DX values.
public func directionalMovement(high: [Double], low: [Double], close: [Double], period: Int = 14) -> DirectionalResult {
    let count = close.count
    var plusDI = TALib.empty(count), minusDI = TALib.empty(count), adx = TALib.empty(count)
    guard period >= 2, count > period else { return DirectionalResult(plusDI: plusDI, minusDI: minusDI, adx: adx) }
    let n = Double(period)
    var plusDM = 0.0, minusDM = 0.0, range = 0.0
    var previousHigh = high[0], previousLow = low[0], previousClose = close[0]

    /// Directional movement of bar `index` against the previous bar, by TA-Lib's tie rule.
    func movement(_ index: Int) -> (plus: Double, minus: Double, range: Double) {
        let up = high[index] - previousHigh
        let down = previousLow - low[index]
        let trueRange = TALib.trueRange(high: high[index], low: low[index], previousClose: previousClose)
        previousHigh = high[index]
        previousLow = low[index]
        previousClose = close[index]
        if down > 0 && up < down { return (0, down, trueRange) }
        if up > 0 && up > down { return (up, 0, trueRange) }
        return (0, 0, trueRange)
    }

    var index = 1
    while index < period {
        let step = movement(index)
        plusDM += step.plus
        minusDM += step.minus
        range += step.range
        index += 1
    }
    // DX per bar (NaN where +DI and -DI are both 0: no DX that bar).
    var dx = TALib.empty(count)
    while index < count {
        let step = movement(index)
        plusDM = plusDM - plusDM / n + step.plus
        minusDM = minusDM - minusDM / n + step.minus
        range = range - range / n + step.range
        if !TALib.isZero(range) {
            let plus = 100 * (plusDM / range)
            let minus = 100 * (minusDM / range)
            plusDI[index] = plus
            minusDI[index] = minus
            let total = plus + minus
            if !TALib.isZero(total) { dx[index] = 100 * (abs(minus - plus) / total) }
        } else {
            plusDI[index] = 0
            minusDI[index] = 0
        }
        index += 1
    }
    adx = averageDirectionalIndex(dx, period: period)
    return DirectionalResult(plusDI: plusDI, minusDI: minusDI, adx: adx)
}

/// ADX from DX: seeded at bar `2 * period - 1` with the mean of the `period` DX values before it
/// (a bar without DX counting 0), then Wilder-smoothed, a bar without DX leaving it as it was.
func averageDirectionalIndex(_ dx: [Double], period: Int) -> [Double] {
    var adx = TALib.empty(dx.count)
    guard period >= 1, dx.count > period else { return adx }
    let n = Double(period)
    var dxSum = 0.0
    var smoothed = 0.0
    for index in period..<dx.count {
        let value = dx[index]
        if index < 2 * period - 1 {
            dxSum += value.isNaN ? 0 : value
        } else if index == 2 * period - 1 {
            dxSum += value.isNaN ? 0 : value
            smoothed = dxSum / n
            adx[index] = smoothed
        } else {
            if !value.isNaN { smoothed = (smoothed * (n - 1) + value) / n }
            adx[index] = smoothed
        }
    }
    return adx
}
