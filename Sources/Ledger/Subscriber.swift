import Core
import Foundation

/// A paying (or free) reader: who gets which tier's bundle and whose downloads are billed.
public struct Subscriber: Sendable, Equatable, Codable {
    public enum Status: String, Sendable, Codable { case active, disabled }
    /// Whether the email edition goes to this subscriber: `off` by their one-click unsubscribe or
    /// `subscribers set-email`, `bounced` when their server refused a message for good.
    public enum EmailState: String, Sendable, Codable, CaseIterable { case on, off, bounced }

    public var id: String
    public var email: String
    public var tier: TierID
    public var status: Status
    /// The id the billing service knows (Stripe customer, Lago subscription); the subscriber id unless set.
    public var externalID: String
    public var createdAt: String
    public var updatedAt: String
    /// The generation of the members' tokens honoured for this subscriber: raised by `subscribers
    /// revoke`, a move to a lower tier and a cancellation, each refusing every token issued before.
    public var generation: Int = 0
    public var emailState: EmailState = .on

    enum CodingKeys: String, CodingKey {
        case id, email, tier, status, generation
        case externalID = "external_id"
        case emailState = "email_state"
        case createdAt = "created_at"
        case updatedAt = "updated_at"
    }

    public static let idPattern = "1 to 64 characters: letters, digits, '_' and '-'"

    public static func isValid(id: String) -> Bool {
        !id.isEmpty && id.count <= 64 && id.unicodeScalars.allSatisfy {
            ("a"..."z").contains($0) || ("A"..."Z").contains($0) || ("0"..."9").contains($0) || $0 == "_" || $0 == "-"
        }
    }

    /// A plain address check: one `@`, a dotted domain, no spaces or control characters.
    public static func isValid(email: String) -> Bool {
        let parts = email.split(separator: "@", omittingEmptySubsequences: false)
        return parts.count == 2 && !parts[0].isEmpty && parts[1].contains(".")
            && !parts[1].hasPrefix(".") && !parts[1].hasSuffix(".") && email.count <= 254
            && email.unicodeScalars.allSatisfy { $0.value > 32 && $0.value < 127 && $0 != "<" && $0 != ">" && $0 != "," }
    }
}
