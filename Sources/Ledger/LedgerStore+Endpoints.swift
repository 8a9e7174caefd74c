import Core
import Foundation
import GRDB

extension LedgerStore {
    /// A publisher's endpoint of `alerts:` in `site.yml`, as the ledger keeps it.
    public struct SiteEndpoint: Sendable, Equatable {
        public var tier: TierID
        public var kind: AlertEndpoint.Kind
        public var url: String
        /// `$NAME`: the environment variable with its secret or token.
        public var secret: String

        /// Its row's key: one row per tier and address, however often it is configured.
        public var key: String { "site:\(tier.value):\(url)" }

        public init(tier: TierID, kind: AlertEndpoint.Kind, url: String, secret: String) {
            self.tier = tier
            self.kind = kind
            self.url = url
            self.secret = secret
        }
    }

    /// The endpoints of `site.yml`, each given its row the first time it is seen (so a 410 that
    /// disabled one is remembered), in the order given.
    public func siteEndpoints(_ configured: [SiteEndpoint]) throws -> [AlertEndpoint] {
        try write { db in
            let stamp = LedgerStore.timestamp(clock.now)
            return try configured.map { item in
                let key = item.key
                if var kept = try AlertEndpoint.filter(Column("key") == key).fetchOne(db) {
                    guard kept.kind != item.kind || kept.secret != item.secret else { return kept }
                    (kept.kind, kept.secret, kept.updatedAt) = (item.kind, item.secret, stamp)
                    try kept.update(db)
                    return kept
                }
                var endpoint = AlertEndpoint(id: nil, key: key, subscriberID: nil, tier: item.tier, kind: item.kind, url: item.url, secret: item.secret,
                                             status: .active, detail: "", createdAt: stamp, updatedAt: stamp)
                try endpoint.insert(db)
                return endpoint
            }
        }
    }

    /// Adds a subscriber's own endpoint (`subscribers add-endpoint`) with a new secret, and
    /// returns it; adding the same URL again returns the one already there.
    public func addEndpoint(subscriber id: String, kind: AlertEndpoint.Kind, url: String, secret: String) throws -> AlertEndpoint {
        try write { db in
            guard let subscriber = try Subscriber.fetchOne(db, key: id) else { throw LedgerError.unknownSubscriber(id: id) }
            let key = "subscriber:\(id):\(url)"
            if let kept = try AlertEndpoint.filter(Column("key") == key).fetchOne(db) { return kept }
            let stamp = LedgerStore.timestamp(clock.now)
            var endpoint = AlertEndpoint(id: nil, key: key, subscriberID: id, tier: subscriber.tier, kind: kind, url: url, secret: secret,
                                         status: .active, detail: "", createdAt: stamp, updatedAt: stamp)
            try endpoint.insert(db)
            try audit(db, id, "add-endpoint", "\(kind.rawValue) \(url)", stamp)
            return endpoint
        }
    }

    /// The active endpoints subscribers added, with their subscribers, for the alerts of `tiers`.
    public func subscriberEndpoints() throws -> [(endpoint: AlertEndpoint, subscriber: Subscriber)] {
        try queue.read { db in
            try AlertEndpoint.filter(Column("subscriber_id") != nil).filter(Column("status") == AlertEndpoint.Status.active.rawValue)
                .order(Column("id")).fetchAll(db).compactMap { endpoint in
                    guard let id = endpoint.subscriberID, let subscriber = try Subscriber.fetchOne(db, key: id) else { return nil }
                    return (endpoint, subscriber)
                }
        }
    }

    public func endpoint(_ id: Int64) throws -> AlertEndpoint? {
        try queue.read { db in try AlertEndpoint.fetchOne(db, key: id) }
    }

    func disableEndpoint(_ id: Int64, reason: String, _ db: Database, _ stamp: String) throws {
        guard var endpoint = try AlertEndpoint.fetchOne(db, key: id), endpoint.status == .active else { return }
        endpoint.status = .disabled
        endpoint.detail = reason
        endpoint.updatedAt = stamp
        try endpoint.update(db)
        if let subscriber = endpoint.subscriberID { try audit(db, subscriber, "endpoint-disabled", "\(endpoint.url): \(reason)", stamp) }
    }

    /// `subscribers set-email ID on|off`, a one-click unsubscribe, or a bounce.
    public func setEmail(_ id: String, _ state: Subscriber.EmailState, reason: String) throws {
        try write { db in try setEmailState(id, state, reason: reason, db, LedgerStore.timestamp(clock.now)) }
    }

    func setEmailState(_ id: String, _ state: Subscriber.EmailState, reason: String, _ db: Database, _ stamp: String) throws {
        guard var subscriber = try Subscriber.fetchOne(db, key: id) else { throw LedgerError.unknownSubscriber(id: id) }
        guard subscriber.emailState != state else { return }
        let detail = "email \(subscriber.emailState.rawValue) -> \(state.rawValue)" + (reason.isEmpty ? "" : ": \(reason)")
        subscriber.emailState = state
        subscriber.updatedAt = stamp
        try subscriber.update(db)
        try audit(db, id, "set-email", detail, stamp)
    }
}
