import MarketData

/// A new 52-week high or low.
enum HighLow52WeekRule: RuleEvaluation {
    static func evaluate(_ m: Market, at i: Int, _ p: Rule.Parameters, explain: Bool) -> (Double, String)? {
        let close = m.series.close
        let f = Format.price
        let high = m.priorHigh52Week[i], low = m.priorLow52Week[i]
        guard !high.isNaN, !low.isNaN else { return nil }
        if m.newHigh52Week(at: i) {
            return (1, explain ? "New 52-week high \(f(m.series.high[i])) (previous high \(f(high)))" : "")
        }
        if m.newLow52Week(at: i) {
            return (-1, explain ? "New 52-week low \(f(m.series.low[i])) (previous low \(f(low)))" : "")
        }
        return (0, explain ? "Close \(f(close[i])) is \(Format.percent(1 - close[i] / high)) below the 52-week high \(f(high)) and \(Format.percent(close[i] / low - 1)) above the low \(f(low))" : "")
    }
}
