import MarketData

/// A close beyond the 20-day range (Donchian breakout or breakdown).
enum DonchianRule: RuleEvaluation {
    static func evaluate(_ m: Market, at i: Int, _ p: Rule.Parameters, explain: Bool) -> (Double, String)? {
        let close = m.series.close
        let ind = m.indicators
        let f = Format.price
        let channel = ind.donchian20
        guard !channel.upper[i].isNaN else { return nil }
        if close[i] > channel.upper[i] {
            return (1, explain ? "Close \(f(close[i])) broke above the 20-day high \(f(channel.upper[i])) (Donchian breakout)" : "")
        }
        if close[i] < channel.lower[i] {
            return (-1, explain ? "Close \(f(close[i])) broke below the 20-day low \(f(channel.lower[i])) (Donchian breakdown)" : "")
        }
        return (0, explain ? "Close \(f(close[i])) is inside the 20-day range \(f(channel.lower[i])) to \(f(channel.upper[i]))" : "")
    }
}
