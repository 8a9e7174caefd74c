import Core
import Crypto
import Foundation

/// Checks a bundle against its manifest and signature, naming the first problem.
public enum BundleVerifier {
    public struct Failure: Error, CustomStringConvertible { public var description: String }

    /// `fileName`, when given, must be the one the signed manifest names: a free bundle renamed
    /// `pro-….zip` is genuine, but not what its name claims.
    public static func verify(zip: [UInt8], manifest manifestBytes: [UInt8], signature: [UInt8],
                              publicKey: Curve25519.Signing.PublicKey, fileName: String? = nil) throws(Failure) -> Manifest {
        guard publicKey.isValidSignature(Data(signature), for: Data(manifestBytes)) else {
            throw Failure(description: "manifest.sig does not match manifest.json for this public key")
        }
        let manifest: Manifest
        do { manifest = try Manifest.decode(manifestBytes) } catch {
            throw Failure(description: "manifest.json is not a valid manifest: \(error)")
        }
        guard manifest.archive.path == "\(manifest.tier)-\(manifest.date).zip" else {
            throw Failure(description: "manifest.json names \(manifest.archive.path) for tier \(manifest.tier), \(manifest.date): not a bundle name")
        }
        if let fileName, fileName != manifest.archive.path {
            throw Failure(description: "the file is named \(fileName), but its signed manifest is for \(manifest.archive.path) "
                          + "(tier \(manifest.tier), \(manifest.date))")
        }
        guard Hex.sha256(zip) == manifest.archive.sha256, zip.count == manifest.archive.bytes else {
            throw Failure(description: "\(manifest.archive.path): SHA-256 differs from the manifest (the zip was changed)")
        }
        let entries: [String: [UInt8]]
        do { entries = try BundleArchive.unzip(zip) } catch { throw Failure(description: "the zip cannot be read: \(error)") }
        for file in manifest.files {
            guard let bytes = entries[file.path] else { throw Failure(description: "\(file.path): listed in the manifest but missing from the zip") }
            guard bytes.count == file.bytes, Hex.sha256(bytes) == file.sha256 else {
                throw Failure(description: "\(file.path): SHA-256 differs from the manifest")
            }
        }
        if let extra = entries.keys.sorted().first(where: { path in !manifest.files.contains { $0.path == path } }) {
            throw Failure(description: "\(extra): in the zip but not in the manifest")
        }
        return manifest
    }
}
