import MarketData

/// A configured rule, able to vote on any bar. Votes during the rule's warm-up are `nil`.
/// With `explain` false the reason is left empty: history needs only the numbers. Plain data
/// (no dictionary, no string) so the rules run on every bar without a retain or a lookup.
public struct Rule: Sendable {
    public let kind: RuleKind
    public let weight: Double
    let parameters: Parameters

    public init(_ config: RuleConfig) {
        kind = config.kind
        weight = config.weight
        parameters = Parameters(config)
    }

    public var id: String { kind.rawValue }

    public func vote(_ market: Market, at i: Int, explain: Bool) -> Vote? {
        guard let (value, reason) = evaluate(market, at: i, explain: explain) else { return nil }
        return Vote(rule: id, weight: weight, value: max(-1, min(1, value)), reason: reason)
    }

    /// The vote's value alone (clamped to [-1, 1]), for the score history.
    func value(_ market: Market, at i: Int) -> Double? {
        guard let (value, _) = evaluate(market, at: i, explain: false) else { return nil }
        return max(-1, min(1, value))
    }

    /// The rule's vote on bar `i` and, with `explain`, its reason: each rule is its own type,
    /// reached by a switch (no dynamic dispatch on every bar of every history).
    private func evaluate(_ m: Market, at i: Int, explain: Bool) -> (Double, String)? {
        switch kind {
        case .trend: TrendRule.evaluate(m, at: i, parameters, explain: explain)
        case .maCross: MovingAverageCrossRule.evaluate(m, at: i, parameters, explain: explain)
        case .rsi: RSIRule.evaluate(m, at: i, parameters, explain: explain)
        case .macd: MACDRule.evaluate(m, at: i, parameters, explain: explain)
        case .bollinger: BollingerRule.evaluate(m, at: i, parameters, explain: explain)
        case .squeeze: SqueezeRule.evaluate(m, at: i, parameters, explain: explain)
        case .highLow52Week: HighLow52WeekRule.evaluate(m, at: i, parameters, explain: explain)
        case .donchian: DonchianRule.evaluate(m, at: i, parameters, explain: explain)
        case .volumeSpike: VolumeSpikeRule.evaluate(m, at: i, parameters, explain: explain)
        case .adx: ADXRule.evaluate(m, at: i, parameters, explain: explain)
        }
    }

    /// The factor the ADX filter applies to trend-following rules on bar `i` (1 when no filter applies).
    public func trendFactor(_ market: Market, at i: Int) -> Double {
        guard kind == .adx else { return 1 }
        let adx = market.indicators.directional.adx[i]
        guard !adx.isNaN, adx < parameters.threshold else { return 1 }
        return parameters.weakFactor
    }
}

/// How one kind of rule votes on a bar: `nil` during its warm-up, else a value (clamped to
/// [-1, 1] by `Rule`) and, with `explain`, the reason in words.
protocol RuleEvaluation {
    static func evaluate(_ m: Market, at i: Int, _ p: Rule.Parameters, explain: Bool) -> (Double, String)?
}

extension Rule {
    /// The parameters looked up by name once, when the rule is made: rules run on every bar of
    /// every history, and a dictionary lookup by string there was an eighth of the analysis.
    struct Parameters: Sendable {
        let fullAtPercent, withinDays, oversold, overbought, ratio, threshold, weakFactor: Double

        init(_ config: RuleConfig) {
            fullAtPercent = config.parameter("full_at_percent")
            withinDays = config.parameter("within_days")
            oversold = config.parameter("oversold")
            overbought = config.parameter("overbought")
            ratio = config.parameter("ratio")
            threshold = config.parameter("threshold")
            weakFactor = config.parameter("weak_factor")
        }
    }
}

/// A piece of a reason, formatted only when interpolated: history (thousands of bars) needs
/// only the votes, the last bar needs the words.
struct LazyText: CustomStringConvertible {
    let make: () -> String
    init(_ make: @escaping () -> String) { self.make = make }
    var description: String { make() }
}
