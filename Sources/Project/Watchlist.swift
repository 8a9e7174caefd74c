import Core
import MarketData

/// `content/watchlists/<id>.yml`: a titled, described list of symbols.
public struct Watchlist: Sendable, Equatable {
    public var id: String
    public var title: String
    /// Markdown source.
    public var description: String
    public var symbols: [Symbol]
    /// A symbol's company name and sector, where the file gives them.
    public var details: [Symbol: SymbolDetails] = [:]
    /// `calendar:`: the exchange its symbols trade on, where it is not `data.calendar`'s.
    public var calendar: ExchangeCalendar?

    public init(id: String, title: String, description: String = "", symbols: [Symbol], details: [Symbol: SymbolDetails] = [:]) {
        (self.id, self.title, self.description, self.symbols, self.details) = (id, title, description, symbols, details)
    }

    static func read(_ text: String, id: String, file: String) throws(ConfigError) -> Watchlist {
        guard let root = try YAMLValue.parse(text, file: file) else {
            throw ConfigError(file: file, line: 1, column: 1, message: "the file is empty; it needs title and symbols")
        }
        let keys = try root.mapping(allowed: ["title", "description", "symbols", "calendar"])
        guard let title = keys["title"] else { throw root.error("missing required key 'title'") }
        guard let symbolsValue = keys["symbols"] else { throw root.error("missing required key 'symbols'") }
        var symbols: [Symbol] = []
        var details: [Symbol: SymbolDetails] = [:]
        // A symbol is `ACMX`, or `{ symbol: ACMX, name: Acme Corp, sector: Industrials }`.
        for item in try symbolsValue.list() {
            var symbolValue = item, name: String?, sector: String?
            if case .mapping = item.node {
                let fields = try item.mapping(allowed: ["symbol", "name", "sector"])
                guard let value = fields["symbol"] else { throw item.error("missing required key 'symbol'") }
                symbolValue = value
                name = try fields["name"]?.nonEmptyString()
                sector = try fields["sector"]?.nonEmptyString()
            }
            let text = try symbolValue.string()
            guard let symbol = Symbol(text) else {
                throw symbolValue.error("invalid symbol '\(text)': \(Symbol.problem(with: text) ?? "")")
            }
            guard !symbols.contains(symbol) else { throw item.error("symbol \(symbol) is listed twice") }
            symbols.append(symbol)
            if name != nil || sector != nil { details[symbol] = SymbolDetails(name: name, sector: sector, line: item.line) }
        }
        guard !symbols.isEmpty else { throw symbolsValue.error("a watchlist needs at least one symbol") }
        var watchlist = Watchlist(id: id, title: try title.nonEmptyString(), description: try keys["description"]?.string() ?? "",
                                  symbols: symbols, details: details)
        if let calendar = keys["calendar"] { watchlist.calendar = try SiteConfigReader.readCalendar(calendar) }
        return watchlist
    }
}

extension Watchlist {
    /// Each symbol's name and sector, from whichever of `watchlists` gives them.
    public static func details(of watchlists: [Watchlist]) -> [Symbol: SymbolDetails] {
        var all: [Symbol: SymbolDetails] = [:]
        for watchlist in watchlists {
            for (symbol, details) in watchlist.details {
                var merged = all[symbol] ?? SymbolDetails()
                merged.name = merged.name ?? details.name
                merged.sector = merged.sector ?? details.sector
                all[symbol] = merged
            }
        }
        return all
    }

    /// The watchlists each symbol of `watchlists` is in, in their order.
    public static func memberships(of watchlists: [Watchlist]) -> [Symbol: [Watchlist]] {
        var lists: [Symbol: [Watchlist]] = [:]
        for watchlist in watchlists {
            for symbol in watchlist.symbols { lists[symbol, default: []].append(watchlist) }
        }
        return lists
    }
}

/// What a watchlist file may say about a symbol besides its ticker.
public struct SymbolDetails: Sendable, Equatable {
    public var name: String?
    public var sector: String?
    /// Where it was said, for the error when two watchlists disagree.
    var line = 0
}
