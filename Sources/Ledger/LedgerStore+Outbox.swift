import Core
import Foundation
import GRDB

extension LedgerStore {
    /// How one attempt ended, as the outbox records it.
    public enum AttemptEnd: Sendable, Equatable {
        /// Accepted: the row is `sent`, and `event` (the billable delivery) is recorded with it.
        case sent(detail: String, event: UsageEvent?)
        /// Refused for now: tried again at `at`, unless `at` is nil (the schedule is spent).
        case retry(detail: String, at: Date?)
        /// The address is refused for good: the subscriber's email is `bounced`.
        case bounced(detail: String)
        /// The endpoint is gone (410): it is disabled, and so is everything queued for it.
        case endpointGone(detail: String)
    }

    /// Queues `entries`; an id already in the outbox is left as it is, so queueing an edition
    /// twice sends it once. Returns how many were new.
    @discardableResult
    public func enqueue(_ entries: [OutboxEntry]) throws -> Int {
        try write { db in
            var added = 0
            for entry in entries where try !OutboxEntry.exists(db, key: entry.id) {
                try entry.insert(db)
                added += 1
            }
            return added
        }
    }

    /// The pending entries of `channels` due at `now`, oldest due first (an interrupted attempt
    /// is due at once).
    public func dueDeliveries(at now: Date, channels: Set<OutboxEntry.Channel>, limit: Int = 100) throws -> [OutboxEntry] {
        try queue.read { db in
            try OutboxEntry.filter(OutboxEntry.State.pending.map(\.rawValue).contains(Column("state")))
                .filter(channels.map(\.rawValue).contains(Column("channel")))
                .filter(Column("next_attempt_at") <= LedgerStore.timestamp(now))
                .order(Column("next_attempt_at"), Column("id")).limit(limit).fetchAll(db)
        }
    }

    /// When the next pending entry of `channels` falls due, if any is pending.
    public func nextDue(channels: Set<OutboxEntry.Channel>) throws -> Date? {
        try queue.read { db in
            try String.fetchOne(db, OutboxEntry.select(min(Column("next_attempt_at")))
                .filter(OutboxEntry.State.pending.map(\.rawValue).contains(Column("state")))
                .filter(channels.map(\.rawValue).contains(Column("channel"))))
        }.flatMap(UTCTime.unix).map { Date(timeIntervalSince1970: TimeInterval($0)) }
    }

    /// Marks `id` as being sent (its attempt counted) before anything goes out, and returns it;
    /// nil when it should not go any more: sent meanwhile, its subscriber disabled or
    /// unsubscribed (the entry is `cancelled`), or its endpoint disabled (`disabled`).
    public func beginAttempt(_ id: String, at now: Date) throws -> OutboxEntry? {
        try write { db in
            guard var entry = try OutboxEntry.fetchOne(db, key: id), OutboxEntry.State.pending.contains(entry.state) else { return nil }
            let stamp = LedgerStore.timestamp(now)
            if let stop = try Self.reasonNotToSend(entry, db) {
                entry.state = stop.state
                entry.lastResult = stop.detail
                entry.updatedAt = stamp
                try entry.update(db)
                return nil
            }
            entry.state = .sending
            entry.attempts += 1
            entry.nextAttemptAt = stamp
            entry.updatedAt = stamp
            try entry.update(db)
            return entry
        }
    }

    /// Why `entry` must not go out now, and the state that says so.
    static func reasonNotToSend(_ entry: OutboxEntry, _ db: Database) throws -> (state: OutboxEntry.State, detail: String)? {
        if let id = entry.subscriberID, let subscriber = try Subscriber.fetchOne(db, key: id) {
            if subscriber.status != .active { return (.cancelled, "the subscriber is disabled") }
            if entry.channel == .email, subscriber.emailState != .on { return (.cancelled, "the subscriber's email is \(subscriber.emailState.rawValue)") }
        }
        if let id = entry.endpointID, let endpoint = try AlertEndpoint.fetchOne(db, key: id), endpoint.status == .disabled {
            return (.disabled, "the endpoint is disabled: \(endpoint.detail)")
        }
        return nil
    }

    /// Records how the attempt begun at `started` ended, with what follows from it, in one transaction.
    public func finishAttempt(_ id: String, started: Date, ended: Date, _ end: AttemptEnd) throws {
        try write { db in
            guard var entry = try OutboxEntry.fetchOne(db, key: id) else { return }
            let stamp = LedgerStore.timestamp(ended)
            let detail: String
            switch end {
            case let .sent(text, event):
                (entry.state, detail) = (.sent, text)
                if let event { try record([event], in: db, now: ended) }
            case let .retry(text, at):
                (entry.state, detail) = (at == nil ? .failed : .retrying, text)
                entry.nextAttemptAt = at.map(LedgerStore.timestamp) ?? stamp
            case let .bounced(text):
                (entry.state, detail) = (.bounced, text)
                if let subscriber = entry.subscriberID { try setEmailState(subscriber, .bounced, reason: text, db, stamp) }
            case let .endpointGone(text):
                (entry.state, detail) = (.disabled, text)
                if let endpoint = entry.endpointID { try disableEndpoint(endpoint, reason: text, db, stamp) }
            }
            entry.lastResult = detail
            entry.updatedAt = stamp
            try entry.update(db)
            try OutboxAttempt(id: nil, outboxID: id, attempt: entry.attempts, startedAt: LedgerStore.timestamp(started), endedAt: stamp, result: detail)
                .insert(db)
        }
    }

    /// Every outbox entry, for `deliver --status`, newest edition first.
    public func outbox(channels: Set<OutboxEntry.Channel> = Set(OutboxEntry.Channel.allCases)) throws -> [OutboxEntry] {
        try queue.read { db in
            try OutboxEntry.filter(channels.map(\.rawValue).contains(Column("channel")))
                .order(Column("edition").desc, Column("channel"), Column("address"), Column("id")).fetchAll(db)
        }
    }

    /// How many attempts `id` has had recorded as ended.
    public func attemptsRecorded(_ id: String) throws -> [(attempt: Int, started: String, result: String)] {
        try queue.read { db in
            try OutboxAttempt.filter(Column("outbox_id") == id).order(Column("id")).fetchAll(db).map { ($0.attempt, $0.startedAt, $0.result) }
        }
    }
}
