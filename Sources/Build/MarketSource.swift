import Core
import Foundation
import MarketData
import Project
import Publishing

/// Where a build reads each symbol's bars, one symbol at a time: files, and fetched series from
/// the market cache, are read again each time they are needed, so no series outlives its use.
struct MarketSource: Sendable {
    enum Origin: Sendable {
        case files(FileProvider)
        /// `data.source: http`: the symbols whose validated series is in the cache, and the few held
        /// in memory because the cache could not be written.
        case fetched(held: [Symbol: CSVReader.Result], cached: Set<Symbol>, fetcher: MarketFetcher)
    }

    let origin: Origin
    /// Symbols built from an older cached series, with why they could not be refreshed.
    let notRefreshed: [Symbol: String]
    /// Symbols left out of this build, with why (status.json reports them).
    let failed: [String: String]

    init(_ origin: Origin, notRefreshed: [Symbol: String] = [:], failed: [String: String] = [:]) {
        (self.origin, self.notRefreshed, self.failed) = (origin, notRefreshed, failed)
    }

    /// The symbols that have data to build from, in project order.
    func available(_ symbols: [Symbol]) -> [Symbol] {
        switch origin {
        case .files: symbols
        case let .fetched(held, cached, _): symbols.filter { held[$0] != nil || cached.contains($0) }
        }
    }

    func load(_ symbol: Symbol) throws(DataIssue) -> CSVReader.Result {
        switch origin {
        case let .files(provider): return try provider.load(symbol)
        case let .fetched(held, cached, fetcher):
            if let result = held[symbol] { return result }
            guard cached.contains(symbol) else { throw DataIssue(file: "\(symbol)", line: 1, message: "no data was fetched") }
            return try fetcher.cachedSeries(symbol)
        }
    }
}
