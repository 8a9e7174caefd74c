import Core
import MarketData
import Project
import Signals

/// What the index pages (dashboard, watchlists, reports, feed, status) need of one symbol for one
/// edition date: a few formatted rows, kept after the symbol's analysis is dropped, so memory
/// grows by this much per symbol whatever the length of its history.
public struct SymbolSummary: Sendable {
    /// One report day: the symbol's row in that day's table, its action that day, and its events.
    struct ReportDay: Sendable {
        let row: ReportView.Row
        let action: Action?
        /// Only when the symbol traded that very day.
        let events: [(text: String, direction: Int)]
    }

    public let symbol: Symbol
    let row: SymbolRow
    /// The composite score, for the screener's order; nil while warming up.
    let score: Double?
    /// For the BUY/HOLD/SELL counts: HOLD while the rules are warming up.
    let action: Action
    public let lastDate: Day?
    public let stale: String?
    private(set) var days: ReportDays
    /// For `latest.json`: the day's call without its votes, which a summary need not keep.
    let latest: (date: Day, action: Action, score: Double, topReason: String)?
    let commentary: Commentary?
    /// Each report day's call, for the edition store; `withoutCalls` is what stays in memory.
    public private(set) var calls: [(day: Day, call: EditionSnapshot.Call)]

    /// Summarises `entry` for an edition whose reports cover `reportDays`.
    public init(_ entry: SymbolEntry, reportDays: [Day]) {
        let analysis = entry.analysis
        let series = analysis.series
        let returns = analysis.statistics.returns
        // A symbol that did not trade on the edition's day (a holiday on its exchange) has no move that day.
        let day = entry.editionDate == nil || series.dates.last == entry.editionDate ? returns[.oneDay] : nil
        let change = { (column: String, value: Double?) in
            SymbolRow.Change(column: column, text: value.map { Format.signedPercent($0) } ?? "n/a", changeClass: percentClass(value),
                             value: value.map { NumberText.shortest(($0 * 1_000_000).rounded() / 1_000_000) } ?? "")
        }
        let signal = SignalFields(analysis.signal)
        symbol = entry.symbol
        row = SymbolRow(symbol: entry.symbol.value, close: series.close.last.map(Format.price) ?? "n/a", stale: entry.stale,
                        sparkline: series.count >= 2,
                        changes: [change("c-d1", day), change("c-w1", returns[.oneWeek]), change("c-m1", returns[.oneMonth]),
                                  change("c-m3", returns[.threeMonths]), change("c-ytd", returns[.yearToDate])],
                        action: signal.action, actionClass: signal.actionClass, score: signal.score, topReason: signal.topReason,
                        scoreValue: analysis.signal.map { NumberText.shortest(($0.score * 10_000).rounded() / 10_000) } ?? "")
        score = analysis.signal?.score
        action = analysis.signal?.action ?? .hold
        lastDate = series.dates.last
        stale = entry.stale
        latest = analysis.signal.map { ($0.date, $0.action, $0.score, $0.reasonsByImpact.first(where: { $0.value != 0 })?.reason ?? "") }
        commentary = entry.commentary
        var days: [(Day, ReportDay)] = []
        var calls: [(day: Day, call: EditionSnapshot.Call)] = []
        for day in reportDays {
            guard let bar = series.dates.lastIndex(where: { $0 <= day }) else { continue }
            let close = series.close
            let change = bar >= 1 && series.dates[bar] == day ? close[bar] / close[bar - 1] - 1 : nil
            let signal = analysis.signal(onBar: bar)
            let fields = SignalFields(signal)
            let now = analysis.actions[bar], before = bar >= 1 ? analysis.actions[bar - 1] : nil
            let row = ReportView.Row(symbol: entry.symbol.value, close: Format.price(close[bar]),
                                     change1D: change.map { Format.signedPercent($0) } ?? "n/a", change1DClass: percentClass(change),
                                     action: fields.action, actionClass: fields.actionClass, score: fields.score, topReason: fields.topReason,
                                     change: now == nil ? "n/a" : before == nil || before == now ? "unchanged" : "was \(before!.rawValue)",
                                     stale: entry.stale)
            let events = series.dates[bar] == day ? analysis.events(onBar: bar).map { ($0.text, $0.direction) } : []
            let call = signal.map { EditionSnapshot.Call(symbol: entry.symbol.value, action: $0.action.rawValue, score: $0.score,
                                                         confidence: $0.confidence, close: close[bar], votes: $0.votes,
                                                         previousClose: bar >= 1 ? close[bar - 1] : nil) }
            days.append((day, ReportDay(row: row, action: now, events: events)))
            if let call { calls.append((day, call)) }
        }
        self.days = ReportDays(days)
        self.calls = calls
    }
}

extension SymbolSummary {
    public func withoutCalls() -> SymbolSummary {
        var copy = self
        copy.calls = []
        return copy
    }

    /// Without its report days' rows: once a tier's editions are made, its reports are read
    /// from them (at 10,000 symbols, eleven days' rows per symbol were 40 MB).
    public func withoutReportDays() -> SymbolSummary {
        var copy = self
        copy.days = ReportDays([])
        return copy
    }

    /// A symbol's report days, a handful, in a plain array: a dictionary per symbol cost more
    /// than the rows it held, at 10,000 symbols tens of megabytes.
    struct ReportDays: Sendable {
        let entries: [(Day, ReportDay)]

        init(_ entries: [(Day, ReportDay)]) { self.entries = entries }

        subscript(day: Day) -> ReportDay? { entries.first { $0.0 == day }?.1 }
    }
}
