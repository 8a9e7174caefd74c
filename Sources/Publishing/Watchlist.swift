import MarketData

/// `content/watchlists/<id>.yml`: a titled, described list of symbols.
public struct Watchlist: Sendable, Equatable {
    public var id: String
    public var title: String
    /// Markdown source.
    public var description: String
    public var symbols: [Symbol]

    static func read(_ text: String, id: String, file: String) throws(ConfigError) -> Watchlist {
        guard let root = try YAMLValue.parse(text, file: file) else {
            throw ConfigError(file: file, line: 1, column: 1, message: "the file is empty; it needs title and symbols")
        }
        let keys = try root.mapping(allowed: ["title", "description", "symbols"])
        guard let title = keys["title"] else { throw root.error("missing required key 'title'") }
        guard let symbolsValue = keys["symbols"] else { throw root.error("missing required key 'symbols'") }
        var symbols: [Symbol] = []
        for item in try symbolsValue.list() {
            let text = try item.string()
            guard let symbol = Symbol(text) else {
                throw item.error("invalid symbol '\(text)': \(Symbol.problem(with: text) ?? "")")
            }
            guard !symbols.contains(symbol) else { throw item.error("symbol \(symbol) is listed twice") }
            symbols.append(symbol)
        }
        guard !symbols.isEmpty else { throw symbolsValue.error("a watchlist needs at least one symbol") }
        return Watchlist(id: id, title: try title.nonEmptyString(), description: try keys["description"]?.string() ?? "",
                         symbols: symbols)
    }
}
