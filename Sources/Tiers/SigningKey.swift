import Core
import Crypto
import Foundation
import Project

/// The Ed25519 key that signs bundle manifests. Private keys live in `.signalpress/keys/`
/// (mode 0600, never published); public keys are published under `keys/`.
public struct SigningKey: Sendable {
    /// An Ed25519 public key, as `keys/signing.pub` holds it.
    public typealias PublicKey = Curve25519.Signing.PublicKey

    /// The key's raw bytes (swift-crypto's key type is not `Sendable`; its bytes are), and its public half's.
    let privateRaw: Data
    let publicRaw: Data

    public init(privateKey: Curve25519.Signing.PrivateKey) {
        privateRaw = privateKey.rawRepresentation
        publicRaw = privateKey.publicKey.rawRepresentation
    }

    /// Made again from bytes a valid key gave.
    public var privateKey: Curve25519.Signing.PrivateKey {
        try! Curve25519.Signing.PrivateKey(rawRepresentation: privateRaw)
    }

    public var publicKeyBase64: String { publicRaw.base64EncodedString() }

    /// First 16 hex digits of the SHA-256 of the raw public key.
    public var id: String { SigningKey.id(ofPublicKey: publicRaw) }

    public static func id(ofPublicKey raw: Data) -> String { String(Hex.sha256([UInt8](raw)).prefix(16)) }

    /// The bytes signed where they are (a whole market's manifest is megabytes; no copy into `Data`).
    public func sign(_ bytes: [UInt8]) throws -> [UInt8] { [UInt8](try privateKey.signature(for: bytes)) }

    /// The public key file's text: one line, `ed25519 <base64> <key id>`.
    public var publicKeyFile: String { "ed25519 \(publicKeyBase64) \(id)\n" }

    public static func parsePublicKey(_ text: String) -> Curve25519.Signing.PublicKey? {
        let parts = text.split(whereSeparator: { $0 == " " || $0 == "\n" })
        let encoded = parts.count >= 2 && parts[0] == "ed25519" ? parts[1] : parts.first
        guard let encoded, let raw = Data(base64Encoded: String(encoded)) else { return nil }
        return try? Curve25519.Signing.PublicKey(rawRepresentation: raw)
    }
}

/// The project's keys on disk: `current` signs; every key ever used stays for verification.
public struct KeyStore: Sendable {
    public var directory: URL

    public init(directory: URL) { self.directory = directory }

    var currentFile: URL { directory.appendingPathComponent("current") }

    /// All keys, oldest first.
    public func all() throws(TiersError) -> [SigningKey] {
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []).filter { $0.hasSuffix(".key") }.sorted()
        var keys: [SigningKey] = []
        for name in names {
            guard let text = try? String(contentsOf: directory.appendingPathComponent(name), encoding: .utf8),
                  let raw = Data(base64Encoded: text.trimmingCharacters(in: .whitespacesAndNewlines)),
                  let key = try? Curve25519.Signing.PrivateKey(rawRepresentation: raw) else {
                throw .unreadablePrivateKey(path: "\(directory.path)/\(name)")
            }
            keys.append(SigningKey(privateKey: key))
        }
        return keys
    }

    /// A public key to publish: every signing key's public half, and the `<id>.pub` files of keys
    /// whose private half is gone (restored from a backup made without `--include-keys`), so
    /// bundles signed with them still verify.
    public struct PublishedKey: Sendable, Equatable {
        public var id: String
        public var file: String

        public init(_ key: SigningKey) { (id, file) = (key.id, key.publicKeyFile) }
        init(id: String, file: String) { (self.id, self.file) = (id, file) }
    }

    public func publishedKeys() throws(TiersError) -> [PublishedKey] {
        var keys = try all().map(PublishedKey.init)
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []).filter { $0.hasSuffix(".pub") }.sorted()
        for name in names {
            guard let text = try? String(contentsOf: directory.appendingPathComponent(name), encoding: .utf8),
                  let key = SigningKey.parsePublicKey(text) else { throw .unreadablePublicKey(path: "\(directory.path)/\(name)") }
            let id = SigningKey.id(ofPublicKey: key.rawRepresentation)
            guard name == "\(id).pub" else { throw .misnamedPublicKey(path: "\(directory.path)/\(name)", holds: id) }
            if !keys.contains(where: { $0.id == id }) { keys.append(PublishedKey(id: id, file: "ed25519 \(key.rawRepresentation.base64EncodedString()) \(id)\n")) }
        }
        return keys
    }

    public func current() throws(TiersError) -> SigningKey? {
        let keys = try all()
        guard let id = try? String(contentsOf: currentFile, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines) else {
            return keys.last
        }
        return keys.first { $0.id == id } ?? keys.last
    }

    /// Creates a new key, makes it current and returns it. Key files are written 0600 in a 0700 folder.
    @discardableResult
    public func generate(sequence: Int? = nil) throws(TiersError) -> SigningKey {
        let key = SigningKey(privateKey: Curve25519.Signing.PrivateKey())
        do throws(ProjectError) {
            try SecretFile.privateFolder(directory)
            // After the highest sequence on disk, whether or not every key file still reads.
            let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
            let highest = names.filter { $0.hasSuffix(".key") }.compactMap { Int($0.prefix(4)) }.max() ?? 0
            let name = String(format: "%04d-%@.key", sequence ?? highest + 1, key.id)
            try SecretFile.write(Array((key.privateKey.rawRepresentation.base64EncodedString() + "\n").utf8), to: directory.appendingPathComponent(name))
            try SecretFile.write(Array((key.id + "\n").utf8), to: currentFile)
        } catch { throw .keyNotWritten(error) }
        return key
    }
}
