import Foundation

extension DispatchTime {
    /// Seconds from this instant to now, on the monotonic clock (durations never read the wall clock).
    var secondsAgo: Double { Double(DispatchTime.now().uptimeNanoseconds - uptimeNanoseconds) / 1e9 }
}

/// Elapsed time per named build step, on the monotonic clock; entering a step ends the previous one.
/// Each step also records the process's peak resident memory when it ended, so the step that
/// raised the peak is the first one showing it.
final class StageClock {
    private(set) var seconds: [(stage: String, seconds: Double, peakKiB: Int)] = []
    private var current: String?
    private var since = DispatchTime.now()

    func enter(_ stage: String) {
        finish()
        current = stage
        since = DispatchTime.now()
    }

    func finish() {
        guard let current else { return }
        let elapsed = since.secondsAgo
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        if let index = seconds.firstIndex(where: { $0.stage == current }) {
            seconds[index].seconds += elapsed
            seconds[index].peakKiB = usage.ru_maxrss
        } else {
            seconds.append((current, elapsed, usage.ru_maxrss))
        }
        self.current = nil
    }
}
