import Core
import Foundation
import Project

/// Issues a subscriber's signed, expiring links to their tier's bundle.
public struct LinkIssuer: Sendable {
    /// A bundle the ledger says was published: tier, date and path in the site.
    public struct Published: Sendable, Equatable {
        public var tier: TierID
        public var date: String
        public var path: String

        public init(tier: TierID, date: String, path: String) {
            (self.tier, self.date, self.path) = (tier, date, path)
        }
    }

    public let entitlements: Entitlements
    public let signer: SignedLink

    public init(entitlements: Entitlements, environment: [String: String]) throws(TiersError) {
        self.entitlements = entitlements
        signer = try entitlements.signer(environment: environment)
    }

    /// The zip, manifest and signature URLs of `tier`'s bundle of `date` (default: the newest of
    /// `published`), signed for `subscriber` until `now + ttl` (default: `gating.link_ttl_seconds`),
    /// and for a paid tier the sign-in link to its members' area, with the subscriber's token
    /// `generation`, valid as long, and the subscriber's private Atom and JSON feeds (valid until revoked).
    public func links(subscriber: String, tier: TierID, generation: Int = 0, active: Bool, published: [Published], date: String?,
                      ttl: Int?, now: Int) throws(TiersError) -> [String] {
        guard active else { throw .subscriberDisabled(id: subscriber) }
        guard entitlements.tier(tier) != nil else { throw .tierNotInSite(subscriber: subscriber, tier: tier) }
        let mine = published.filter { $0.tier == tier }
        guard let bundle = date.map({ day in mine.last { $0.date == day } }) ?? mine.max(by: { $0.date < $1.date }) else {
            throw .noBundle(tier: tier, date: date, published: Array(Set(mine.map(\.date))).sorted())
        }
        let config = entitlements.project.config
        let expires = now + (ttl ?? config.gating.linkTTLSeconds)
        let prefix = URL(string: config.baseURL)?.path ?? ""
        let origin = prefix.isEmpty ? config.baseURL : String(config.baseURL.dropLast(prefix.count))
        let folder = (bundle.path as NSString).deletingLastPathComponent
        let downloads = [bundle.path, folder + "/manifest.json", folder + "/manifest.sig"].map { path in
            let uri = prefix + "/" + path
            return origin + uri + "?" + signer.query(uri: uri, subscriber: subscriber, expires: expires)
        }
        guard !entitlements.isPublic(tier) else { return downloads }
        let gate = MemberGate(signer: signer, entitlements: entitlements)
        return downloads + [origin + gate.signInLink(gate.token(tier: tier, subscriber: subscriber, generation: generation, expires: expires))]
            + gate.feedLinks(tier: tier, subscriber: subscriber, generation: generation).map { origin + $0 }
    }
}
