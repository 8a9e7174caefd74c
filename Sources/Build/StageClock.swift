import Foundation

/// Wall time per named build step; entering a step ends the previous one.
final class StageClock {
    private(set) var seconds: [(stage: String, seconds: Double)] = []
    private var current: String?
    private var since = Date()

    func enter(_ stage: String) {
        finish()
        current = stage
        since = Date()
    }

    func finish() {
        guard let current else { return }
        let elapsed = Date().timeIntervalSince(since)
        if let index = seconds.firstIndex(where: { $0.stage == current }) {
            seconds[index].seconds += elapsed
        } else {
            seconds.append((current, elapsed))
        }
        self.current = nil
    }
}
