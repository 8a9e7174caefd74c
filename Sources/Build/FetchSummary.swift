import Core
import Foundation
import MarketData

/// What a fetch did, for the build summary and `signalpress fetch`.
public struct FetchSummary: Sendable, Equatable {
    public var fetched = 0
    public var notModified = 0
    public var cached = 0
    public var stale = 0
    public var failed = 0
    public var bytes = 0
    public var requests = 0
    public var seconds: Double = 0
    /// Per symbol, what an incremental fetch added (`AAPL: 1 new bar`) or that its history was re-based.
    public var perSymbol: [String] = []

    public init(_ outcomes: [MarketFetcher.Outcome], seconds: Double) {
        self.seconds = seconds
        for outcome in outcomes {
            requests += outcome.requests
            if outcome.rebased {
                perSymbol.append("\(outcome.symbol): past prices changed (a split or a dividend re-based the history): fetched whole again")
            } else if let added = outcome.newBars {
                perSymbol.append("\(outcome.symbol): \(NumberText.counted(added, "new bar"))")
            } else if case .fetched = outcome.state {
                perSymbol.append("\(outcome.symbol): whole history")
            }
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

    public var line: String {
        "fetched \(fetched), not modified \(notModified)\(cached > 0 ? ", from cache \(cached)" : ""), stale \(stale), failed \(failed), "
            + "\(bytes) bytes, \(requests) requests in \(String(format: "%.1f", seconds))s"
    }
}
