import Foundation
import MarketData
import Publishing

extension Project {
    /// Where `data.source: http` keeps the last good response per symbol.
    var marketCacheDirectory: URL { stateDirectory.appendingPathComponent("cache") }

    func marketFetcher(_ source: HTTPSource, offline: Bool) -> MarketFetcher {
        MarketFetcher(source: source, cache: MarketCache(directory: marketCacheDirectory),
                      environment: ProcessInfo.processInfo.environment, offline: offline)
    }
}
