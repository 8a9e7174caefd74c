import Core
import Foundation
import GRDB

extension LedgerStore {
    /// Adds a subscriber; `tiers` are the configured tier ids, for validation.
    public func addSubscriber(id: String, email: String, tier: TierID, externalID: String? = nil, tiers: [TierID]) throws {
        if !Subscriber.isValid(id: id) { throw LedgerError.invalidSubscriberID(id) }
        if !Subscriber.isValid(email: email) { throw LedgerError.invalidEmail(email) }
        try Self.checkTier(tier, tiers)
        if let externalID, externalID.isEmpty || externalID.count > 100 || !externalID.unicodeScalars.allSatisfy({ $0.value > 32 && $0.value < 127 }) {
            // It goes into billing exports and terminal tables: no spaces, newlines or escape sequences.
            throw LedgerError.invalidExternalID(externalID)
        }
        try write { db in
            guard try !Subscriber.exists(db, key: id) else { throw LedgerError.subscriberExists(id: id) }
            let stamp = LedgerStore.timestamp(clock.now)
            try Subscriber(id: id, email: email, tier: tier, status: .active, externalID: externalID ?? id, createdAt: stamp, updatedAt: stamp)
                .insert(db)
            try audit(db, id, "add", "email=\(email) tier=\(tier)", stamp)
        }
    }

    /// Moves `id` to `tier`; a move to a lower tier (in `tiers`' order, lowest first) also ends
    /// every members' token of theirs, which names the higher tier.
    public func setTier(_ id: String, tier: TierID, tiers: [TierID]) throws {
        try Self.checkTier(tier, tiers)
        try update(id, action: "set-tier") { subscriber in
            guard subscriber.tier != tier else { return nil }
            let down = (tiers.firstIndex(of: tier) ?? 0) < (tiers.firstIndex(of: subscriber.tier) ?? 0)
            defer { subscriber.tier = tier; if down { subscriber.generation += 1 } }
            return "tier \(subscriber.tier) -> \(tier)" + (down ? "; members' tokens of generation \(subscriber.generation) refused" : "")
        }
    }

    /// Disabling a subscriber also ends their members' tokens: enabling them again does not
    /// bring the old ones back.
    public func setStatus(_ id: String, _ status: Subscriber.Status) throws {
        try update(id, action: status == .active ? "enable" : "disable") { subscriber in
            guard subscriber.status != status else { return nil }
            let ends = status == .disabled
            defer { subscriber.status = status; if ends { subscriber.generation += 1 } }
            return "status \(subscriber.status.rawValue) -> \(status.rawValue)"
        }
    }

    /// Signs `id` out everywhere: every members' token issued so far is refused from the next
    /// build on. Returns the new generation.
    @discardableResult
    public func revokeTokens(_ id: String) throws -> Int {
        var generation = 0
        try update(id, action: "revoke") { subscriber in
            subscriber.generation += 1
            generation = subscriber.generation
            return "members' tokens before generation \(generation) refused"
        }
        return generation
    }

    public func subscribers() throws -> [Subscriber] {
        try queue.read { db in try Subscriber.order(Column("id")).fetchAll(db) }
    }

    public func subscriber(_ id: String) throws -> Subscriber? {
        try queue.read { db in try Subscriber.fetchOne(db, key: id) }
    }

    /// Every change made to `id`, oldest first.
    public func auditTrail(_ id: String) throws -> [AuditEntry] {
        try queue.read { db in try AuditEntry.filter(Column("subscriber_id") == id).order(Column("id")).fetchAll(db) }
    }

    /// Applies `change` to the stored subscriber; when it says what changed, saves it and audits that.
    func update(_ id: String, action: String, _ change: (inout Subscriber) throws -> String?) throws {
        try write { db in
            guard var subscriber = try Subscriber.fetchOne(db, key: id) else { throw LedgerError.unknownSubscriber(id: id) }
            guard let detail = try change(&subscriber) else { return }
            let stamp = LedgerStore.timestamp(clock.now)
            subscriber.updatedAt = stamp
            try subscriber.update(db)
            try audit(db, id, action, detail, stamp)
        }
    }

    func audit(_ db: Database, _ id: String, _ action: String, _ detail: String, _ stamp: String) throws {
        try AuditEntry(subscriberID: id, action: action, detail: detail, at: stamp).insert(db)
    }

    static func checkTier(_ tier: TierID, _ tiers: [TierID]) throws {
        guard tiers.contains(tier) else { throw LedgerError.unknownTier(tier, known: tiers) }
    }
}
