import Foundation
import Synchronization

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

    private final class Counter: Sendable {
        private let value = Atomic<Int>(0)

        func take(below limit: Int) -> Int? {
            let taken = value.wrappingAdd(1, ordering: .relaxed).oldValue
            return taken < limit ? taken : nil
        }
    }
}
