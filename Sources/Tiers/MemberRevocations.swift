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
        for id in Set(generations.keys).union(cancelled).sorted() {
            lines += "\(id) \(cancelled.contains(id) ? Self.cancelledMark : String(generations[id]!));\n"
        }
        return lines
    }

    /// The same list as one JSON object, the value of the `revocations` key in a Workers KV
    /// namespace or a CloudFront KeyValueStore: `{"id": generation or "cancelled"}`.
    public var json: String {
        let entries = Set(generations.keys).union(cancelled).sorted().map { id in
            "\"\(id)\": " + (cancelled.contains(id) ? "\"\(Self.cancelledMark)\"" : String(generations[id]!))
        }
        return "{" + entries.joined(separator: ", ") + "}\n"
    }

    /// Reads `json` back.
    public init?(json: Data) {
        guard let entries = try? JSONDecoder().decode([String: Entry].self, from: json) else { return nil }
        var generations: [String: Int] = [:], cancelled: Set<String> = []
        for (id, entry) in entries {
            switch entry {
            case .generation(let number): generations[id] = number
            case .cancelled: cancelled.insert(id)
            }
        }
        self.init(generations: generations, cancelled: cancelled)
    }

    /// One value of the JSON list.
    enum Entry: Decodable {
        case generation(Int), cancelled

        init(from decoder: any Decoder) throws {
            let value = try decoder.singleValueContainer()
            if let number = try? value.decode(Int.self) { self = .generation(number); return }
            guard try value.decode(String.self) == MemberRevocations.cancelledMark else {
                throw DecodingError.dataCorruptedError(in: value, debugDescription: "neither a generation nor \"cancelled\"")
            }
            self = .cancelled
        }
    }
}
