import Foundation
import Synchronization

/// Counts values alive at once (series or analyses) and remembers the peak: the build's own
/// proof that memory is bounded by `--jobs`, not by the number of symbols.
final class InMemoryCounter: Sendable {
    private let counts = Mutex<(alive: Int, peak: Int)>((0, 0))

    var peak: Int { counts.withLock { $0.peak } }

    /// Runs `body` while counting one more value alive.
    func holding<T>(_ body: () throws -> T) rethrows -> T {
        counts.withLock { counts in
            counts.alive += 1
            counts.peak = max(counts.peak, counts.alive)
        }
        defer { counts.withLock { $0.alive -= 1 } }
        return try body()
    }
}
