import Core
import Crypto
import Foundation

/// One billable fact: a bundle published, a report delivered, a bundle downloaded. Its
/// idempotency key is derived from the fact itself, so recording it again is a no-op, and it
/// doubles as Stripe's `identifier` and Lago's `transaction_id`.
public struct UsageEvent: Sendable, Equatable {
    /// What happened; the name billing services meter it by.
    public enum Name: String, Sendable, Codable, CaseIterable {
        case published = "bundle.published"
        case delivered = "report.delivered"
        case downloaded = "bundle.downloaded"
        /// A members' sign-in link followed (the edge set the cookie).
        case signedIn = "member.signed_in"
        /// A page of the members' area read.
        case pageViewed = "member.page_viewed"
        /// A private feed fetched by a feed reader.
        case feedFetched = "feed.fetched"
        /// An email edition accepted by the subscriber's mail server.
        case emailSent = "email.sent"
        /// An alert accepted by a subscriber's own endpoint.
        case alertSent = "alert.sent"
        /// A one-click unsubscribe the edge logged: the subscriber's email goes off.
        case unsubscribed = "email.unsubscribed"

        /// What a subscriber does in the members' area: counted in `usage report`, not billed.
        public static let members: [Name] = [.signedIn, .pageViewed, .feedFetched]
    }

    public var event: Name
    public var subscriber: String?
    public var value: Int
    /// UTC, `YYYY-MM-DDTHH:MM:SSZ`.
    public var occurredAt: String
    public var source: String
    /// Sorted keys, so the same fact always has the same payload bytes.
    public var properties: [String: String]
    public var idempotencyKey: String

    /// `fact` names what makes the event unique (for example subscriber, tier and date); the key
    /// is the event name and a SHA-256 of it, at most 100 characters.
    public init(event: Name, subscriber: String?, value: Int, occurredAt: String, source: String,
                properties: [String: String], fact: [String]) {
        self.event = event
        self.subscriber = subscriber
        self.value = value
        self.occurredAt = occurredAt
        self.source = source
        self.properties = properties
        let digest = SHA256.hash(data: Data(([event.rawValue] + fact).joined(separator: "\u{1F}").utf8))
        idempotencyKey = event.rawValue + "-" + Hex.string(digest.prefix(20))
    }

    /// The network a client address is on, as `usage report --sharing` counts them: an IPv4
    /// address's /24 (`203.0.113.0/24`), an IPv6 address's /48 (`2001:db8:1::/48`).
    public static func network(of client: String) -> String {
        if client.contains(":") {
            var groups = client.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
            // `::` stands for as many zero groups as make eight.
            if let gap = groups.firstIndex(of: ""), client.contains("::") {
                let present = groups.filter { !$0.isEmpty }
                groups = Array(groups[..<gap].filter { !$0.isEmpty }) + Array(repeating: "0", count: max(0, 8 - present.count))
                    + Array(groups[gap...].filter { !$0.isEmpty })
            }
            return groups.prefix(3).map { String(Int($0, radix: 16) ?? 0, radix: 16) }.joined(separator: ":") + "::/48"
        }
        let octets = client.split(separator: ".")
        return octets.count == 4 ? octets.prefix(3).joined(separator: ".") + ".0/24" : client
    }

    /// Sorted keys, so the same properties are always the same bytes.
    public var propertiesJSON: String {
        let data = try? JSONSerialization.data(withJSONObject: properties, options: [.sortedKeys, .withoutEscapingSlashes])
        return data.map { String(decoding: $0, as: UTF8.self) } ?? "{}"
    }

    static func properties(fromJSON json: String) -> [String: String] {
        (try? JSONDecoder().decode([String: String].self, from: Data(json.utf8))) ?? [:]
    }

    /// What must be identical when the same key is recorded again.
    public var payloadSHA256: String {
        let payload = [event.rawValue, subscriber ?? "", String(value), occurredAt, propertiesJSON].joined(separator: "\u{1F}")
        return Hex.string(SHA256.hash(data: Data(payload.utf8)))
    }
}

/// A usage event as stored, with its row id.
public struct StoredEvent: Sendable, Equatable {
    public var id: Int64
    public var event: UsageEvent
}

