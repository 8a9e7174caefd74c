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
            let stem = path.split(separator: "/").last?.split(separator: ".").first.map(String.init) ?? ""
            let subscriber = String(stem.dropLast(gate.feedTokenLength + 1))
            for generation in 0...(generations[subscriber] ?? 0) {
                var then = gate
                then.revocations = MemberRevocations(generations: [subscriber: generation])
                if case .feed = then.check(path: path, query: "", cookieHeader: nil, now: 0) { return subscriber }
            }
            return nil
        })
    }
}
