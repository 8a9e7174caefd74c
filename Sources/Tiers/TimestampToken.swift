import Core
import Crypto
import Foundation
import SwiftASN1
import X509

/// An RFC 3161 time-stamp token (a CMS `SignedData` over a `TSTInfo`), read and checked by
/// hand: swift-certificates' CMS verifier takes only `id-data` content. Checked: the stamped
/// digest, the content digest in the signed attributes, the signature over them with the
/// signer's certificate from the token, that certificate's time-stamping purpose and validity at
/// the stamped time, and, given trusted CAs, the chain from the signer to one of them.
public struct TimestampToken: Sendable {
    static let signedData: ASN1ObjectIdentifier = [1, 2, 840, 113_549, 1, 7, 2]
    static let tstInfo: ASN1ObjectIdentifier = [1, 2, 840, 113_549, 1, 9, 16, 1, 4]
    static let contentTypeAttribute: ASN1ObjectIdentifier = [1, 2, 840, 113_549, 1, 9, 3]
    static let messageDigestAttribute: ASN1ObjectIdentifier = [1, 2, 840, 113_549, 1, 9, 4]

    public let der: [UInt8]
    /// The stamped digest (the message imprint), as hex.
    public let digest: String
    /// When the authority stamped it.
    public let time: Date
    public let nonce: UInt64?
    /// The authority's certificate subject.
    public var authority: String { signer.subject.description }

    let signer: Certificate
    let certificates: [Certificate]
    let content: ArraySlice<UInt8>
    let signedAttributes: SignedAttributes
    let signature: ArraySlice<UInt8>
    let signatureAlgorithm: Certificate.SignatureAlgorithm
    let contentDigestAlgorithm: ASN1ObjectIdentifier

    public init(der: [UInt8]) throws(TimestampError) {
        self.der = der
        let info = try DERParts.of(try DERParts.parse(der, "the token"), "the token")
        guard info.count == 2, try DERParts.oid(info[0], "the token's content type") == Self.signedData else {
            throw .malformed("the token is not CMS signed data")
        }
        let signed = try DERParts.of(try DERParts.inner(info[1], "the signed data"), "the signed data")
        guard signed.count >= 4 else { throw .malformed("the signed data is incomplete") }
        let encapsulated = try DERParts.of(signed[2], "the encapsulated content")
        guard try DERParts.oid(encapsulated.first, "the content type") == Self.tstInfo, encapsulated.count == 2 else {
            throw .malformed("the signed content is not a TSTInfo")
        }
        content = try DERParts.octets(try DERParts.inner(encapsulated[1], "the content"), "the content")
        let certificateSet = signed.first { $0.identifier == ASN1Identifier(tagWithNumber: 0, tagClass: .contextSpecific) }
        certificates = try certificateSet.map { set throws(TimestampError) in
            try DERParts.of(set, "the certificates").map { node throws(TimestampError) in
                do { return try Certificate(derEncoded: node) } catch { throw .malformed("a certificate in the token cannot be read: \(error)") }
            }
        } ?? []
        let signers = try DERParts.of(signed[signed.count - 1], "the signer infos")
        guard signers.count == 1 else { throw .malformed("the token has \(signers.count) signers, not one") }
        let signerInfo = try DERParts.of(signers[0], "the signer info")
        guard signerInfo.count >= 6 else { throw .malformed("the signer info is incomplete") }
        contentDigestAlgorithm = try DERParts.algorithm(signerInfo[2], "the digest algorithm")
        guard signerInfo[3].identifier == ASN1Identifier(tagWithNumber: 0, tagClass: .contextSpecific) else {
            throw .malformed("the signer info has no signed attributes")
        }
        signedAttributes = try SignedAttributes(signerInfo[3])
        signatureAlgorithm = try Self.signatureAlgorithm(try DERParts.algorithm(signerInfo[4], "the signature algorithm"), digest: contentDigestAlgorithm)
        signature = try DERParts.octets(signerInfo[5], "the signature")
        signer = try Self.signer(signerInfo[1], in: certificates)
        (digest, time, nonce) = try Self.stamped(content)
    }

