import Foundation
import MarketData
import Publishing

/// Where a build reads each symbol's bars, one symbol at a time: files are read again each time
/// they are needed (so no series outlives its use), fetched series come from the fetch.
final class MarketSource: @unchecked Sendable {
    enum Origin {
        case files(FileProvider)
        /// `data.source: http`: what the fetch returned (or the cache held), by symbol.
        case fetched([Symbol: CSVReader.Result])
    }

    let origin: Origin
    /// Symbols built from an older cached series, with why they could not be refreshed.
    var notRefreshed: [Symbol: String] = [:]
    /// Symbols left out of this build, with why (status.json reports them).
    var failed: [String: String] = [:]

    init(_ origin: Origin) { self.origin = origin }

    /// The symbols that have data to build from, in project order.
    func available(_ symbols: [Symbol]) -> [Symbol] {
        switch origin {
        case .files: symbols
        case let .fetched(results): symbols.filter { results[$0] != nil }
        }
    }

    func load(_ symbol: Symbol) throws(DataIssue) -> CSVReader.Result {
        switch origin {
        case let .files(provider): return try provider.load(symbol)
        case let .fetched(results):
            guard let result = results[symbol] else { throw DataIssue(file: "\(symbol)", line: 1, message: "no data was fetched") }
            return result
        }
    }
}
