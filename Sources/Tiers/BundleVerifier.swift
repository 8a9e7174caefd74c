import Core
import Crypto
import Foundation

/// Checks a bundle against its manifest and signature, naming the first problem.
public enum BundleVerifier {
    /// `fileName`, when given, must be the one the signed manifest names: a free bundle renamed
    /// `pro-….zip` is genuine, but not what its name claims.
    public static func verify(zip: [UInt8], manifest manifestBytes: [UInt8], signature: [UInt8],
                              publicKey: Curve25519.Signing.PublicKey, fileName: String? = nil) throws(TiersError) -> Manifest {
        guard publicKey.isValidSignature(Data(signature), for: Data(manifestBytes)) else {
            throw .signatureMismatch(keyID: SigningKey.id(ofPublicKey: publicKey.rawRepresentation))
        }
        let manifest: Manifest
        do { manifest = try Manifest.decode(manifestBytes) } catch {
            throw .invalidManifest(reason: "\(error)")
        }
        guard manifest.archive.path == "\(manifest.tier)-\(manifest.date).zip" else {
            throw .notABundleName(archive: manifest.archive.path, tier: manifest.tier, date: manifest.date)
        }
        if let fileName, fileName != manifest.archive.path {
            throw .renamedBundle(fileName: fileName, archive: manifest.archive.path, tier: manifest.tier, date: manifest.date)
        }
        guard Hex.sha256(zip) == manifest.archive.sha256, zip.count == manifest.archive.bytes else {
            throw .archiveChanged(archive: manifest.archive.path)
        }
        let entries: [String: [UInt8]]
        do { entries = try BundleArchive.unzip(zip) } catch { throw .unreadableZip(reason: "\(error)") }
        for file in manifest.files {
            guard let bytes = entries[file.path] else { throw .missingFromZip(path: file.path) }
            guard bytes.count == file.bytes, Hex.sha256(bytes) == file.sha256 else {
                throw .fileChanged(path: file.path)
            }
        }
        if let extra = entries.keys.sorted().first(where: { path in !manifest.files.contains { $0.path == path } }) {
            throw .notInManifest(path: extra)
        }
        return manifest
    }
}
