import Core
import MarketData
import Project

/// Every call a tier's editions published, and what followed, computed from the editions alone
/// (never from today's data): a call is a change of a symbol's signal to BUY or SELL; it lasts
/// until the symbol's next opposite signal, or to the latest close while it is open. A BUY was
/// right if the price rose over it, a SELL if it fell; buying and holding the same symbol over
/// the same days is the yardstick.
public struct TrackRecord: Codable, Sendable {
    public struct Call: Codable, Sendable, Equatable {
        public var symbol: String
        public var date: String
        public var action: String
        public var close: Double
        public var endDate: String
        public var endClose: Double
        /// `opposite signal`, or `open` while the call still stands (measured to the latest close).
        public var endedBy: String
        /// Trading days from the call to its end.
        public var daysHeld: Int
        /// The call's return: the price change for a BUY, its negative for a SELL.
        public var `return`: Double
        public var right: Bool
        public var buyAndHoldReturn: Double
        /// SHA-256 of the bundle published with the edition the call came from, as its signed
        /// manifest gives it; nil for an edition published without a bundle of its own.
        public var editionSHA256: String?

        enum CodingKeys: String, CodingKey {
            case symbol, date, action, close, endDate = "end_date", endClose = "end_close", endedBy = "ended_by", daysHeld = "days_held"
            case `return`, right, buyAndHoldReturn = "buy_and_hold_return", editionSHA256 = "edition_sha256"
        }
    }

    public struct Summary: Codable, Sendable, Equatable {
        public var name: String
        public var calls: Int
        public var hits: Int
        public var hitRate: Double?
        public var averageReturn: Double?
        public var buyAndHoldAverageReturn: Double?

        enum CodingKeys: String, CodingKey {
            case name, calls, hits, hitRate = "hit_rate", averageReturn = "average_return", buyAndHoldAverageReturn = "buy_and_hold_average_return"
        }

        init(name: String, _ calls: [Call]) {
            self.name = name
            self.calls = calls.count
            hits = calls.filter(\.right).count
            hitRate = calls.isEmpty ? nil : Double(hits) / Double(calls.count)
            averageReturn = calls.isEmpty ? nil : calls.map(\.return).reduce(0, +) / Double(calls.count)
            buyAndHoldAverageReturn = calls.isEmpty ? nil : calls.map(\.buyAndHoldReturn).reduce(0, +) / Double(calls.count)
        }
    }

    public var tier: String
    public var asOf: String
    public var calls: [Call]
    public var symbols: [Summary]
    public var watchlists: [Summary]

    enum CodingKeys: String, CodingKey { case tier, asOf = "as_of", calls, symbols, watchlists }

    /// One edition, as the track record reads it: its day, each symbol's call, its bundle's SHA-256.
    public struct Edition: Sendable {
        public var day: Day
        public var calls: [EditionSnapshot.Call]
        public var sha256: String?

        public init(day: Day, calls: [EditionSnapshot.Call], sha256: String?) {
            self.day = day
            self.calls = calls
            self.sha256 = sha256
        }
    }

    /// Reads `editions` oldest first, one at a time, keeping only each symbol's open call.
    public init(tier: String, watchlists: [Watchlist], editions: some Sequence<Edition>) {
        var open: [String: OpenCall] = [:]
        var last: [String: (action: String, close: Double, day: Day, index: Int)] = [:]
        var closed: [Call] = []
        var asOf = ""
        var index = 0
        func finish(_ entry: OpenCall, at close: Double, day: Day, at endIndex: Int, by reason: String) -> Call {
            var call = entry.call
            let change = close / call.close - 1
            call.endDate = day.iso
            call.endClose = close
            call.endedBy = reason
            call.daysHeld = endIndex - entry.index
            call.return = call.action == "SELL" ? -change : change
            call.right = call.return > 0
            call.buyAndHoldReturn = change
            return call
        }
        for edition in editions {
            asOf = edition.day.iso
            for current in edition.calls {
                let previous = last[current.symbol]?.action
                last[current.symbol] = (current.action, current.close, edition.day, index)
                guard current.action != previous, current.action == "BUY" || current.action == "SELL" else { continue }
                if let standing = open[current.symbol] {
                    guard standing.call.action != current.action else { continue }
                    closed.append(finish(standing, at: current.close, day: edition.day, at: index, by: "opposite signal"))
                }
                open[current.symbol] = OpenCall(call: Call(symbol: current.symbol, date: edition.day.iso, action: current.action, close: current.close,
                                                       endDate: edition.day.iso, endClose: current.close, endedBy: "open", daysHeld: 0,
                                                       return: 0, right: false, buyAndHoldReturn: 0, editionSHA256: edition.sha256),
                                            index: index)
            }
            index += 1
        }
        for (symbol, standing) in open {
            guard let latest = last[symbol] else { continue }
            closed.append(finish(standing, at: latest.close, day: latest.day, at: latest.index, by: "open"))
        }
        calls = closed.sorted { ($0.date, $0.symbol) < ($1.date, $1.symbol) }
        self.tier = tier
        self.asOf = asOf
        let bySymbol = Dictionary(grouping: calls, by: \.symbol)
        symbols = bySymbol.keys.sorted().map { Summary(name: $0, bySymbol[$0]!) }
        self.watchlists = watchlists.map { watchlist in
            Summary(name: watchlist.id, watchlist.symbols.flatMap { bySymbol[$0.value] ?? [] })
        }
    }
}

/// A call still standing while the editions are read, and the edition it came from.
private struct OpenCall {
    var call: TrackRecord.Call
    var index: Int
}
