/// What changed in a report since the one before it, as alerts tell it: a new BUY or SELL, an
/// exit to HOLD, a symbol whose data went stale. Made from the published report (Publishing),
/// sent as an alert (Delivery): the texts are the report's own.
public struct SignalChange: Sendable, Equatable, Codable {
    public enum Kind: String, Sendable, Codable {
        /// A new BUY or SELL.
        case entry
        /// Back to HOLD.
        case exit
        /// The symbol's data stopped updating.
        case stale
    }

    public var kind: Kind
    public var symbol: String
    public var action: String
    /// The call before, for an entry or exit.
    public var previous: String?
    public var score: String
    public var close: String
    /// The top reason of the call, or why the data is stale.
    public var reason: String

    public init(kind: Kind, symbol: String, action: String, previous: String?, score: String, close: String, reason: String) {
        self.kind = kind
        self.symbol = symbol
        self.action = action
        self.previous = previous
        self.score = score
        self.close = close
        self.reason = reason
    }
}
