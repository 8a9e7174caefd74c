import Core
import Ledger
import Tiers

extension MemberGate {
    /// What `usage ingest` checks again of a members' request the edge let through: a sign-in
    /// link's signature and expiry at the time it was used, and whose private feed an address is
    /// (its token of any of the subscriber's generations so far: the log may predate a revocation).
    public static func ingestChecks(signer: SignedLink, entitlements: Entitlements, generations: [String: Int]) -> LogIngest.Members {
        let gate = MemberGate(signer: signer, entitlements: entitlements)
        return LogIngest.Members(signInRefusal: { path, query, time in
            switch gate.check(path: path, query: query, cookieHeader: nil, now: time) {
            case .redirect(_, .some): nil
            case .expired: "expired link"
            default: "bad token"
            }
        }, feedSubscriber: { path in
            // /members/<tier>/feed/<sub>-<token>.xml
            let parts = path.split(separator: "/")
            guard parts.count == 4, gate.paidTiers.contains(TierID(String(parts[1]))), let name = parts.last else { return nil }
            let address = gate.feedAddress(name)
            guard let subscriber = address.subscriber, let token = address.token else { return nil }
            let issued = (0...(generations[subscriber] ?? 0)).map { gate.feedToken(tier: TierID(String(parts[1])), subscriber: subscriber, generation: $0) }
            return issued.contains { SignedLink.constantTimeEqual($0, token) } ? subscriber : nil
        })
    }
}

extension UnsubscribeLink {
    /// What `usage ingest` checks of a logged unsubscribe: the path under the site's base, and the link's signature.
    public static func ingestCheck(signer: SignedLink, baseURL: String) -> LogIngest.Unsubscribe {
        let link = UnsubscribeLink(signer: signer)
        return LogIngest.Unsubscribe(path: MemberGate.sitePath(baseURL: baseURL) + path) { query in link.subscriber(inQuery: query) }
    }
}
