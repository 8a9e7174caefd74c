import MarketData

/// A period a return is measured over, ending at the last bar: a number of trading days back,
/// or the year to date (from the last close of the previous calendar year).
public enum ReturnPeriod: String, Sendable, CaseIterable {
    case oneDay = "1D"
    case oneWeek = "1W"
    case oneMonth = "1M"
    case threeMonths = "3M"
    case sixMonths = "6M"
    case yearToDate = "YTD"
    case oneYear = "1Y"

    /// The label pages and exports print.
    public var label: String { rawValue }

    /// Trading days back from the last bar; `nil` for the year to date.
    public var bars: Int? {
        switch self {
        case .oneDay: 1
        case .oneWeek: 5
        case .oneMonth: 21
        case .threeMonths: 63
        case .sixMonths: 126
        case .yearToDate: nil
        case .oneYear: 252
        }
    }

    /// The bar the return is measured from, or `nil` when the history does not reach back that far.
    func start(in series: Series) -> Int? {
        let last = series.count - 1
        guard last >= 0 else { return nil }
        guard let bars else { return series.dates.lastIndex { $0.year < series.dates[last].year } }
        return last - bars >= 0 ? last - bars : nil
    }
}
