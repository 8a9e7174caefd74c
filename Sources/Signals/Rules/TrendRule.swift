import MarketData

/// Close against its 200-day average: the further above, the stronger the buy.
enum TrendRule: RuleEvaluation {
    static func evaluate(_ m: Market, at i: Int, _ p: Rule.Parameters, explain: Bool) -> (Double, String)? {
        let close = m.series.close
        let ind = m.indicators
        let f = Format.price
        let average = ind.sma200[i]
        guard !average.isNaN, average > 0 else { return nil }
        let distance = close[i] / average - 1
        let value = distance / (p.fullAtPercent / 100)
        let side = distance >= 0 ? "above" : "below"
        return (value, explain ? "Close \(f(close[i])) is \(Format.percent(abs(distance))) \(side) SMA(200) \(f(average)): \(distance >= 0 ? "uptrend" : "downtrend")" : "")
    }
}
