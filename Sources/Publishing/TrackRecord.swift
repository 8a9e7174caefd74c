import Core
import MarketData
import Project

/// Every call a tier's editions published, and what followed, computed from the editions alone
/// (never from today's data): a call is a change of a symbol's signal to BUY or SELL; it lasts
/// until the signal is no longer the call's (`close_on: hold`, the default, as the dashboard
/// shows it) or until the opposite signal (`close_on: opposite`), or to the latest close while
/// it stands. Prices are compared on one basis: the entry is re-based by the adjustment the data
/// has seen since (a split delivered as adjusted history), so an adjustment never moves a
/// return. A BUY was right if the price rose over it, a SELL if it fell; buying and holding the
/// same symbol over the same days is the yardstick. Calls from editions made after the fact
/// (the first build's history, `backfill`) are marked and counted apart.
public struct TrackRecord: Codable, Sendable {
    public static let disclosure = "Hypothetical results, before costs, taxes and slippage: each call is scored at the closes its editions published. "
        + "Past results do not predict future ones."

    public struct Call: Codable, Sendable, Equatable {
        public var symbol: String
        public var date: String
        public var action: String
        /// The close the edition published.
        public var close: Double
        /// That close on the price basis of `endClose` (equal to it unless the history was adjusted since).
        public var adjustedClose: Double
        public var endDate: String
        public var endClose: Double
        /// `hold signal`, `opposite signal`, or `open` while the call still stands (measured to the latest close).
        public var endedBy: String
        /// Trading days (weekdays) from the call to its end.
        public var daysHeld: Int
        /// The call's return: the price change for a BUY, its negative for a SELL.
        public var `return`: Double
        public var right: Bool
        public var buyAndHoldReturn: Double
        /// SHA-256 of the bundle published with the edition the call came from, as its signed
        /// manifest gives it; nil for an edition published without a bundle of its own.
        public var editionSHA256: String?
        /// False for a call from an edition made after the fact.
        public var publishedLive: Bool

        enum CodingKeys: String, CodingKey {
            case symbol, date, action, close, adjustedClose = "adjusted_close", endDate = "end_date", endClose = "end_close", endedBy = "ended_by"
            case daysHeld = "days_held", `return`, right, buyAndHoldReturn = "buy_and_hold_return", editionSHA256 = "edition_sha256"
            case publishedLive = "published_live"
        }
    }

    /// The calls published live, and how many more came from editions made after the fact.
    public struct Summary: Codable, Sendable, Equatable {
        public var name: String
        public var calls: Int
        public var hits: Int
        public var hitRate: Double?
        public var averageReturn: Double?
        public var medianReturn: Double?
        public var buyAndHoldAverageReturn: Double?
        /// Return less buying and holding the same symbols over the same days, on average.
        public var excessReturn: Double?
        public var notPublishedLive: Int

        enum CodingKeys: String, CodingKey {
            case name, calls, hits, hitRate = "hit_rate", averageReturn = "average_return", medianReturn = "median_return"
            case buyAndHoldAverageReturn = "buy_and_hold_average_return", excessReturn = "excess_return", notPublishedLive = "not_published_live"
        }

        init(name: String, _ all: [Call]) {
            let calls = all.filter(\.publishedLive)
            self.name = name
            self.calls = calls.count
            notPublishedLive = all.count - calls.count
            hits = calls.filter(\.right).count
            let returns = calls.map(\.return).sorted()
            hitRate = calls.isEmpty ? nil : Double(hits) / Double(calls.count)
            averageReturn = calls.isEmpty ? nil : returns.reduce(0, +) / Double(calls.count)
            medianReturn = returns.isEmpty ? nil : returns.count % 2 == 1 ? returns[returns.count / 2] : (returns[returns.count / 2 - 1] + returns[returns.count / 2]) / 2
            buyAndHoldAverageReturn = calls.isEmpty ? nil : calls.map(\.buyAndHoldReturn).reduce(0, +) / Double(calls.count)
            excessReturn = averageReturn.flatMap { average in buyAndHoldAverageReturn.map { average - $0 } }
        }
    }

