import Foundation
import GRDB

extension LedgerStore {
    /// Adds a subscriber; `tiers` are the configured tier ids, for validation.
    public func addSubscriber(id: String, email: String, tier: String, externalID: String? = nil, tiers: [String], now: Date = Date()) throws {
        if let problem = Subscriber.problem(withID: id) { throw LedgerError(problem) }
        if let problem = Subscriber.problem(withEmail: email) { throw LedgerError(problem) }
        try Self.checkTier(tier, tiers)
        if let externalID, externalID.isEmpty || externalID.count > 100 { throw LedgerError("--external-id must be 1 to 100 characters") }
        try write { db in
            guard try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM subscribers WHERE id = ?", arguments: [id]) == 0 else {
                throw LedgerError("subscriber '\(id)' already exists")
            }
            let stamp = LedgerStore.timestamp(now)
            try db.execute(sql: """
                INSERT INTO subscribers (id, email, tier, status, external_id, created_at, updated_at) VALUES (?, ?, ?, 'active', ?, ?, ?)
                """, arguments: [id, email, tier, externalID ?? id, stamp, stamp])
            try audit(db, id, "add", "email=\(email) tier=\(tier)", stamp)
        }
    }

    public func setTier(_ id: String, tier: String, tiers: [String], now: Date = Date()) throws {
        try Self.checkTier(tier, tiers)
        try update(id, now: now, action: "set-tier") { db, subscriber, stamp in
            guard subscriber.tier != tier else { return nil }
            try db.execute(sql: "UPDATE subscribers SET tier = ?, updated_at = ? WHERE id = ?", arguments: [tier, stamp, id])
            return "tier \(subscriber.tier) -> \(tier)"
        }
    }

    public func setStatus(_ id: String, _ status: Subscriber.Status, now: Date = Date()) throws {
        try update(id, now: now, action: status == .active ? "enable" : "disable") { db, subscriber, stamp in
            guard subscriber.status != status else { return nil }
            try db.execute(sql: "UPDATE subscribers SET status = ?, updated_at = ? WHERE id = ?", arguments: [status.rawValue, stamp, id])
            return "status \(subscriber.status.rawValue) -> \(status.rawValue)"
        }
    }

    public func subscribers() throws -> [Subscriber] {
        try queue.read { db in try Row.fetchAll(db, sql: "SELECT * FROM subscribers ORDER BY id").map(Self.subscriber) }
    }

    public func subscriber(_ id: String) throws -> Subscriber? {
        try queue.read { db in try Row.fetchOne(db, sql: "SELECT * FROM subscribers WHERE id = ?", arguments: [id]).map(Self.subscriber) }
    }

    /// Every change made to `id`, oldest first: (action, detail, at).
    public func auditTrail(_ id: String) throws -> [(action: String, detail: String, at: String)] {
        try queue.read { db in
            try Row.fetchAll(db, sql: "SELECT action, detail, at FROM subscriber_audit WHERE subscriber_id = ? ORDER BY id", arguments: [id])
                .map { ($0["action"], $0["detail"], $0["at"]) }
        }
    }

    func update(_ id: String, now: Date, action: String, _ body: (Database, Subscriber, String) throws -> String?) throws {
        try write { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT * FROM subscribers WHERE id = ?", arguments: [id]) else {
                throw LedgerError("no subscriber '\(id)'")
            }
            let stamp = LedgerStore.timestamp(now)
            if let detail = try body(db, Self.subscriber(row), stamp) { try audit(db, id, action, detail, stamp) }
        }
    }

    func audit(_ db: Database, _ id: String, _ action: String, _ detail: String, _ stamp: String) throws {
        try db.execute(sql: "INSERT INTO subscriber_audit (subscriber_id, action, detail, at) VALUES (?, ?, ?, ?)",
                       arguments: [id, action, detail, stamp])
    }

    static func checkTier(_ tier: String, _ tiers: [String]) throws {
        guard tiers.contains(tier) else { throw LedgerError("unknown tier '\(tier)' (site.yml has: \(tiers.joined(separator: ", ")))") }
    }

    static func subscriber(_ row: Row) -> Subscriber {
        Subscriber(id: row["id"], email: row["email"], tier: row["tier"], status: Subscriber.Status(rawValue: row["status"]) ?? .disabled,
                   externalID: row["external_id"], createdAt: row["created_at"], updatedAt: row["updated_at"])
    }
}
