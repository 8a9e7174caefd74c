import Foundation

/// Counts values alive at once (series or analyses) and remembers the peak: the build's own
/// proof that memory is bounded by `--jobs`, not by the number of symbols.
final class InMemoryCounter: @unchecked Sendable {
    private let lock = NSLock()
    private var alive = 0
    private(set) var peak = 0

    /// Runs `body` while counting one more value alive.
    func holding<T>(_ body: () throws -> T) rethrows -> T {
        lock.lock()
        alive += 1
        peak = max(peak, alive)
        lock.unlock()
        defer {
            lock.lock()
            alive -= 1
            lock.unlock()
        }
        return try body()
    }
}
