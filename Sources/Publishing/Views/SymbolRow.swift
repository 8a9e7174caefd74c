import Signals

/// One symbol in a dashboard or watchlist table: what `symbol-table.mustache` reads.
public struct SymbolRow: TemplateView {
    let symbol: String
    let close: String
    let stale: String?
    let sparkline: Bool
    let change1D: String
    let change1DClass: String
    let change1M: String
    let change1MClass: String
    let changeYTD: String
    let changeYTDClass: String
    let action: String
    let actionClass: String
    let score: String
    let topReason: String
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

// Table rows are looked up thousands of times a build: answered by name, not by reflection.
extension SymbolRow {
    public func child(named name: String) -> Any? {
        switch name {
        case "symbol": symbol
        case "close": close
        case "stale": orAbsent(stale)
        case "sparkline": sparkline
        case "change1D": change1D
        case "change1DClass": change1DClass
        case "change1M": change1M
        case "change1MClass": change1MClass
        case "changeYTD": changeYTD
        case "changeYTDClass": changeYTDClass
        case "action": action
        case "actionClass": actionClass
        case "score": score
        case "topReason": topReason
        default: nil
        }
    }
}
