import Foundation

/// What the preview server shows: the directory of the last good build, how many builds have
/// succeeded (open tabs reload when it changes), and the last build error, if the newest build failed.
public final class PreviewState: @unchecked Sendable {
    private let lock = NSLock()
    private var _directory: URL
    private var _generation = 0
    private var _error: String?

    public init(directory: URL) { _directory = directory }

    var snapshot: (directory: URL, generation: Int, error: String?) {
        lock.lock()
        defer { lock.unlock() }
        return (_directory, _generation, _error)
    }

    public func succeeded(directory: URL) {
        lock.lock()
        _directory = directory
        _generation += 1
        _error = nil
        lock.unlock()
    }

    public func failed(_ message: String) {
        lock.lock()
        _error = message
        lock.unlock()
    }
}
