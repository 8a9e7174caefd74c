import Core
import MarketData

/// The composite signal on one day, with every rule's vote and reason.
public struct Signal: Sendable, Equatable {
    public var date: Day
    /// Weighted mean of the votes, in [-1, 1].
    public var score: Double
    public var action: Action
    public var votes: [Vote]

    /// This signal with `action` in place of the one its score alone gives (hysteresis, minimum hold).
    func taking(_ action: Action?) -> Signal {
        var copy = self
        if let action { copy.action = action }
        return copy
    }

    /// |score|: how strongly the rules agree.
    public var confidence: Double { abs(score) }

    /// Votes ordered by how much they moved the score, strongest first.
    public var reasonsByImpact: [Vote] {
        votes.enumerated().sorted { a, b in
            let ia = abs(a.element.value * a.element.weight), ib = abs(b.element.value * b.element.weight)
            return ia != ib ? ia > ib : a.offset < b.offset
        }.map(\.element)
    }
}

/// Something that happened on a day: a cross, a breakout, a signal change.
public struct Event: Sendable, Equatable, Codable {
    public var date: Day
    public var rule: String
    /// +1 bullish, -1 bearish, 0 neutral.
    public var direction: Int
    public var text: String

    enum CodingKeys: String, CodingKey { case date, rule, direction, text }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(date.iso, forKey: .date)
        try container.encode(rule, forKey: .rule)
        try container.encode(direction, forKey: .direction)
        try container.encode(text, forKey: .text)
    }

    public init(date: Day, rule: String, direction: Int, text: String) {
        self.date = date
        self.rule = rule
        self.direction = direction
        self.text = text
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let text = try container.decode(String.self, forKey: .date)
        guard let day = Day(iso: text) else {
            throw DecodingError.dataCorruptedError(forKey: .date, in: container, debugDescription: "not an ISO date")
        }
        date = day
        rule = try container.decode(String.self, forKey: .rule)
        direction = try container.decode(Int.self, forKey: .direction)
        self.text = try container.decode(String.self, forKey: .text)
    }
}