    /// How the calls were scored, for a reader of `track-record.json`.
    public struct Method: Codable, Sendable, Equatable {
        public var closeOn: String
        public var daysHeld = "weekdays from the call to its end"
        public var priceBasis = "entry re-based by every adjustment to the history since the call"
        public var disclosure = TrackRecord.disclosure

        enum CodingKeys: String, CodingKey { case closeOn = "close_on", daysHeld = "days_held", priceBasis = "price_basis", disclosure }
    }

    public var tier: String
    public var asOf: String
    public var method: Method
    /// Every call published live, and the worst fall of an equal-weighted book of the open ones.
    public var overall: Summary
    public var worstDrawdown: Double
    /// The hash of the newest sealed edition this record was made after (the edition log's chain head).
    public var chainHead: String?
    public var calls: [Call]
    public var symbols: [Summary]
    public var watchlists: [Summary]

    /// For each of `calls`, its place among the calls the fold ended (`Fold.ended`); nil for an
    /// open one. A build writes an ended call's row and JSON once and reuses them by that place.
    public private(set) var endedIndex: [Int?] = []

    enum CodingKeys: String, CodingKey {
        case tier, asOf = "as_of", method, overall, worstDrawdown = "worst_drawdown", chainHead = "chain_head", calls, symbols, watchlists
    }

    /// One edition, as the track record reads it: its day, each symbol's call, its bundle's
    /// SHA-256, each symbol's price basis, and whether it was published on its own night.
    public struct Edition: Sendable {
        public var day: Day
        public var calls: [EditionSnapshot.Call]
        public var sha256: String?
        public var basis: [String: Double]
        public var live: Bool

        public init(day: Day, calls: [EditionSnapshot.Call], sha256: String?, basis: [String: Double] = [:], live: Bool = true) {
            self.day = day
            self.calls = calls
            self.sha256 = sha256
            self.basis = basis
            self.live = live
        }
    }

    /// Reads `editions` oldest first, one at a time, keeping only each symbol's open call.
    public init(tier: String, watchlists: [Watchlist], editions: some Sequence<Edition>, closeOn: TrackRecordConfig.CloseOn = .hold, chainHead: String? = nil) {
        var fold = Fold(closeOn: closeOn)
        for edition in editions { fold.add(edition) }
        self.init(tier: tier, watchlists: watchlists, fold: fold, chainHead: chainHead)
    }

    /// The record as of the last edition `fold` read: its open calls measured to their latest close.
    public init(tier: String, watchlists: [Watchlist], fold: Fold, chainHead: String? = nil) {
        var all = fold.closed
        for (symbol, standing) in fold.book.open {
            guard let latest = fold.book.last[symbol] else { continue }
            all.append(standing.finished(at: latest.close, basis: latest.basis, day: latest.day, by: "open"))
        }
        let order = all.indices.sorted { (all[$0].date, all[$0].symbol) < (all[$1].date, all[$1].symbol) }
        calls = order.map { all[$0] }
        endedIndex = order.map { $0 < fold.closed.count ? $0 : nil }
        self.tier = tier
        asOf = fold.days.last ?? ""
        self.chainHead = chainHead
        method = Method(closeOn: fold.closeOn.rawValue)
        overall = Summary(name: tier, calls)
        worstDrawdown = fold.book.worstDrawdown
        let bySymbol = Dictionary(grouping: calls, by: \.symbol)
        symbols = bySymbol.keys.sorted().map { Summary(name: $0, bySymbol[$0]!) }
        self.watchlists = watchlists.map { watchlist in
            Summary(name: watchlist.id, watchlist.symbols.flatMap { bySymbol[$0.value] ?? [] })
        }
    }

    /// The track record's reading of the editions so far, oldest first: the calls that ended,
    /// the open ones, and the book. Kept between builds, so a night reads only its new editions.
    public struct Fold: Sendable {
        public let closeOn: TrackRecordConfig.CloseOn
        /// The days read, in order: a later build continues only when they begin its own list.
        public internal(set) var days: [String] = []
        var closed: [Call] = []
        var book = OpenBook()
        /// How many ended calls the fold was read back with from what a build kept (nil for a
        /// fold read from the editions): the next build keeps only the ones after them.
        public internal(set) var endedWhenKept: Int?

