import Foundation
import Synchronization

/// Runs `body` for every index in `0..<count` on at most `jobs` threads at once (`--jobs`).
/// Results must not depend on the order; callers store them by index. A call inside another's
/// body gets threads of its own too.
public enum Parallel {
    public static var cores: Int { ProcessInfo.processInfo.activeProcessorCount }

    public static func forEach(_ count: Int, jobs: Int, _ body: @Sendable (Int) -> Void) {
        guard count > 0 else { return }
        let workers = max(1, min(jobs, count))
        if workers == 1 {
            for index in 0..<count { body(index) }
            return
        }
        // Threads of its own, not `DispatchQueue.concurrentPerform`: libdispatch runs an apply
        // nested in another one serially, so a tier's reports, rendered two at a time beside its
        // track record, took one core. The calling thread is one of the workers.
        let next = Counter()
        withoutActuallyEscaping(body) { body in
            // A thread lets go of its block some time after it signals: the block holds the
            // body through a box that is emptied before `body` must stop escaping.
            let work = Work(body)
            let finished = DispatchSemaphore(value: 0)
            for _ in 1..<workers {
                let thread = Thread {
                    while let index = next.take(below: count) { work.body?(index) }
                    finished.signal()
                }
                thread.stackSize = 8 << 20
                thread.start()
            }
            while let index = next.take(below: count) { body(index) }
            for _ in 1..<workers { finished.wait() }
            work.body = nil
        }
    }

    /// Written once before the threads start and once after they have all finished.
    private final class Work: @unchecked Sendable {
        var body: (@Sendable (Int) -> Void)?
        init(_ body: @escaping @Sendable (Int) -> Void) { self.body = body }
    }

    private final class Counter: Sendable {
        private let value = Atomic<Int>(0)

        func take(below limit: Int) -> Int? {
            let taken = value.wrappingAdd(1, ordering: .relaxed).oldValue
            return taken < limit ? taken : nil
        }
    }
}
