import Crypto
import Foundation
import SwiftASN1

/// An RFC 3161 time-stamp request for a SHA-256 digest, and the token out of an authority's
/// reply. The request asks for the signer's certificate (certReq), so a reader can check the
/// token with no more than the authority's CA.
public enum TimestampRequest {
    static let sha256: ASN1ObjectIdentifier = [2, 16, 840, 1, 101, 3, 4, 2, 1]

    /// `TimeStampReq` in DER: version 1, the message imprint, the nonce, certReq.
    public static func der(sha256 digest: [UInt8], nonce: UInt64) -> [UInt8] {
        var coder = DER.Serializer()
        // Serializing known-good values into a fresh serializer cannot fail.
        try! coder.appendConstructedNode(identifier: .sequence) { coder in
            try coder.serialize(1)
            try coder.appendConstructedNode(identifier: .sequence) { coder in
                try coder.appendConstructedNode(identifier: .sequence) { coder in
                    try coder.serialize(sha256)
                    try coder.serialize(ASN1Null())
                }
                try coder.serialize(ASN1OctetString(contentBytes: ArraySlice(digest)))
            }
            try coder.serialize(nonce)
            try coder.serialize(true)
        }
        return coder.serializedBytes
    }

    /// The token (a CMS `ContentInfo`) out of a `TimeStampResp`; a refusal is an error with the
    /// authority's status and text.
    public static func token(fromReply reply: [UInt8]) throws(TimestampError) -> [UInt8] {
        let parts = try DERParts.of(try DERParts.parse(reply, "the reply"), "the reply")
        guard let statusInfo = parts.first else { throw .malformed("the reply has no status") }
        let status = try DERParts.of(statusInfo, "the status")
        guard let code = status.first.flatMap({ try? Int(derEncoded: $0) }) else { throw .malformed("the status is not a number") }
        guard code == 0 || code == 1 else {
            let text = status.dropFirst().first.flatMap { try? DERParts.of($0, "") }?.compactMap { try? ASN1UTF8String(derEncoded: $0) }
                .map { String(decoding: $0.bytes, as: UTF8.self) }.joined(separator: "; ") ?? ""
            throw .rejected(status: code, text: text)
        }
        guard parts.count > 1 else { throw .malformed("the reply grants a timestamp and holds none") }
        return Array(parts[1].encodedBytes)
    }
}

/// Reading DER as a list of a node's parts: each structure here is read by position.
enum DERParts {
    static func parse(_ bytes: [UInt8], _ what: String) throws(TimestampError) -> ASN1Node {
        do { return try DER.parse(bytes) } catch { throw .malformed("\(what) is not DER") }
    }

    static func of(_ node: ASN1Node, _ what: String) throws(TimestampError) -> [ASN1Node] {
        guard case let .constructed(nodes) = node.content else { throw .malformed("\(what) is not a structure") }
        return Array(nodes)
    }

    /// The one node inside an explicit tag (`[0] EXPLICIT`).
    static func inner(_ node: ASN1Node, _ what: String) throws(TimestampError) -> ASN1Node {
        guard let first = try of(node, what).first else { throw .malformed("\(what) is empty") }
        return first
    }

    static func oid(_ node: ASN1Node?, _ what: String) throws(TimestampError) -> ASN1ObjectIdentifier {
        guard let node, let oid = try? ASN1ObjectIdentifier(derEncoded: node) else { throw .malformed("\(what) is not an object identifier") }
        return oid
    }

    /// An `AlgorithmIdentifier`'s OID.
    static func algorithm(_ node: ASN1Node?, _ what: String) throws(TimestampError) -> ASN1ObjectIdentifier {
        guard let node else { throw .malformed("\(what) is missing") }
        return try oid(try of(node, what).first, what)
    }

    static func octets(_ node: ASN1Node?, _ what: String) throws(TimestampError) -> ArraySlice<UInt8> {
        guard let node, let octets = try? ASN1OctetString(derEncoded: node) else { throw .malformed("\(what) is not an octet string") }
        return octets.bytes
    }
}
