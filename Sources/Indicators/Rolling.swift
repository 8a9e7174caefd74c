/// Highest value of the last `period` values (including the current one); NaN during warm-up.
/// A monotonic queue keeps it O(n) for long windows such as 52 weeks.
public func rollingMax(_ values: [Double], period: Int) -> [Double] {
    rollingExtreme(values, period: period, isBetter: >=)
}

/// Lowest value of the last `period` values (including the current one); NaN during warm-up.
public func rollingMin(_ values: [Double], period: Int) -> [Double] {
    rollingExtreme(values, period: period, isBetter: <=)
}

private func rollingExtreme(_ values: [Double], period: Int, isBetter: (Double, Double) -> Bool) -> [Double] {
    var out = TALib.empty(values.count)
    guard period >= 1 else { return out }
    var queue = [Int](repeating: 0, count: values.count)
    var head = 0, tail = 0
    for index in values.indices {
        while tail > head && isBetter(values[index], values[queue[tail - 1]]) { tail -= 1 }
        queue[tail] = index
        tail += 1
        if queue[head] <= index - period { head += 1 }
        if index >= period - 1 { out[index] = values[queue[head]] }
    }
    return out
}

/// The series shifted forward by one bar: value `i` is the input at `i - 1`.
/// Breakouts compare today's close with the channel of the bars before today.
public func previous(_ values: [Double]) -> [Double] {
    guard !values.isEmpty else { return [] }
    return [.nan] + values.dropLast()
}
