/// One configured rule: which rule, its weight in the composite, and its parameters.
public struct RuleConfig: Sendable, Equatable {
    public var kind: RuleKind
    public var weight: Double
    public var parameters: [String: Double]

    public init(kind: RuleKind, weight: Double? = nil, parameters: [String: Double] = [:]) {
        self.kind = kind
        self.weight = weight ?? kind.defaultWeight
        self.parameters = kind.defaultParameters.merging(parameters) { _, configured in configured }
    }

    public func parameter(_ name: String) -> Double { parameters[name] ?? kind.defaultParameters[name] ?? 0 }
}

/// How votes become a signal: the rules and the BUY/SELL thresholds on the composite score.
public struct SignalConfig: Sendable, Equatable {
    public var buyAt: Double
    public var sellAt: Double
    public var rules: [RuleConfig]
    /// How many recent days the event list covers.
    public var eventDays: Int

    public init(buyAt: Double = 0.3, sellAt: Double = -0.3, rules: [RuleConfig] = SignalConfig.standardRules,
                eventDays: Int = 10) {
        self.buyAt = buyAt
        self.sellAt = sellAt
        self.rules = rules
        self.eventDays = eventDays
    }

    public static let standardRules = RuleKind.allCases.map { RuleConfig(kind: $0) }

    public func action(for score: Double) -> Action {
        if score >= buyAt { return .buy }
        if score <= sellAt { return .sell }
        return .hold
    }
}
