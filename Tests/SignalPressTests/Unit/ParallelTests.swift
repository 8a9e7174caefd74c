import Core
import Dispatch
import Synchronization
import Testing

@Suite("Parallel work")
struct ParallelTests {
    @Test("every index runs once, at most --jobs at a time")
    func everyIndexOnce() {
        let seen = Mutex<[Int]>([])
        let running = Atomic<Int>(0)
        let peak = Atomic<Int>(0)
        Parallel.forEach(200, jobs: 3) { index in
            let now = running.wrappingAdd(1, ordering: .relaxed).newValue
            peak.max(now, ordering: .relaxed)
            seen.withLock { $0.append(index) }
            running.wrappingSubtract(1, ordering: .relaxed)
        }
        #expect(seen.withLock { $0.sorted() } == Array(0..<200))
        #expect((1...3).contains(peak.load(ordering: .relaxed)))
    }

    @Test("work nested in other parallel work still runs side by side (a tier's reports beside its track record)")
    func nestedRunsSideBySide() {
        let met = Mutex<[Bool]>([])
        Parallel.forEach(2, jobs: 2) { outer in
            guard outer == 0 else { return }
            // Each of the two waits for the other: done one after the other, the first gives up.
            let (first, second) = (DispatchSemaphore(value: 0), DispatchSemaphore(value: 0))
            Parallel.forEach(2, jobs: 2) { inner in
                (inner == 0 ? first : second).signal()
                let waited = (inner == 0 ? second : first).wait(timeout: .now() + 10) == .success
                met.withLock { $0.append(waited) }
            }
        }
        #expect(met.withLock { $0 } == [true, true])
    }
}
