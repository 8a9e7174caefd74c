/// What the composite signal recommends.
public enum Action: String, Sendable, Codable, CaseIterable {
    case buy = "BUY"
    case sell = "SELL"
    case hold = "HOLD"
}
