import Core
import Foundation
import Indicators
import MarketData
import Project
import Signals

/// Machine-readable analysis: the CSV of `analyze` and of the `exports` feature, and its JSON form.
/// Numbers are printed so that they read back as the same Double; warm-up values are empty (CSV) or null (JSON).
public enum AnalysisExport {
    public static let csvHeader = (["Date"] + IndicatorSet.columnNames + ["signal", "score"]).joined(separator: ",")

    public static func csv(_ analysis: Analysis) -> String { String(decoding: csvBytes(analysis), as: UTF8.self) }

    /// The CSV as bytes, written straight into one buffer: a bundle with `exports` carries one
    /// per symbol, tens of thousands of numbers each.
    /// `after`: only the bars after that day (a bundle's export on a night after the week's full one).
    public static func csvBytes(_ analysis: Analysis, after: Day? = nil) -> [UInt8] {
        let columns = analysis.market.indicators.columns
        var out: [UInt8] = []
        let first = after.map { day in analysis.series.dates.firstIndex { $0 > day } ?? analysis.series.count } ?? 0
        out.reserveCapacity((analysis.series.count - first) * 300)
        out += csvHeader.utf8
        out.append(10)
        for row in first..<analysis.series.count {
            out += analysis.series.dates[row].iso.utf8
            for column in columns {
                out.append(44)
                if let value = column?[row], !value.isNaN { NumberText.appendShortest(value, to: &out) }
            }
            out.append(44)
            if let action = analysis.actions[row] { out += action.rawValue.utf8 }
            out.append(44)
            if !analysis.scores[row].isNaN { NumberText.appendShortest(analysis.scores[row], to: &out) }
            out.append(10)
        }
        return out
    }

    /// The structured companion of the CSV (which has every bar): every indicator's latest value,
    /// the latest signal with its reasons, every change of the signal, events, statistics and the
    /// backtest, as JSON with sorted keys. Written directly: JSONEncoder was a fifth of a build's time.
    public static func json(_ analysis: Analysis) -> String {
        let last = analysis.series.count - 1
        var latest: [(String, JSON)] = []
        for (name, values) in zip(IndicatorSet.columnNames, analysis.market.indicators.columns) {
            if let values, last >= 0 { latest.append((name, .number(values[last]))) }
        }
        var changes: [JSON] = []
        var previous: Action?
        for (bar, action) in analysis.actions.enumerated() where action != nil && action != previous {
            changes.append(.object([("action", .string(action!.rawValue)), ("date", .string(analysis.series.dates[bar].iso)),
                                    ("score", .number(analysis.scores[bar]))]))
            previous = action
        }
        let stats = analysis.statistics
        let side = { (side: Backtest.Side) -> JSON in
            .object([("average_return_20d", .number(side.averageReturn20Day)), ("average_return_5d", .number(side.averageReturn5Day)),
                     ("base_rate_20d", .number(side.baseRate20Day)), ("base_rate_5d", .number(side.baseRate5Day)),
                     ("count", .number(Double(side.count))), ("hit_rate_20d", .number(side.hitRate20Day)), ("hit_rate_5d", .number(side.hitRate5Day))])
        }
        let vote = { (vote: Vote) -> JSON in
            .object([("reason", .string(vote.reason)), ("rule", .string(vote.rule)), ("value", .number(vote.value)), ("weight", .number(vote.weight))])
        }
        let signal: JSON = analysis.signal.map { signal in
            .object([("action", .string(signal.action.rawValue)), ("confidence", .number(signal.confidence)), ("date", .string(signal.date.iso)),
                     ("reasons", .array(signal.reasonsByImpact.map(vote))), ("score", .number(signal.score))])
        } ?? .null
        let drawdown: JSON = stats.maxDrawdown.map { drawdown in
            .object([("depth", .number(drawdown.depth)), ("peak", .string(drawdown.peak.iso)),
                     ("recovery", drawdown.recovery.map { .string($0.iso) } ?? .null), ("trough", .string(drawdown.trough.iso))])
        } ?? .null
        let document = JSON.object([
            ("backtest", .object([("buy", side(analysis.backtest.buy)), ("sell", side(analysis.backtest.sell))])),
            ("as_of", last >= 0 ? .string(analysis.series.dates[last].iso) : .null),
            ("bars", .number(Double(analysis.series.count))),
            ("latest_indicators", .object(latest)),
            ("events", .array(analysis.events.map { event in
                .object([("date", .string(event.date.iso)), ("direction", .number(Double(event.direction))), ("rule", .string(event.rule)),
                         ("text", .string(event.text))])
            })),
            ("latest_signal", signal),
            ("signal_changes", .array(changes)),
            ("statistics", .object([
                ("cagr", .number(stats.cagr)), ("calmar", .number(stats.calmar)), ("distance_from_52w_high", .number(stats.distanceFrom52WeekHigh)),
                ("max_drawdown", drawdown), ("returns", .object(stats.returns.map { ($0.key.label, JSON.number($0.value)) })),
                ("sharpe", .number(stats.sharpe)), ("sortino", .number(stats.sortino)), ("up_day_share", .number(stats.upDayShare)),
                ("volatility_1y", .number(stats.volatility1Year)), ("volatility_20d", .number(stats.volatility20Day)),
            ])),
            ("symbol", .string(analysis.series.symbol)),
        ])
        var out = ""
        document.write(to: &out)
        return out + "\n"
    }
}
