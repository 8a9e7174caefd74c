/// A signed link's query as nginx reads it and as every other SignalPress check must: nginx's
/// `$arg_NAME` is the first `NAME=` with the name compared without case and without decoding,
/// so `%73ub=` is another parameter and `SUB=` the same one. A parameter the link uses given
/// twice (empty or without `=` included) refuses the link everywhere: nginx, the edge functions,
/// `SignedLink.check` and `usage ingest` give the same answer to every query. (A small shared
/// value: it moves to Core with the structure issue.)
public struct LinkQuery: Sendable, Equatable {
    /// The parameters a link carries, for either scheme.
    public static let linkNames = ["sub", "expires", "md5", "sig"]

    /// Lower-case name to the raw value of its first `NAME=` occurrence.
    public var values: [String: String] = [:]
    /// A link parameter that occurs more than once.
    public var repeated: String?

    /// The parameters a members' sign-in link carries: a link's, and the subscriber's generation.
    public static let signInNames = linkNames + ["gen"]

    public init(_ query: some StringProtocol, names: [String] = linkNames) {
        var seen: Set<String> = []
        for piece in query.split(separator: "&", omittingEmptySubsequences: true) {
            let equals = piece.firstIndex(of: "=")
            let name = piece[..<(equals ?? piece.endIndex)].lowercased()
            guard names.contains(name) else { continue }
            if !seen.insert(name).inserted, repeated == nil { repeated = name }
            if let equals, values[name] == nil { values[name] = String(piece[piece.index(after: equals)...]) }
        }
    }

    public subscript(name: String) -> String? { values[name] }
}
