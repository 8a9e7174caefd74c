import Foundation
import MarketData

/// What a fetch did, for the build summary and `signalpress fetch`.
struct FetchSummary: Equatable {
    var fetched = 0
    var notModified = 0
    var cached = 0
    var stale = 0
    var failed = 0
    var bytes = 0
    var requests = 0
    var seconds: Double = 0

    init(_ outcomes: [MarketFetcher.Outcome], seconds: Double) {
        self.seconds = seconds
        for outcome in outcomes {
            requests += outcome.requests
            switch outcome.state {
            case let .fetched(bytes):
                fetched += 1
                self.bytes += bytes
            case .notModified: notModified += 1
            case .cached: cached += 1
            case .stale: stale += 1
            case .failed: failed += 1
            }
        }
    }

    var line: String {
        "fetched \(fetched), not modified \(notModified)\(cached > 0 ? ", from cache \(cached)" : ""), stale \(stale), failed \(failed), "
            + "\(bytes) bytes, \(requests) requests in \(String(format: "%.1f", seconds))s"
    }
}
