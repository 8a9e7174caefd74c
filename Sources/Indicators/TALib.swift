/// Shared conventions of TA-Lib 0.8.x that several indicators depend on.
enum TALib {
    /// TA-Lib's `TA_IS_ZERO`: values this close to zero are treated as zero (0.8.x uses 1e-14).
    @inline(__always)
    static func isZero(_ value: Double) -> Bool { value > -1e-14 && value < 1e-14 }

    /// An output array of `count` warm-up values (NaN).
    @inline(__always)
    static func empty(_ count: Int) -> [Double] { [Double](repeating: .nan, count: count) }

    /// TA-Lib's true range for bar `index` (needs a previous close).
    @inline(__always)
    static func trueRange(high: Double, low: Double, previousClose: Double) -> Double {
        var range = high - low
        let up = abs(high - previousClose)
        if up > range { range = up }
        let down = abs(low - previousClose)
        if down > range { range = down }
        return range
    }
}
