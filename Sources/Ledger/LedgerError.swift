import GRDB
/// Something the ledger refuses, with the message a user reads.
public struct LedgerError: Error, Sendable, Equatable, CustomStringConvertible {
    public var description: String

    public init(_ description: String) { self.description = description }
}

extension LedgerStore {
    /// What a user reads when the ledger fails: SQLite's result code and message, never the
    /// SQL statement or its arguments that GRDB's own description carries.
    public static func message(for error: any Error) -> String {
        switch error {
        case let error as LedgerError: error.description
        case let error as DatabaseError: "SQLite error \(error.resultCode.rawValue): \(error.message ?? "\(error.resultCode)")"
        default: "\(error)"
        }
    }
}
