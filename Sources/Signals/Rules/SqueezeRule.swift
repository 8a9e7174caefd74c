import MarketData

/// A Bollinger squeeze (bands inside the Keltner channel) released within `within_days`.
enum SqueezeRule: RuleEvaluation {
    static func evaluate(_ m: Market, at i: Int, _ p: Rule.Parameters, explain: Bool) -> (Double, String)? {
        let close = m.series.close
        let ind = m.indicators
        let f = Format.price
        guard let on = m.squeezeOn(at: i) else { return nil }
        if on { return (0, explain ? "Bollinger squeeze on: the bands are inside the Keltner channel (volatility contracting)" : "") }
        if let bar = m.latest(within: Int(p.withinDays), endingAt: i, where: { m.squeezeReleased(at: $0) }) {
            let middle = ind.bollinger.middle[i]
            let up = close[i] >= middle
            return (up ? 1 : -1, explain ? "Bollinger squeeze released on \(m.series.dates[bar]) with the close \(up ? "above" : "below") the middle band \(f(middle))" : "")
        }
        return (0, explain ? "No Bollinger squeeze: the bands are outside the Keltner channel" : "")
    }
}
