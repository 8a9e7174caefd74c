import Core

/// One symbol's daily bars, oldest first, as parallel arrays so indicators run over contiguous memory.
public struct Series: Sendable, Equatable {
    public var symbol: String
    public var dates: [Day]
    public var open: [Double]
    public var high: [Double]
    public var low: [Double]
    public var close: [Double]
    /// `nil` when the source has no volume column: volume indicators are then absent, not zero.
    /// NaN for a bar whose volume cell was empty: that bar's volume indicators are not shown.
    public var volume: [Double]?
    /// Whether the prices were adjusted for splits and dividends (`Adj Close`), for pages to say.
    public var adjusted = false

    public init(symbol: String, dates: [Day], open: [Double], high: [Double], low: [Double],
                close: [Double], volume: [Double]?) {
        self.symbol = symbol
        self.dates = dates
        self.open = open
        self.high = high
        self.low = low
        self.close = close
        self.volume = volume
    }

    public var count: Int { dates.count }
    public var isEmpty: Bool { dates.isEmpty }

    /// The bars up to and including `day`: what was known at the close of that day.
    public func through(_ day: Day) -> Series {
        var end = dates.count
        while end > 0 && dates[end - 1] > day { end -= 1 }
        return prefix(end)
    }

    public func prefix(_ n: Int) -> Series {
        var cut = Series(symbol: symbol, dates: Array(dates.prefix(n)), open: Array(open.prefix(n)),
                         high: Array(high.prefix(n)), low: Array(low.prefix(n)), close: Array(close.prefix(n)),
                         volume: volume.map { Array($0.prefix(n)) })
        cut.adjusted = adjusted
        return cut
    }
}
