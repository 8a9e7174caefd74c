import MarketData

/// RSI(14) oversold or overbought, or crossing back out of either within `within_days`.
enum RSIRule: RuleEvaluation {
    static func evaluate(_ m: Market, at i: Int, _ p: Rule.Parameters, explain: Bool) -> (Double, String)? {
        let ind = m.indicators
        let r = ind.rsi14
        guard !r[i].isNaN else { return nil }
        let low = p.oversold, high = p.overbought
        let value = LazyText { Format.fixed(r[i], 1) }
        if r[i] < low { return (1, explain ? "RSI(14) \(value) is below \(Format.fixed(low, 0)): oversold" : "") }
        if r[i] > high { return (-1, explain ? "RSI(14) \(value) is above \(Format.fixed(high, 0)): overbought" : "") }
        let days = Int(p.withinDays)
        if let bar = m.latest(within: days, endingAt: i, where: { m.crossedAbove(r, level: low, at: $0) }) {
            return (0.75, explain ? "RSI(14) crossed back above \(Format.fixed(low, 0)) on \(m.series.dates[bar]) (now \(value)): leaving oversold" : "")
        }
        if let bar = m.latest(within: days, endingAt: i, where: { m.crossedBelow(r, level: high, at: $0) }) {
            return (-0.75, explain ? "RSI(14) crossed back below \(Format.fixed(high, 0)) on \(m.series.dates[bar]) (now \(value)): leaving overbought" : "")
        }
        return (0, explain ? "RSI(14) \(value) is neutral (between \(Format.fixed(low, 0)) and \(Format.fixed(high, 0)))" : "")
    }
}
