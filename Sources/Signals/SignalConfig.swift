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

    /// Why `value` cannot be the parameter `name`, or `nil`: a day count is a whole number of
    /// 1 to 1,000 days, every other parameter a finite number in a range that means something.
    public static func problem(parameter name: String, value: Double) -> String? {
        guard value.isFinite else { return "\(name) must be a finite number" }
        switch name {
        case "within_days":
            return value == value.rounded() && (1...1000).contains(value) ? nil : "within_days must be a whole number of days from 1 to 1000"
        case "oversold", "overbought", "threshold":
            return (0...100).contains(value) ? nil : "\(name) must be between 0 and 100"
        case "weak_factor":
            return (0...1).contains(value) ? nil : "weak_factor must be between 0 and 1"
        default:
            return value > 0 && value <= 1_000_000 ? nil : "\(name) must be a positive number"
        }
    }
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
