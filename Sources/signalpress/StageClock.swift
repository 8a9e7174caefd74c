import Foundation

/// Wall time per named stage of a build; entering a stage ends the previous one. A stage
/// entered several times (render, once per tier) accumulates.
final class StageClock {
    static let order = ["load", "data", "analysis", "render", "leak_check", "bundles", "write", "ledger"]

    private(set) var seconds: [String: Double] = [:]
    private var current: String?
    private var since = Date()

    func enter(_ stage: String) {
        let now = Date()
        if let current { seconds[current, default: 0] += now.timeIntervalSince(since) }
        current = stage
        since = now
    }

    func finish() {
        if let current { seconds[current, default: 0] += Date().timeIntervalSince(since) }
        current = nil
    }

    /// Stages in pipeline order, with zero for those not entered.
    var table: [(stage: String, seconds: Double)] { Self.order.map { ($0, seconds[$0] ?? 0) } }
}
