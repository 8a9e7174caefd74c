import Crypto
import Foundation

/// When a refused delivery is tried again: the Standard Webhooks schedule (immediately, then
/// 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 14 h, 20 h and 24 h after each failure), each wait
/// stretched by up to a tenth so that many deliveries refused at once do not return at once.
/// The stretch comes from the delivery's id and attempt, so the schedule is the same on every run.
public enum RetrySchedule {
    public static let waits: [Double] = [5, 300, 1800, 7200, 18_000, 36_000, 50_400, 72_000, 86_400]
    /// A `Retry-After` longer than this is read as this: a day.
    public static let longestRetryAfter: Double = 86_400

    /// Seconds to wait after attempt number `attempt` (1 for the first) failed; nil once the
    /// schedule is spent. A server's `Retry-After` replaces the wait when it asks for longer.
    public static func wait(after attempt: Int, id: String, retryAfter: Double? = nil) -> Double? {
        guard attempt >= 1, attempt <= waits.count else { return nil }
        let base = waits[attempt - 1]
        let digest = Array(SHA256.hash(data: Data("\(id)#\(attempt)".utf8)))
        let stretch = Double(UInt16(digest[0]) << 8 | UInt16(digest[1])) / Double(UInt16.max) * 0.1
        let scheduled = base * (1 + stretch)
        guard let retryAfter else { return scheduled }
        return max(scheduled, min(retryAfter, longestRetryAfter))
    }
}
