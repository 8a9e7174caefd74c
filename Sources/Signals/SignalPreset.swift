/// A documented starting point for `signals:`: the rules, their weights, the thresholds, the
/// hysteresis band and the minimum hold, chosen together. Any key written beside `preset`
/// replaces the preset's value for it (`rules` replaces the whole list).
public enum SignalPreset: String, Sendable, CaseIterable, Codable {
    /// Rides trends: moving averages, breakouts and new highs, with the ADX filter; no
    /// overbought/oversold votes, which would fight a strong move.
    case trend
    /// Fades stretched moves: RSI and Bollinger extremes lead, a light trend vote keeps it from
    /// buying every dip of a falling stock.
    case meanReversion = "mean_reversion"
    /// Both kinds of rule at their standard weights, with hysteresis and a three-day minimum
    /// hold so a call does not flip on every wobble. What `init` writes.
    case balanced

    public var config: SignalConfig {
        switch self {
        case .trend:
            SignalConfig(buyAt: 0.3, sellAt: -0.3, rules: [
                RuleConfig(kind: .trend, weight: 1.5), RuleConfig(kind: .maCross, weight: 1), RuleConfig(kind: .macd, weight: 1),
                RuleConfig(kind: .highLow52Week, weight: 1), RuleConfig(kind: .donchian, weight: 1), RuleConfig(kind: .squeeze, weight: 0.5),
                RuleConfig(kind: .volumeSpike, weight: 0.5), RuleConfig(kind: .adx),
            ], minHoldDays: 5, exitAt: 0.1)
        case .meanReversion:
            SignalConfig(buyAt: 0.35, sellAt: -0.35, rules: [
                RuleConfig(kind: .rsi, weight: 1.5), RuleConfig(kind: .bollinger, weight: 1.5), RuleConfig(kind: .trend, weight: 0.5),
                RuleConfig(kind: .volumeSpike, weight: 0.5),
            ], minHoldDays: 2, exitAt: 0.1)
        case .balanced:
            SignalConfig(buyAt: 0.3, sellAt: -0.3, rules: SignalConfig.standardRules, minHoldDays: 3, exitAt: 0.15)
        }
    }

    /// The preset in a sentence, for the methodology page and the docs.
    public var summary: String {
        switch self {
        case .trend:
            "Calls go with the move (prices above their 200-day average, golden crosses, breakouts, new highs) "
                + "and count less when ADX says there is no trend. Overbought and oversold readings are left out, so a strong "
                + "breakout is not voted down for being strong. Calls are slow to change: they stand at least five trading days."
        case .meanReversion:
            "Calls go against stretched moves (RSI oversold or overbought, a close outside the Bollinger bands), "
                + "with a light vote for the long-term trend so a falling stock is not bought on every dip. Calls are short: "
                + "they stand at least two trading days and end when the stretch is gone."
        case .balanced:
            "Trend-following and mean-reversion rules vote together at their standard weights, so a breakout that "
                + "is also overbought reads weaker than one that is not. A call stands until its score falls back inside the "
                + "band around zero, and at least three trading days."
        }
    }
}
