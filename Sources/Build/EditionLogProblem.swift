import Core

/// Why the edition log could not be read, migrated or written. Each stops the build before
/// anything is published: an archive that cannot be read is never taken for an empty one.
public enum EditionLogProblem: Error, Sendable, Equatable, CustomStringConvertible {
    /// The store says its editions are in the log, and the log has none.
    case logMissing(ledger: String, store: String)
    /// A store from before the log whose index cannot be read.
    case unreadableIndex(path: String)
    /// Editions on disk that neither the log nor an index names.
    case unindexedStore(folder: String)
    /// A kept bundle is not the one its edition names.
    case bundleChanged(path: String)
    /// An edition the log has sealed is missing from the store.
    case editionMissing(path: String)
    case notSealed(reason: String)
    case noSuchEdition(tier: TierID, date: Day, sealed: [String])
    /// `editions revise|retract` given no reason (or only spaces): the reason given, for the message.
    case reasonRequired(given: String)
    case alreadyRetracted(tier: TierID, date: Day)

    public var description: String {
        switch self {
        case let .logMissing(ledger, store):
            "\(ledger): the edition log is missing or empty, but \(store) holds sealed editions; "
                + "restore .signalpress from a backup (signalpress backup restore); nothing was published"
        case let .unreadableIndex(path):
            "\(path): cannot be read; the archive is never taken as empty: restore it from a backup; nothing was published"
        case let .unindexedStore(folder):
            "\(folder): holds editions that no edition log or index names; restore .signalpress from a backup; nothing was published"
        case let .bundleChanged(path):
            "\(path): is not the bundle its edition names (SHA-256 differs); it cannot be sealed into the edition log"
        case let .editionMissing(path):
            "\(path): sealed in the edition log but missing; restore .signalpress from a backup; nothing was published"
        case let .notSealed(reason): "cannot seal this build's editions: \(reason); nothing was published"
        case let .noSuchEdition(tier, date, sealed):
            "no \(tier) edition of \(date) is sealed" + (sealed.isEmpty ? "" : " (the first is \(sealed.first!), the last \(sealed.last!); `signalpress editions list` lists them)")
        case let .reasonRequired(given): "--reason must say what was wrong (given: \"\(given)\"): readers see it on the report"
        case let .alreadyRetracted(tier, date): "the \(tier) edition of \(date) is already retracted"
        }
    }
}
