import Foundation
import Synchronization

/// What the preview server shows: the directory of the last good build, how many builds have
/// succeeded (open tabs reload when it changes), and the last build error, if the newest build failed.
public final class PreviewState: Sendable {
    private let state: Mutex<(directory: URL, generation: Int, error: String?)>

    public init(directory: URL) { state = Mutex((directory, 0, nil)) }

    var snapshot: (directory: URL, generation: Int, error: String?) { state.withLock { $0 } }

    public func succeeded(directory: URL) {
        state.withLock { $0 = (directory, $0.generation + 1, nil) }
    }

    public func failed(_ message: String) {
        state.withLock { $0.error = message }
    }
}
