import Core
import Foundation
import Ledger
import Tiers

extension Workspace {
    /// A subscriber's signed links to their tier's bundle of `date` (default: the newest), and
    /// to their members' area (`LinkIssuer.links`). With
    /// `site`, only bundles still in it count: a link to a bundle a later build removed would 404.
    public func links(ledger: LedgerStore, subscriber id: String, date: String?, ttl: Int?, now: Int,
                      environment: [String: String], site: URL? = nil) throws(BuildError) -> [String] {
        let subscriber: Subscriber
        let artifacts: [LedgerStore.Artifact]
        do {
            guard let found = try ledger.subscriber(id) else { throw LedgerError.unknownSubscriber(id: id) }
            subscriber = found
            artifacts = try ledger.artifacts()
        } catch { throw .ledgerFailed(LedgerError(error)) }
        let published = artifacts
            .filter { artifact in site.map { FileManager.default.fileExists(atPath: $0.appendingPathComponent(artifact.path).path) } ?? true }
            .map { LinkIssuer.Published(tier: $0.tier, date: $0.date, path: $0.path) }
        let entitlements = try entitlements()
        do throws(TiersError) {
            return try LinkIssuer(entitlements: entitlements, environment: environment)
                .links(subscriber: subscriber.id, tier: subscriber.tier, generation: subscriber.generation, active: subscriber.status == .active, published: published,
                       date: date, ttl: ttl, now: now)
        } catch { throw .tiers(error) }
    }
}
