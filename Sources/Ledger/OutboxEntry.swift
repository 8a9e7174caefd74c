import Core
import Foundation
import GRDB

/// One email or alert to one recipient: a row of `outbox`, written before anything is sent.
/// Its id is the message's `Message-ID` or the alert's `webhook-id`, the same on every attempt.
public struct OutboxEntry: Sendable, Equatable, Codable, FetchableRecord, PersistableRecord {
    public static let databaseTableName = "outbox"

    public enum Channel: String, Sendable, Codable, CaseIterable {
        case email, webhook, slack, discord, telegram
    }

    public enum State: String, Sendable, Codable, CaseIterable {
        /// Waiting for its first attempt.
        case queued
        /// An attempt began and its end was not recorded: the sender stopped mid-way, and the
        /// next `deliver` sends it again with the same id.
        case sending
        /// Refused for now; tried again at `nextAttemptAt`.
        case retrying
        /// Accepted by the server or endpoint.
        case sent
        /// The mail server refused the address for good; the subscriber gets no more email.
        case bounced
        /// The endpoint answered 410 Gone, or was disabled before this went out.
        case disabled
        /// The recipient unsubscribed or was disabled before this went out.
        case cancelled
        /// Every attempt of the schedule failed.
        case failed

        /// Still to be sent.
        public static let pending: [State] = [.queued, .sending, .retrying]
    }

    public var id: String
    public var channel: Channel
    /// The edition's day.
    public var edition: String
    public var tier: TierID
    public var subscriberID: String?
    public var endpointID: Int64?
    /// The email address, or the endpoint's URL.
    public var address: String
    /// The exact bytes every attempt sends: a whole MIME message, or an alert's JSON body.
    public var payload: Data
    public var state: State
    public var attempts: Int
    public var nextAttemptAt: String
    public var lastResult: String
    public var createdAt: String
    public var updatedAt: String

    enum CodingKeys: String, CodingKey {
        case id, channel, edition, tier, address, payload, state, attempts
        case subscriberID = "subscriber_id", endpointID = "endpoint_id", nextAttemptAt = "next_attempt_at"
        case lastResult = "last_result", createdAt = "created_at", updatedAt = "updated_at"
    }

    public init(id: String, channel: Channel, edition: String, tier: TierID, subscriberID: String?, endpointID: Int64?,
                address: String, payload: Data, at stamp: String) {
        self.id = id
        self.channel = channel
        self.edition = edition
        self.tier = tier
        self.subscriberID = subscriberID
        self.endpointID = endpointID
        self.address = address
        self.payload = payload
        state = .queued
        attempts = 0
        nextAttemptAt = stamp
        lastResult = ""
        createdAt = stamp
        updatedAt = stamp
    }
}

/// A row of `outbox_attempts`, which triggers keep append-only: when each attempt began and ended, and how.
struct OutboxAttempt: Codable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "outbox_attempts"

    var id: Int64?
    var outboxID: String
    var attempt: Int
    var startedAt: String
    var endedAt: String
    var result: String

    enum CodingKeys: String, CodingKey {
        case id, attempt, result
        case outboxID = "outbox_id", startedAt = "started_at", endedAt = "ended_at"
    }
}
