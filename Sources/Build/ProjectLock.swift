import Foundation

/// An exclusive flock(2) on a file in `.signalpress/`: builds of one project take turns, so two
/// never seal the same day. The kernel releases it when the process dies, however it dies.
final class ProjectLock: Sendable {
    private let descriptor: Int32

    init(_ url: URL) throws {
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        descriptor = open(url.path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw CocoaError(.fileWriteNoPermission) }
        guard flock(descriptor, LOCK_EX) == 0 else {
            close(descriptor)
            throw CocoaError(.fileLocking)
        }
    }

    func release() { close(descriptor) }
}
