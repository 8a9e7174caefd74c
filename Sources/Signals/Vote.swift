/// One rule's opinion on one day: a value in [-1, 1] (positive is bullish), the weight it
/// carried in the composite, and a sentence with the numbers behind it.
public struct Vote: Sendable, Equatable, Codable {
    public var rule: String
    public var weight: Double
    public var value: Double
    public var reason: String

    public init(rule: String, weight: Double, value: Double, reason: String) {
        self.rule = rule
        self.weight = weight
        self.value = value
        self.reason = reason
    }
}
