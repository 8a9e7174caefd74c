import Core

/// A subscriber's tier and status over time, from the append-only audit trail: what billing
/// prorates by. Each state holds from its timestamp until the next one.
struct SubscriptionHistory: Sendable, Equatable {
    struct State: Sendable, Equatable {
        /// A ledger timestamp (`2026-11-05T10:00:00Z`), which orders as text.
        var from: String
        var tier: TierID
        var active: Bool
    }

    var states: [State] = []

    /// The trail as `addSubscriber`, `setTier` and `setStatus` write it; a subscriber without one
    /// (nothing should lack it) holds its current tier and status from its creation.
    init(_ trail: [AuditEntry], current: Subscriber) {
        var tier = current.tier, active = current.status == .active
        for entry in trail {
            switch entry.action {
            case "add":
                if let range = entry.detail.range(of: " tier=", options: .backwards) { tier = TierID(String(entry.detail[range.upperBound...])) }
                active = true
            case "set-tier":
                if let range = entry.detail.range(of: " -> ", options: .backwards) { tier = TierID(String(entry.detail[range.upperBound...])) }
            case "enable": active = true
            case "disable": active = false
            default: continue
            }
            states.append(State(from: entry.at, tier: tier, active: active))
        }
        if states.isEmpty { states = [State(from: current.createdAt, tier: current.tier, active: current.status == .active)] }
    }

    /// The state in force at `time`, nil before the subscriber existed.
    func state(at time: String) -> State? { states.last { $0.from <= time } }

    /// Whether the subscriber was active at `time` (an event's `occurred_at`).
    func isActive(at time: String) -> Bool { state(at: time)?.active ?? false }

    /// The tiers held while active at any moment of `[start, end)`.
    func activeTiers(from start: String, to end: String) -> [TierID] {
        var held = state(at: start).map { [$0] } ?? []
        held += states.filter { $0.from > start && $0.from < end }
        return held.filter(\.active).map(\.tier)
    }
}