        /// The calls that ended, in the order they ended; a fold read on only appends to them.
        public var ended: [Call] { closed }

        public init(closeOn: TrackRecordConfig.CloseOn) { self.closeOn = closeOn }

        public mutating func add(_ edition: Edition) {
            days.append(edition.day.iso)
            book.mark(edition)
            for current in edition.calls {
                let basis = edition.basis[current.symbol] ?? 1
                let previous = book.last[current.symbol]
                book.last[current.symbol] = Mark(action: current.action, close: current.close, basis: basis, day: edition.day)
                if let standing = book.open[current.symbol] {
                    let opposite = current.action == (standing.call.action == "BUY" ? "SELL" : "BUY")
                    guard opposite || (closeOn == .hold && current.action != standing.call.action) else { continue }
                    closed.append(standing.finished(at: current.close, basis: basis, day: edition.day, by: opposite ? "opposite signal" : "hold signal"))
                    book.open[current.symbol] = nil
                }
                guard current.action != previous?.action, current.action == "BUY" || current.action == "SELL" else { continue }
                book.open[current.symbol] = OpenCall(call: Call(symbol: current.symbol, date: edition.day.iso, action: current.action, close: current.close,
                                                            adjustedClose: current.close, endDate: edition.day.iso, endClose: current.close, endedBy: "open",
                                                            daysHeld: 0, return: 0, right: false, buyAndHoldReturn: 0, editionSHA256: edition.sha256,
                                                            publishedLive: edition.live),
                                                 basis: basis, day: edition.day)
            }
        }

        /// Every symbol the editions read showed.
        public var symbols: Set<String> { Set(book.last.keys) }

        /// Whether this fold read exactly the first of `days` (sorted): then it can go on from there.
        public func begins(_ days: [Day]) -> Bool {
            self.days.count <= days.count && zip(self.days, days).allSatisfy { $0 == $1.iso }
        }
    }
}

/// A symbol's latest published close and its price basis.
struct Mark: Codable, Sendable {
    var action: String
    var close: Double
    var basis: Double
    var day: Day
}

/// A call still standing while the editions are read, with the basis and day it was made on.
struct OpenCall: Codable, Sendable {
    var call: TrackRecord.Call
    var basis: Double
    var day: Day

    func finished(at close: Double, basis end: Double, day: Day, by reason: String) -> TrackRecord.Call {
        var call = self.call
        call.adjustedClose = call.close * (end / basis)
        let change = close / call.adjustedClose - 1
        call.endDate = day.iso
        call.endClose = close
        call.endedBy = reason
        call.daysHeld = self.day.weekdays(through: day)
        call.return = call.action == "SELL" ? -change : change
        call.right = call.return > 0
        call.buyAndHoldReturn = change
        return call
    }
}

/// The open calls, each symbol's latest mark, and an equal-weighted book of the open live calls
/// marked at every edition, for its worst drawdown.
struct OpenBook: Codable, Sendable {
    var open: [String: OpenCall] = [:]
    var last: [String: Mark] = [:]
    var equity = 1.0
    var peak = 1.0
    var worstDrawdown = 0.0

    /// Moves the book by the mean of its open live calls' returns since their last mark.
    mutating func mark(_ edition: TrackRecord.Edition) {
        var returns: [Double] = []
        for current in edition.calls {
            guard let standing = open[current.symbol], standing.call.publishedLive, let before = last[current.symbol], before.close > 0 else { continue }
            let change = current.close / (before.close * ((edition.basis[current.symbol] ?? 1) / before.basis)) - 1
            returns.append(standing.call.action == "SELL" ? -change : change)
        }
        guard !returns.isEmpty else { return }
        equity *= 1 + returns.reduce(0, +) / Double(returns.count)
        peak = max(peak, equity)
        worstDrawdown = min(worstDrawdown, equity / peak - 1)
    }
}