    /// Throws unless this token stamps `digest` (hex) with a signature that holds, by a
    /// certificate meant for time-stamping and valid then; given `roots`, one of them must have
    /// issued that certificate, directly or through the token's other certificates.
    public func verify(digest expected: String, trusting roots: TrustedCertificates?) throws(TimestampError) {
        guard digest == expected else { throw .otherDigest(expected: expected, found: digest) }
        guard signedAttributes.contentType == Self.tstInfo else { throw .badSignature("the signed content type is not a TSTInfo") }
        guard let computed = Self.hash(content, with: contentDigestAlgorithm), signedAttributes.messageDigest == computed[...] else {
            throw .badSignature("the signed digest of the content does not match it")
        }
        guard signer.publicKey.isValidSignature(signature, for: signedAttributes.der, signatureAlgorithm: signatureAlgorithm) else {
            throw .badSignature("the signed attributes were not signed by \(authority)")
        }
        guard let usage = try? signer.extensions.extendedKeyUsage, usage.contains(.timeStamping) else { throw .notForTimestamping(subject: authority) }
        try Self.validAt(time, signer)
        if let roots { try chain(to: roots.certificates) }
    }

    /// From the signer, through the token's certificates, to a trusted one: each signature and validity checked.
    func chain(to roots: [Certificate]) throws(TimestampError) {
        var current = signer
        for _ in 0..<8 {
            if roots.contains(current) { return }
            guard let issuer = (roots + certificates).first(where: { $0.subject == current.issuer && $0 != current && $0.publicKey.isValidSignature(current.signature, for: current) }),
                  roots.contains(issuer) || Self.isAuthority(issuer)
            else { throw .untrusted(subject: authority) }
            try Self.validAt(time, issuer)
            current = issuer
        }
        throw .untrusted(subject: authority)
    }

    static func isAuthority(_ certificate: Certificate) -> Bool {
        if case .isCertificateAuthority = try? certificate.extensions.basicConstraints { return true }
        return false
    }

    static func validAt(_ time: Date, _ certificate: Certificate) throws(TimestampError) {
        guard certificate.notValidBefore <= time, time <= certificate.notValidAfter else {
            throw .notValidAt(subject: certificate.subject.description, time: TimestampToken.text(time))
        }
    }

    /// `2026-11-27T22:10:03Z`.
    public static func text(_ time: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.timeZone = TimeZone(identifier: "UTC")
        return formatter.string(from: time)
    }

    /// The signer named by the signer info: by issuer and serial number, or by subject key identifier.
    static func signer(_ identifier: ASN1Node, in certificates: [Certificate]) throws(TimestampError) -> Certificate {
        let found: Certificate?
        if identifier.identifier == .sequence {
            let parts = try DERParts.of(identifier, "the signer's name")
            guard parts.count == 2, let issuer = try? DistinguishedName(derEncoded: parts[0]), let serial = try? ArraySlice<UInt8>(derEncoded: parts[1]) else {
                throw .malformed("the signer's issuer and serial number cannot be read")
            }
            found = certificates.first { $0.issuer == issuer && $0.serialNumber == Certificate.SerialNumber(bytes: serial) }
        } else {
            guard case let .primitive(key) = identifier.content else { throw .malformed("the signer's key identifier cannot be read") }
            found = certificates.first { (try? $0.extensions.subjectKeyIdentifier)??.keyIdentifier == key }
        }
        guard let found else { throw .signerMissing(certificates: certificates.count) }
        return found
    }

    /// What the `TSTInfo` stamps: its imprint (SHA-256 only), its time and its nonce.
    static func stamped(_ content: ArraySlice<UInt8>) throws(TimestampError) -> (String, Date, UInt64?) {
        let info = try DERParts.of(try DERParts.parse(Array(content), "the TSTInfo"), "the TSTInfo")
        guard info.count >= 5 else { throw .malformed("the TSTInfo is incomplete") }
        let imprint = try DERParts.of(info[2], "the message imprint")
        guard imprint.count == 2 else { throw .malformed("the message imprint is incomplete") }
        let algorithm = try DERParts.algorithm(imprint[0], "the imprint's algorithm")
        guard algorithm == TimestampRequest.sha256 else { throw .unsupportedAlgorithm("\(algorithm)") }
        let digest = try DERParts.octets(imprint[1], "the imprint")
        guard let generalized = try? GeneralizedTime(derEncoded: info[4]) else { throw .malformed("the TSTInfo's time cannot be read") }
        var parts = DateComponents(year: generalized.year, month: generalized.month, day: generalized.day,
                                   hour: generalized.hours, minute: generalized.minutes, second: generalized.seconds)
        parts.timeZone = TimeZone(identifier: "UTC")
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        guard let time = calendar.date(from: parts) else { throw .malformed("the TSTInfo's time is not a date") }
        let nonce = info.dropFirst(5).first { $0.identifier == .integer }.flatMap { try? UInt64(derEncoded: $0) }
        return (Hex.string(digest), time.addingTimeInterval(generalized.fractionalSeconds), nonce)
    }

