import Foundation

/// Runs `body` for every index in `0..<count` on at most `jobs` threads at once (`--jobs`).
/// Results must not depend on the order; callers store them by index.
public enum Parallel {
    public static var cores: Int { ProcessInfo.processInfo.activeProcessorCount }

    public static func forEach(_ count: Int, jobs: Int, _ body: @Sendable (Int) -> Void) {
        guard count > 0 else { return }
        let workers = max(1, min(jobs, count))
        if workers == 1 {
            for index in 0..<count { body(index) }
            return
        }
        let next = Counter()
        DispatchQueue.concurrentPerform(iterations: workers) { _ in
            while let index = next.take(below: count) { body(index) }
        }
    }

    private final class Counter: @unchecked Sendable {
        private var value = 0
        private let lock = NSLock()

        func take(below limit: Int) -> Int? {
            lock.lock()
            defer { lock.unlock() }
            guard value < limit else { return nil }
            value += 1
            return value - 1
        }
    }
}
