import Project
import Signals

/// One symbol in a dashboard or watchlist table: what `symbol-table.mustache` reads.
public struct SymbolRow: TemplateView {
    let symbol: String
    let close: String
    let stale: String?
    let sparkline: Bool
    let changes: [Change]
    let action: String
    let actionClass: String
    let score: String
    let topReason: String
    /// The score as a plain number, for sorting; empty while the rules are warming up.
    let scoreValue: String

    /// BUY 1, HOLD 0, SELL -1: the Signal column sorts by it (empty while warming up).
    var actionRank: String { ["BUY": "1", "HOLD": "0", "SELL": "-1"][action] ?? "" }

    /// One return column (1D, 1W, 1M, 3M, YTD): as printed, its colour class, and its raw value to sort by.
    public struct Change: TemplateView {
        /// The column's class: `c-d1`, `c-w1`, `c-m1`, `c-m3`, `c-ytd` (a narrow screen hides some).
        let column: String
        let text: String
        let changeClass: String
        let value: String
    }
}

/// A row of the screener: the symbol's row, and what the screener filters and groups by.
public struct ScreenerRow: TemplateView {
    let row: SymbolRow
    let name: String?
    let sector: String?
    let watchlists: [WatchlistLink]
    /// Space-separated watchlist ids, for the filter.
    let watchlistIDs: String
}

/// The screener table of the dashboard and of each watchlist page.
public struct ScreenerTable: TemplateView {
    public struct Option: TemplateView {
        let value: String
        let label: String
    }

    let rows: [ScreenerRow]
    /// Whether any row has a name or a sector: the Company column, with the name over the sector.
    let hasDetails: Bool
    let hasSectors: Bool
    /// The dashboard shows each row's watchlists as tags; a watchlist's own page does not.
    let showsWatchlists: Bool
    let watchlistOptions: [Option]
    let sectorOptions: [Option]
}

/// A signal as tables show it: action, its CSS class, score and the reason that weighed most.
struct SignalFields: Sendable {
    let action: String
    let actionClass: String
    let score: String
    let topReason: String

    init(_ signal: Signal?) {
        guard let signal else {
            (action, actionClass, score, topReason) = ("n/a", "hold", "n/a", "Not enough history for any rule yet")
            return
        }
        action = signal.action.rawValue
        actionClass = signal.action.rawValue.lowercased()
        score = Format.fixed(signal.score, 2)
        topReason = signal.reasonsByImpact.first(where: { $0.value != 0 })?.reason ?? signal.votes.first?.reason ?? ""
    }
}

/// `up`, `down` or nothing: the CSS class of a change.
func changeClass(_ value: Double?) -> String {
    guard let value else { return "" }
    return value > 0 ? "up" : value < 0 ? "down" : ""
}

/// The class of a change shown as a percentage (`Format.signedPercent`): none when it reads as
/// 0.0%, so a -0.01% move is not a red "0.0%".
func percentClass(_ fraction: Double?, decimals: Int = 1) -> String {
    guard let fraction, Format.percent(fraction, decimals) != Format.percent(0, decimals) else { return "" }
    return changeClass(fraction)
}

// Table rows are looked up thousands of times a build: answered by name, not by reflection.
extension SymbolRow {
    public func child(named name: String) -> Any? {
        switch name {
        case "symbol": symbol
        case "close": close
        case "stale": orAbsent(stale)
        case "sparkline": sparkline
        case "changes": changes
        case "action": action
        case "actionClass": actionClass
        case "score": score
        case "topReason": topReason
        case "scoreValue": scoreValue
        case "actionRank": actionRank
        default: nil
        }
    }
}

extension SymbolRow.Change {
    public func child(named name: String) -> Any? {
        switch name {
        case "column": column
        case "text": text
        case "changeClass": changeClass
        case "value": value
        default: nil
        }
    }
}

extension ScreenerRow {
    public func child(named name: String) -> Any? {
        switch name {
        case "name": orAbsent(self.name)
        case "sector": orAbsent(sector)
        case "watchlists": watchlists
        case "watchlistIDs": watchlistIDs
        case "row": row
        default: row.child(named: name)
        }
    }
}

extension ScreenerTable {
    public func child(named name: String) -> Any? {
        switch name {
        case "rows": rows
        case "hasDetails": hasDetails
        case "hasSectors": hasSectors
        case "showsWatchlists": showsWatchlists
        case "watchlistOptions": watchlistOptions
        case "sectorOptions": sectorOptions
        default: nil
        }
    }
}
