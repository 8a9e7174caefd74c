/// Highest value of the last `period` values (including the current one); NaN during warm-up.
public func rollingMax(_ values: [Double], period: Int) -> [Double] {
    rollingExtreme(values, period: period, highest: true)
}

/// Lowest value of the last `period` values (including the current one); NaN during warm-up.
public func rollingMin(_ values: [Double], period: Int) -> [Double] {
    rollingExtreme(values, period: period, highest: false)
}

/// Van Herk / Gil-Werman: cut the series into blocks of `period` bars and keep, for every bar,
/// the extreme from its block's start up to it and from it to its block's end; a window then
/// spans at most two blocks, so its extreme is the better of two numbers. Three branch-free
/// passes whatever the data, where rescanning the window each time the extreme falls out
/// (TA-Lib's way) spent a compare chain of `period` per rescan.
@inline(__always)
private func rollingExtreme(_ values: [Double], period: Int, highest: Bool) -> [Double] {
    @inline(__always) func better(_ a: Double, _ b: Double) -> Double { highest ? max(a, b) : min(a, b) }
    let count = values.count
    var out = TALib.empty(count)
    guard period >= 1, count >= period else { return out }
    var fromStart = [Double](repeating: 0, count: count), toEnd = [Double](repeating: 0, count: count)
    values.withUnsafeBufferPointer { input in
        fromStart.withUnsafeMutableBufferPointer { fromStart in
            toEnd.withUnsafeMutableBufferPointer { toEnd in
                var blockStart = 0
                while blockStart < count {
                    let blockEnd = min(blockStart + period, count) - 1
                    fromStart[blockStart] = input[blockStart]
                    var index = blockStart + 1
                    while index <= blockEnd {
                        fromStart[index] = better(fromStart[index - 1], input[index])
                        index += 1
                    }
                    toEnd[blockEnd] = input[blockEnd]
                    index = blockEnd - 1
                    while index >= blockStart {
                        toEnd[index] = better(toEnd[index + 1], input[index])
                        index -= 1
                    }
                    blockStart += period
                }
                out.withUnsafeMutableBufferPointer { output in
                    for today in (period - 1)..<count { output[today] = better(toEnd[today - period + 1], fromStart[today]) }
                }
            }
        }
    }
    return out
}

/// The highest high and lowest low of the last `period` bars: the stochastic and Williams %R
/// read the same 14-bar window, so it is computed once.
struct RangeWindow {
    let period: Int
    let highest: [Double]
    let lowest: [Double]

    init(high: [Double], low: [Double], period: Int) {
        self.period = period
        highest = rollingMax(high, period: period)
        lowest = rollingMin(low, period: period)
    }
}

/// The series shifted forward by one bar: value `i` is the input at `i - 1`.
/// Breakouts compare today's close with the channel of the bars before today.
public func previous(_ values: [Double]) -> [Double] {
    guard !values.isEmpty else { return [] }
    var out = TALib.empty(values.count)
    out.withUnsafeMutableBufferPointer { output in
        values.withUnsafeBufferPointer { input in
            for index in 1..<input.count { output[index] = input[index - 1] }
        }
    }
    return out
}
