import Core
import Delivery

/// Why an email or the outbox could not be made or drained.
public enum DeliveryProblem: Sendable, Equatable, CustomStringConvertible {
    /// `site.yml` has no `email:` block.
    case noEmailSettings
    /// No edition of `tier` was sealed (on `date`, when given).
    case noEdition(tier: TierID, date: String?, sealed: [String])
    /// The subscriber is on another tier.
    case otherTier(subscriber: String, tier: TierID, asked: TierID)
    /// A subscriber endpoint on a tier without the `webhooks` feature.
    case webhooksNotIncluded(subscriber: String, tier: TierID)
    case invalidEndpointURL(String)
    /// The email would show a reader what their tier may not see.
    case leak(tier: TierID, item: String)
    case courier(DeliveryError)
    /// A Listmonk campaign needs the list it goes to.
    case listmonkList(tier: TierID)

    public var description: String {
        switch self {
        case .noEmailSettings:
            "content/site.yml has no email: block; add one with from (and smtp_url to send), as docs/delivery.md shows"
        case let .noEdition(tier, date, sealed):
            "no \(tier) edition" + (date.map { " of \($0)" } ?? "") + " has been published"
                + (sealed.isEmpty ? "; build first" : " (the newest: \(sealed.suffix(3).joined(separator: ", ")))")
        case let .otherTier(subscriber, tier, asked): "subscriber '\(subscriber)' is on \(tier), not \(asked)"
        case let .webhooksNotIncluded(subscriber, tier):
            "subscriber '\(subscriber)' is on \(tier), whose features do not include webhooks (add it to the tier in site.yml)"
        case let .invalidEndpointURL(url): "'\(url)' is not an https:// address"
        case let .leak(tier, item): "the \(tier) email would contain \(item); nothing was queued"
        case let .courier(error): error.description
        case let .listmonkList(tier): "a Listmonk campaign goes to a list: give --list \(tier)=ID (the list's id in Listmonk)"
        }
    }
}
