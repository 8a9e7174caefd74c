import Core
import Foundation
import MarketData
import Project
import Publishing

extension Project {
    /// The fetcher of `data.source: http`, with the project's cache.
    public func marketFetcher(_ source: HTTPSource, today: Day, offline: Bool) -> MarketFetcher {
        var fetcher = MarketFetcher(source: source, cache: MarketCache(directory: state.marketCache),
                                    environment: ProcessInfo.processInfo.environment, today: today, offline: offline)
        fetcher.prices = config.data.prices
        return fetcher
    }
}
