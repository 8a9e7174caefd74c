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
    /// A new action is taken only after the current one has stood this many trading days (1: any day).
    public var minHoldDays: Int
    /// The hysteresis band: a BUY stands while the score is at least `exitAt`, a SELL while it is
    /// at most `-exitAt`, so a score wobbling around a threshold does not flip the call every other
    /// day. `nil`: a call ends as soon as the score leaves its threshold.
    public var exitAt: Double?
    /// The preset these values started from, and the keys the configuration set beside it.
    public var preset: SignalPreset?
    public var presetOverrides: [String] = []

    public init(buyAt: Double = 0.3, sellAt: Double = -0.3, rules: [RuleConfig] = SignalConfig.standardRules,
                eventDays: Int = 10, minHoldDays: Int = 1, exitAt: Double? = nil) {
        self.buyAt = buyAt
        self.sellAt = sellAt
        self.rules = rules
        self.eventDays = eventDays
        self.minHoldDays = minHoldDays
        self.exitAt = exitAt
    }

    /// The keys whose values differ from `other`'s (the calls they make, not the event list).
    public func differences(from other: SignalConfig) -> [String] {
        [("buy_at", buyAt != other.buyAt), ("sell_at", sellAt != other.sellAt), ("exit_at", exitAt != other.exitAt),
         ("min_hold_days", minHoldDays != other.minHoldDays), ("rules", rules != other.rules)].filter(\.1).map(\.0)
    }

    /// Whether a bar's action depends on the actions before it, not on its score alone.
    public var hasMemory: Bool { minHoldDays > 1 || exitAt != nil }

    public static let standardRules = RuleKind.allCases.map { RuleConfig(kind: $0) }

    public func action(for score: Double) -> Action {
        if score >= buyAt { return .buy }
        if score <= sellAt { return .sell }
        return .hold
    }

    /// The action on every bar (`nil` where the score is NaN), each from that bar's score and the
    /// actions before it only: `exitAt` keeps a call while the score stays inside the band, and
    /// `minHoldDays` keeps any action until it has stood that long.
    public func actions(for scores: [Double]) -> [Action?] {
        var actions: [Action?] = []
        actions.reserveCapacity(scores.count)
        var current: Action?
        var heldFor = 0
        for score in scores {
            guard !score.isNaN else {
                actions.append(nil)
                continue
            }
            var next = action(for: score)
            if let exitAt, let current, next == .hold {
                if current == .buy && score >= exitAt { next = .buy }
                if current == .sell && score <= -exitAt { next = .sell }
            }
            if let held = current, next != held, heldFor < minHoldDays { next = held }
            heldFor = next == current ? heldFor + 1 : 1
            current = next
            actions.append(next)
        }
        return actions
    }
}
