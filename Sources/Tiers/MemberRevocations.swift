import Foundation

/// Who may no longer use the members' tokens they hold, as the edge reads it after each build:
/// a subscriber's current generation (a token of an older one is refused) and the subscribers
/// who are cancelled. A subscriber at generation 0 and active is not listed, so the list stays
/// small and a subscriber added since the last build can sign in.
public struct MemberRevocations: Sendable, Equatable {
    /// Subscriber to current generation, for those above 0.
    public var generations: [String: Int]
    /// Cancelled subscribers: no token of theirs is accepted.
    public var cancelled: Set<String>

    public init(generations: [String: Int] = [:], cancelled: Set<String> = []) {
        self.generations = generations.filter { $0.value > 0 }
        self.cancelled = cancelled
    }

    /// Whether a token of `subscriber` at `generation` is still honoured.
    public func allows(subscriber: String, generation: Int) -> Bool {
        !cancelled.contains(subscriber) && generation == (generations[subscriber] ?? 0)
    }

    /// The word the list gives a cancelled subscriber in place of a generation.
    public static let cancelledMark = "cancelled"

    /// The entries of nginx's `map $member_sub ...` (`include`d by the config `deploy-config nginx`
    /// prints): the generation, or `cancelled`, which no token's generation equals.
    public var nginxMap: String {
        var lines = "# Written by `signalpress build`: members' tokens still honoured. Reload nginx after each build.\n"
        for (id, value) in entries { lines += "\(id) \(value);\n" }
        return lines
    }

    /// The key an edge key value store holds a listed subscriber's entry under.
    public static func key(_ subscriber: String) -> String { "member:\(subscriber)" }

    /// Each listed subscriber's entry as text: the generation, or `cancelled`.
    var entries: [(id: String, value: String)] {
        Set(generations.keys).union(cancelled).sorted().map { id in (id, cancelled.contains(id) ? Self.cancelledMark : String(generations[id]!)) }
    }

    /// The list for `wrangler kv bulk put` into the Worker's `SIGNALPRESS_MEMBERS` namespace:
    /// one key per listed subscriber (`member:<id>`), its value the generation or `cancelled`.
    public var workersKV: String { Self.keyValues(entries, key: "key", value: "value") }

    /// The same for `aws cloudfront-keyvaluestore update-keys --puts`, whose names are capitalised.
    /// One key per subscriber: a CloudFront KeyValueStore value holds at most 1 KB.
    public var cloudFrontKVS: String { Self.keyValues(entries, key: "Key", value: "Value") }

    static func keyValues(_ entries: [(id: String, value: String)], key: String, value: String) -> String {
        "[" + entries.map { "\n  {\"\(key)\": \"\(Self.key($0.id))\", \"\(value)\": \"\($0.value)\"}" }.joined(separator: ",") + (entries.isEmpty ? "]\n" : "\n]\n")
    }

    /// Reads `workersKV` back.
    public init?(workersKV: Data) {
        guard let pairs = try? JSONDecoder().decode([[String: String]].self, from: workersKV) else { return nil }
        var generations: [String: Int] = [:], cancelled: Set<String> = []
        for pair in pairs {
            guard let key = pair["key"], key.hasPrefix("member:"), let value = pair["value"] else { return nil }
            let id = String(key.dropFirst("member:".count))
            if value == Self.cancelledMark { cancelled.insert(id) } else if let number = Int(value) { generations[id] = number } else { return nil }
        }
        self.init(generations: generations, cancelled: cancelled)
    }
}
