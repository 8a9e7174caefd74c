/// Something the ledger refuses, with the message a user reads.
public struct LedgerError: Error, Sendable, Equatable, CustomStringConvertible {
    public var description: String

    public init(_ description: String) { self.description = description }
}
