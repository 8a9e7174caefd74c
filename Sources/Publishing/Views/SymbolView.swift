/// Everything `symbol.mustache` reads: one symbol's signal, reasons, indicators and statistics.
public struct SymbolView: TemplateView {
    public struct Vote: TemplateView {
        let rule: String
        let value: String
        let weight: String
        let reason: String
        let voteClass: String
    }

    public struct Event: TemplateView {
        let date: String
        let text: String
        let directionClass: String
    }

    public struct NamedValue: TemplateView {
        let name: String
        let value: String
    }

    public struct HistoryRow: TemplateView {
        let date: String
        let action: String
        let actionClass: String
        let score: String
        let close: String
    }

    /// One side of the backtest over one holding period: a row short enough for a phone.
    public struct BacktestRow: TemplateView {
        let side: String
        let days: Int
        let count: Int
        let average: String
        let hit: String
        let base: String
    }

    /// One window of the benchmark comparison.
    public struct ComparisonRow: TemplateView {
        let period: String
        let symbol: String
        let benchmark: String
        let excess: String
        let excessClass: String
    }

    public struct Comparison: TemplateView {
        let benchmark: String
        let rows: [ComparisonRow]
        let beta: String
        let correlation: String
        let days: Int
    }

    let symbol: String
    /// Why the symbol's data is stale, when it is.
    let stale: String?
    let close: String
    let lastDate: String
    let chart: Bool
    /// The chart's key numbers, for its `alt` text.
    let chartAlt: String
    let underwaterAlt: String
    let sharpeAlt: String
    let monthlyAlt: String
    let name: String?
    let sector: String?
    /// How often the signal changed over the last 252 trading days.
    let signalChanges: String
    let comparison: Comparison?
    let exports: Bool
    let commentary: String?
    let hookAdjustment: String?
    let confidence: String
    let eventDays: Int
    let watchlistLinks: [WatchlistLink]
    let action: String
    let actionClass: String
    let score: String
    let topReason: String
    let votes: [Vote]
    let hasEvents: Bool
    let events: [Event]
    let indicators: [NamedValue]
    let statistics: [NamedValue]
    let history: [HistoryRow]
    let backtest: [BacktestRow]
}

// The symbol page's table rows, answered by name rather than by reflection.
extension SymbolView.NamedValue {
    public func child(named name: String) -> Any? {
        switch name {
        case "name": self.name
        case "value": value
        default: nil
        }
    }
}

extension SymbolView.HistoryRow {
    public func child(named name: String) -> Any? {
        switch name {
        case "date": date
        case "action": action
        case "actionClass": actionClass
        case "score": score
        case "close": close
        default: nil
        }
    }
}

extension SymbolView.Vote {
    public func child(named name: String) -> Any? {
        switch name {
        case "rule": rule
        case "value": value
        case "weight": weight
        case "reason": reason
        case "voteClass": voteClass
        default: nil
        }
    }
}

extension SymbolView.Event {
    public func child(named name: String) -> Any? {
        switch name {
        case "date": date
        case "text": text
        case "directionClass": directionClass
        default: nil
        }
    }
}

extension SymbolView.BacktestRow {
    public func child(named name: String) -> Any? {
        switch name {
        case "side": side
        case "days": days
        case "count": count
        case "average": average
        case "hit": hit
        case "base": base
        default: nil
        }
    }
}

// Names a row does not hold fall through to the page's view, so it is asked once per row and cell.
extension SymbolView {
    public func child(named name: String) -> Any? {
        switch name {
        case "symbol": symbol
        case "stale": orAbsent(stale)
        case "close": close
        case "lastDate": lastDate
        case "chart": chart
        case "chartAlt": chartAlt
        case "underwaterAlt": underwaterAlt
        case "sharpeAlt": sharpeAlt
        case "monthlyAlt": monthlyAlt
        case "name": orAbsent(self.name)
        case "sector": orAbsent(sector)
        case "signalChanges": signalChanges
        case "comparison": orAbsent(comparison)
        case "exports": exports
        case "commentary": orAbsent(commentary)
        case "hookAdjustment": orAbsent(hookAdjustment)
        case "confidence": confidence
        case "eventDays": eventDays
        case "watchlistLinks": watchlistLinks
        case "action": action
        case "actionClass": actionClass
        case "score": score
        case "topReason": topReason
        case "votes": votes
        case "hasEvents": hasEvents
        case "events": events
        case "indicators": indicators
        case "statistics": statistics
        case "history": history
        case "backtest": backtest
        default: nil
        }
    }
}
