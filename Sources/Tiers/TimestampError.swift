import Foundation

/// Why an RFC 3161 timestamp could not be had or does not hold. Its sentence is written here.
public enum TimestampError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The authority did not answer with a reply (down, refused, not an authority).
    case unreachable(url: String, reason: String)
    /// The authority answered, and refused: its PKIStatus and text.
    case rejected(status: Int, text: String)
    /// The bytes are not a reply or a token: what was expected where.
    case malformed(String)
    /// The token stamps another hash than the edition's.
    case otherDigest(expected: String, found: String)
    /// The token answers another request (its nonce differs).
    case otherNonce(sent: UInt64, found: UInt64?)
    case unsupportedAlgorithm(String)
    /// No certificate in the token is the signer's; ask the authority for it (certReq).
    case signerMissing(certificates: Int)
    /// The signature over the token's signed attributes, or its content digest, does not verify.
    case badSignature(String)
    case notForTimestamping(subject: String)
    case notValidAt(subject: String, time: String)
    /// The signer does not lead to a certificate the reader trusts.
    case untrusted(subject: String)

    public var description: String {
        switch self {
        case let .unreachable(url, reason): "the time-stamp authority \(url) did not answer: \(reason)"
        case let .rejected(status, text): "the time-stamp authority refused (status \(status))" + (text.isEmpty ? "" : ": \(text)")
        case let .malformed(what): "not an RFC 3161 timestamp: \(what)"
        case let .otherDigest(expected, found):
            "the timestamp is for \(found.prefix(16))…, not for this edition (\(expected.prefix(16))…): it was changed, or belongs to another edition"
        case let .otherNonce(sent, found):
            "the timestamp answers another request (nonce \(found.map { String($0, radix: 16) } ?? "none"), not \(String(sent, radix: 16))): a replayed reply"
        case let .unsupportedAlgorithm(oid): "the timestamp is signed with an algorithm SignalPress does not check (\(oid))"
        case let .signerMissing(certificates):
            "none of the \(certificates) certificates in the timestamp is its signer's: the authority must send it (the request asks for it)"
        case let .badSignature(what): "the timestamp's signature does not verify: \(what)"
        case let .notForTimestamping(subject): "\(subject) signed the timestamp, and its certificate is not for time-stamping"
        case let .notValidAt(subject, time): "\(subject)'s certificate was not valid at the time it stamped (\(time))"
        case let .untrusted(subject): "\(subject) signed the timestamp, and no trusted authority's certificate issued it"
        }
    }
}
