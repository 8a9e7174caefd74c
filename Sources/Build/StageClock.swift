import Foundation

/// Elapsed time per named build step, on the monotonic clock; entering a step ends the previous one.
final class StageClock {
    private(set) var seconds: [(stage: String, seconds: Double)] = []
    private var current: String?
    private var since = DispatchTime.now().uptimeNanoseconds

    func enter(_ stage: String) {
        finish()
        current = stage
        since = DispatchTime.now().uptimeNanoseconds
    }

    func finish() {
        guard let current else { return }
        let elapsed = Double(DispatchTime.now().uptimeNanoseconds - since) / 1e9
        if let index = seconds.firstIndex(where: { $0.stage == current }) {
            seconds[index].seconds += elapsed
        } else {
            seconds.append((current, elapsed))
        }
        self.current = nil
    }
}
