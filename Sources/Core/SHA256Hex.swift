import Foundation
import Crypto

extension Hex {
    /// The SHA-256 of `bytes` in lower-case hex, as manifests, editions and backups name files.
    public static func sha256<Bytes: DataProtocol>(_ bytes: Bytes) -> String {
        string(SHA256.hash(data: bytes))
    }
}
