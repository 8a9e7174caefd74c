import Core
import GRDB

// Each ledger table's row as a GRDB record: the column names are written once, in the coding
// keys, and rows are read and written whole instead of column by column.

extension Subscriber: FetchableRecord, PersistableRecord {
    public static let databaseTableName = "subscribers"
}

/// A row of `subscriber_audit`, which triggers keep append-only.
public struct AuditEntry: Sendable, Equatable, Codable, FetchableRecord, PersistableRecord {
    public static let databaseTableName = "subscriber_audit"

    public var id: Int64?
    public var subscriberID: String
    public var action: String
    public var detail: String
    public var at: String

    enum CodingKeys: String, CodingKey {
        case id, action, detail, at
        case subscriberID = "subscriber_id"
    }
}

/// A row of `usage_events`, which triggers keep append-only.
struct UsageEventRecord: Codable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "usage_events"

    var id: Int64?
    var idempotencyKey: String
    var event: UsageEvent.Name
    var subscriberID: String?
    var value: Int
    var occurredAt: String
    var source: String
    /// The properties as JSON with sorted keys.
    var properties: String
    var payloadSHA256: String
    var recordedAt: String

    enum CodingKeys: String, CodingKey {
        case id, event, value, source, properties
        case idempotencyKey = "idempotency_key", subscriberID = "subscriber_id", occurredAt = "occurred_at"
        case payloadSHA256 = "payload_sha256", recordedAt = "recorded_at"
    }

    init(_ event: UsageEvent, recordedAt: String) {
        id = nil
        idempotencyKey = event.idempotencyKey
        self.event = event.event
        subscriberID = event.subscriber
        value = event.value
        occurredAt = event.occurredAt
        source = event.source
        properties = event.propertiesJSON
        payloadSHA256 = event.payloadSHA256
        self.recordedAt = recordedAt
    }

    var stored: StoredEvent {
        var usage = UsageEvent(event: event, subscriber: subscriberID, value: value, occurredAt: occurredAt, source: source,
                               properties: UsageEvent.properties(fromJSON: properties), fact: [])
        usage.idempotencyKey = idempotencyKey
        return StoredEvent(id: id ?? 0, event: usage)
    }
}

/// A row of `builds`: one per finished build.
struct BuildRecordRow: Codable, PersistableRecord {
    static let databaseTableName = "builds"

    var asOf: String
    var startedAt: String
    var finishedAt: String
    var outcome: String
    var files: Int
    var bytes: Int
    var events: Int

    enum CodingKeys: String, CodingKey {
        case outcome, files, bytes, events
        case asOf = "as_of", startedAt = "started_at", finishedAt = "finished_at"
    }
}

/// A row of `artifacts`: a bundle, recorded by the first build that published these bytes.
struct ArtifactRow: Codable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "artifacts"

    var tier: TierID
    var date: String
    var path: String
    var bytes: Int
    var sha256: String
    var firstBuildID: Int64

    enum CodingKeys: String, CodingKey {
        case tier, date, path, bytes, sha256
        case firstBuildID = "first_build_id"
    }
}

/// A row of `exports`: one event sent to one billing service in one batch.
struct ExportRow: Codable, PersistableRecord {
    static let databaseTableName = "exports"

    var eventID: Int64
    var target: BillingTarget
    var batch: String
    var exportedAt: String

    enum CodingKeys: String, CodingKey {
        case target, batch
        case eventID = "event_id", exportedAt = "exported_at"
    }
}

/// An event due for export, with what the export needs beside it.
struct ExportCandidate: FetchableRecord {
    var event: UsageEventRecord
    var externalID: String
    var exported: Bool

    init(row: Row) throws {
        event = try UsageEventRecord(row: row)
        externalID = row["external_id"]
        exported = row["exported"]
    }
}

extension UsageEvent.Name: DatabaseValueConvertible {}

extension TierID: DatabaseValueConvertible {
    public var databaseValue: DatabaseValue { value.databaseValue }

    public static func fromDatabaseValue(_ dbValue: DatabaseValue) -> TierID? {
        guard let text = String.fromDatabaseValue(dbValue) else { return nil }
        return TierID(text)
    }
}

extension BillingTarget: Codable, DatabaseValueConvertible {}
