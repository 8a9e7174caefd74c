import Foundation
import Indicators
import MarketData
import Signals

/// Machine-readable analysis: the CSV of `analyze` and of the `exports` feature, and its JSON form.
/// Numbers are printed so that they read back as the same Double; warm-up values are empty (CSV) or null (JSON).
public enum AnalysisExport {
    public static let csvHeader = (["Date"] + IndicatorSet.columnNames + ["signal", "score"]).joined(separator: ",")

    public static func csv(_ analysis: Analysis) -> String {
        let columns = analysis.market.indicators.columns
        var out = csvHeader + "\n"
        out.reserveCapacity(analysis.series.count * 300)
        for row in 0..<analysis.series.count {
            out += analysis.series.dates[row].iso
            for column in columns {
                out += ","
                if let value = column?[row], !value.isNaN { out += NumberText.shortest(value) }
            }
            out += ","
            out += analysis.actions[row]?.rawValue ?? ""
            out += ","
            if !analysis.scores[row].isNaN { out += NumberText.shortest(analysis.scores[row]) }
            out += "\n"
        }
        return out
    }

    struct Document: Encodable {
        struct SignalView: Encodable {
            var date: String
            var action: String
            var score: Double
            var confidence: Double
            var reasons: [Vote]
        }
        struct DrawdownView: Encodable {
            var depth: Double
            var peak: String
            var trough: String
            var recovery: String?
        }
        struct StatisticsView: Encodable {
            var returns: [String: Double]
            var cagr, volatility_20d, volatility_1y, sharpe, sortino, calmar, up_day_share, distance_from_52w_high: Double?
            var max_drawdown: DrawdownView?
        }
        var symbol: String
        var dates: [String]
        var columns: [String: [Double?]]
        var signal_history: [String?]
        var score_history: [Double?]
        var latest_signal: SignalView?
        var events: [Event]
        var statistics: StatisticsView
        var backtest: [String: [String: Double?]]
    }

    public static func json(_ analysis: Analysis) throws -> String {
        let optional = { (values: [Double]) in values.map { $0.isNaN ? nil : $0 } }
        var columns: [String: [Double?]] = [:]
        for (name, values) in zip(IndicatorSet.columnNames, analysis.market.indicators.columns) {
            if let values { columns[name] = optional(values) }
        }
        let stats = analysis.statistics
        let side = { (side: Backtest.Side) -> [String: Double?] in
            ["count": Double(side.count), "average_return_5d": side.averageReturn5Day, "average_return_20d": side.averageReturn20Day,
             "hit_rate_5d": side.hitRate5Day, "hit_rate_20d": side.hitRate20Day]
        }
        let document = Document(
            symbol: analysis.series.symbol, dates: analysis.series.dates.map(\.iso), columns: columns,
            signal_history: analysis.actions.map { $0?.rawValue }, score_history: optional(analysis.scores),
            latest_signal: analysis.signal.map {
                .init(date: $0.date.iso, action: $0.action.rawValue, score: $0.score, confidence: $0.confidence, reasons: $0.reasonsByImpact)
            },
            events: analysis.events,
            statistics: .init(returns: stats.returns, cagr: stats.cagr, volatility_20d: stats.volatility20Day,
                              volatility_1y: stats.volatility1Year, sharpe: stats.sharpe, sortino: stats.sortino,
                              calmar: stats.calmar, up_day_share: stats.upDayShare, distance_from_52w_high: stats.distanceFrom52WeekHigh,
                              max_drawdown: stats.maxDrawdown.map { .init(depth: $0.depth, peak: $0.peak.iso, trough: $0.trough.iso, recovery: $0.recovery?.iso) }),
            backtest: ["buy": side(analysis.backtest.buy), "sell": side(analysis.backtest.sell)])
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(document), as: UTF8.self) + "\n"
    }
}
