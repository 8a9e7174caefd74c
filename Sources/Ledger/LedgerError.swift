import Core
import GRDB

/// Something the ledger refuses or could not do. Each case carries its data; its sentence is
/// written here and nowhere else (and never holds SQL or its arguments).
public enum LedgerError: Error, Sendable, Equatable, CustomStringConvertible {
    case conflictingEvent(key: String)
    case eventWithoutTime(key: String)
    case periodNotAMonth(String)
    case noSuchMonth(period: String, month: String)
    case yearBefore1970(period: String)
    case newerSchema(path: String, migrations: [String])
    case integrity(path: String, report: String)
    case invalidSubscriberID(String)
    case invalidEmail(String)
    case invalidExternalID(String)
    case subscriberExists(id: String)
    case unknownSubscriber(id: String)
    case unknownTier(TierID, known: [TierID])
    case cannotOpenLog(path: String)
    case noLogLines(path: String, read: Int, format: String)
    /// An export's file could not be written; nothing was marked exported.
    case exportNotWritten(path: String, reason: String)
    /// SQLite's result code and message.
    case sqlite(code: Int32, message: String)
    /// Anything else, in the words of whatever failed.
    case other(String)

    public var description: String {
        switch self {
        case let .conflictingEvent(key): "usage event \(key) is already recorded with a different payload; refusing to overwrite it"
        case let .eventWithoutTime(key): "event \(key) has no valid time"
        case let .periodNotAMonth(period): "--period '\(period)' must be a month, YYYY-MM (for example 2026-11)"
        case let .noSuchMonth(period, month): "--period '\(period)': there is no month \(month); months are 01 to 12"
        case let .yearBefore1970(period): "--period '\(period)': the year must be 1970 or later"
        case let .newerSchema(path, migrations):
            "\(path) was written by a newer SignalPress (migrations this version does not know: "
                + migrations.joined(separator: ", ") + "); use that version, or restore an older backup"
        case let .integrity(path, report): "\(path) fails SQLite's integrity check: \(report.prefix(200))"
        case let .invalidSubscriberID(id): "subscriber id '\(id)' must be \(Subscriber.idPattern)"
        case let .invalidEmail(email): "'\(email)' is not an email address"
        case .invalidExternalID: "--external-id must be 1 to 100 printable ASCII characters without spaces"
        case let .subscriberExists(id): "subscriber '\(id)' already exists"
        case let .unknownSubscriber(id): "no subscriber '\(id)'"
        case let .unknownTier(tier, known): "unknown tier '\(tier)' (site.yml has: \(known.map(\.value).joined(separator: ", ")))"
        case let .cannotOpenLog(path): "\(path): cannot open the log"
        case let .noLogLines(path, read, format):
            "\(path): none of its \(read) lines is a \(format) log line (is --format right?); nothing was recorded"
        case let .exportNotWritten(path, reason): "\(path): \(reason); nothing was marked exported"
        case let .sqlite(code, message): "SQLite error \(code): \(message)"
        case let .other(text): text
        }
    }

    /// Any error the ledger's work threw, as a `LedgerError`: SQLite's result code and message,
    /// never the SQL statement or its arguments that GRDB's own description carries.
    public init(_ error: any Error) {
        switch error {
        case let error as LedgerError: self = error
        case let error as DatabaseError: self = .sqlite(code: error.resultCode.rawValue, message: error.message ?? "\(error.resultCode)")
        default: self = .other("\(error)")
        }
    }
}

extension LedgerStore {
    /// What a user reads when the ledger fails (`LedgerError(error).description`).
    public static func message(for error: any Error) -> String { LedgerError(error).description }
}