    /// The certificate algorithm for a signer info's signature and digest algorithms: CMS may
    /// name the key's algorithm (`rsaEncryption`) and leave the digest to the digest algorithm.
    static func signatureAlgorithm(_ signature: ASN1ObjectIdentifier, digest: ASN1ObjectIdentifier) throws(TimestampError) -> Certificate.SignatureAlgorithm {
        let sha256 = TimestampRequest.sha256
        let (sha384, sha512): (ASN1ObjectIdentifier, ASN1ObjectIdentifier) = ([2, 16, 840, 1, 101, 3, 4, 2, 2], [2, 16, 840, 1, 101, 3, 4, 2, 3])
        switch (signature.description, digest) {
        case ("1.2.840.113549.1.1.1", sha256), ("1.2.840.113549.1.1.11", _): return .sha256WithRSAEncryption
        case ("1.2.840.113549.1.1.1", sha384), ("1.2.840.113549.1.1.12", _): return .sha384WithRSAEncryption
        case ("1.2.840.113549.1.1.1", sha512), ("1.2.840.113549.1.1.13", _): return .sha512WithRSAEncryption
        case ("1.2.840.10045.4.3.2", _): return .ecdsaWithSHA256
        case ("1.2.840.10045.4.3.3", _): return .ecdsaWithSHA384
        case ("1.2.840.10045.4.3.4", _): return .ecdsaWithSHA512
        case ("1.3.101.112", _): return .ed25519
        default: throw .unsupportedAlgorithm("\(signature) with \(digest)")
        }
    }

    static func hash(_ bytes: ArraySlice<UInt8>, with algorithm: ASN1ObjectIdentifier) -> [UInt8]? {
        switch algorithm.description {
        case "2.16.840.1.101.3.4.2.1": Array(SHA256.hash(data: bytes))
        case "2.16.840.1.101.3.4.2.2": Array(SHA384.hash(data: bytes))
        case "2.16.840.1.101.3.4.2.3": Array(SHA512.hash(data: bytes))
        default: nil
        }
    }

    /// The signer info's signed attributes: what the signature covers is their DER as a SET
    /// (RFC 5652 §5.4), not as the `[0]` they are tagged with in the token.
    struct SignedAttributes: Sendable {
        let der: [UInt8]
        var contentType: ASN1ObjectIdentifier?
        var messageDigest: ArraySlice<UInt8>?

        init(_ node: ASN1Node) throws(TimestampError) {
            var der = Array(node.encodedBytes)
            der[0] = 0x31
            self.der = der
            for attribute in try DERParts.of(node, "the signed attributes") {
                let parts = try DERParts.of(attribute, "a signed attribute")
                guard parts.count == 2, let value = try DERParts.of(parts[1], "an attribute's values").first else { continue }
                switch try DERParts.oid(parts[0], "an attribute's type") {
                case TimestampToken.contentTypeAttribute: contentType = try DERParts.oid(value, "the content type attribute")
                case TimestampToken.messageDigestAttribute: messageDigest = try DERParts.octets(value, "the message digest attribute")
                default: continue
                }
            }
        }
    }
}

/// The CA certificates a reader trusts to have issued a time-stamp authority's: a PEM file of one or more.
public struct TrustedCertificates: Sendable {
    let certificates: [Certificate]

    /// nil unless every PEM block is a certificate, and there is one.
    public init?(pem: String) {
        guard let documents = try? PEMDocument.parseMultiple(pemString: pem), !documents.isEmpty else { return nil }
        let certificates = documents.compactMap { try? Certificate(derEncoded: $0.derBytes) }
        guard certificates.count == documents.count else { return nil }
        self.certificates = certificates
    }
}
