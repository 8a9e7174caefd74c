import MarketData

/// ADX(14) below `threshold`: no clear trend; it votes nothing and weakens the trend rules.
enum ADXRule: RuleEvaluation {
    static func evaluate(_ m: Market, at i: Int, _ p: Rule.Parameters, explain: Bool) -> (Double, String)? {
        let ind = m.indicators
        let adx = ind.directional.adx[i]
        guard !adx.isNaN else { return nil }
        let plus = ind.directional.plusDI[i], minus = ind.directional.minusDI[i]
        let di = LazyText { "+DI \(Format.fixed(plus, 1)), -DI \(Format.fixed(minus, 1))" }
        if adx < p.threshold {
            return (0, explain ? "ADX(14) \(Format.fixed(adx, 1)) is below \(Format.fixed(p.threshold, 0)): no clear trend, trend rules count \(Format.fixed(p.weakFactor, 2))x (\(di))" : "")
        }
        return (0, explain ? "ADX(14) \(Format.fixed(adx, 1)) shows a trend (\(di)); trend rules count in full" : "")
    }
}
