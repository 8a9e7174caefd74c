import MarketData

/// The close outside the Bollinger bands: stretched, so a vote against the move.
enum BollingerRule: RuleEvaluation {
    static func evaluate(_ m: Market, at i: Int, _ p: Rule.Parameters, explain: Bool) -> (Double, String)? {
        let close = m.series.close
        let ind = m.indicators
        let f = Format.price
        let bands = ind.bollinger
        guard !bands.upper[i].isNaN else { return nil }
        if close[i] < bands.lower[i] {
            return (1, explain ? "Close \(f(close[i])) is below the lower Bollinger band \(f(bands.lower[i])): stretched to the downside" : "")
        }
        if close[i] > bands.upper[i] {
            return (-1, explain ? "Close \(f(close[i])) is above the upper Bollinger band \(f(bands.upper[i])): stretched to the upside" : "")
        }
        return (0, explain ? "Close \(f(close[i])) is inside the Bollinger bands (\(f(bands.lower[i])) to \(f(bands.upper[i])))" : "")
    }
}
