import MarketData

/// The 50-day average crossing the 200-day (golden or death cross) within `within_days`.
enum MovingAverageCrossRule: RuleEvaluation {
    static func evaluate(_ m: Market, at i: Int, _ p: Rule.Parameters, explain: Bool) -> (Double, String)? {
        let ind = m.indicators
        let f = Format.price
        let fast = ind.sma50, slow = ind.sma200
        guard !fast[i].isNaN, !slow[i].isNaN else { return nil }
        let days = Int(p.withinDays)
        if let bar = m.latest(within: days, endingAt: i, where: { m.crossedAbove(fast, slow, at: $0) || m.crossedBelow(fast, slow, at: $0) }) {
            let golden = fast[bar] > slow[bar]
            return (golden ? 1 : -1, explain ? "\(golden ? "Golden" : "Death") cross: SMA(50) crossed \(golden ? "above" : "below") SMA(200) on \(m.series.dates[bar]) (\(m.daysAgo(bar, from: i)))" : "")
        }
        let above = fast[i] > slow[i]
        return (above ? 0.25 : -0.25, explain ? "SMA(50) \(f(fast[i])) is \(above ? "above" : "below") SMA(200) \(f(slow[i])); no cross in the last \(days) days" : "")
    }
}
