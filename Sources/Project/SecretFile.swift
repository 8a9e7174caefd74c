import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Files that hold secrets (signing keys, the link secret): created with mode 0600 from their
/// first byte (never written with the default mode and tightened afterwards), synced, then
/// renamed into place, in a folder that is 0700 (tightened if it already existed).
public enum SecretFile {
    public static func write(_ bytes: [UInt8], to url: URL) throws(ProjectError) {
        let temporary = url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).tmp-\(getpid())")
        unlink(temporary.path)
        let fd = open(temporary.path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW, 0o600)
        guard fd >= 0 else { throw .cannotCreate(path: temporary.path, errno: errno) }
        let written = bytes.withUnsafeBytes { Glibc.write(fd, $0.baseAddress, $0.count) }
        let synced = fsync(fd) == 0
        close(fd)
        guard written == bytes.count, synced, rename(temporary.path, url.path) == 0 else {
            let code = errno
            unlink(temporary.path)
            throw .cannotWrite(path: url.path, errno: code)
        }
    }

    /// Creates `url` as a 0700 folder, or makes an existing one 0700.
    public static func privateFolder(_ url: URL) throws(ProjectError) {
        do { try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700]) } catch {
            throw .cannotCreateFolder(path: url.path, reason: error.localizedDescription)
        }
        guard chmod(url.path, 0o700) == 0 else { throw .cannotMakePrivate(path: url.path, errno: errno) }
    }
}
