@testable import Build
import Core
import Foundation
import MarketData
@testable import Project
import Testing

/// Each provider preset against a local server answering in that provider's documented
/// format, with its key, its errors and its throttle: every preset's series gives the same
/// bars, and so the same 21 indicator columns, as the same data in a plain file.
@Suite("Market data providers", .python3)
struct MarketProvidersTests {
    static let to = Day(iso: "2026-11-27")!
    static let key = "k-provider-123"

    final class ProviderServer {
        static let script = SharedData.repositoryRoot.appendingPathComponent("Tests/SignalPressTests/Support/provider_server.py")
        let server: PythonServer
        var base: String { "http://127.0.0.1:\(server.port)" }

        init(data: URL, throttleOnce: [String] = []) throws {
            let config = Fixtures.temporaryDirectory("providers").appendingPathComponent("config.json")
            try JSONSerialization.data(withJSONObject: ["data": data.path, "key": MarketProvidersTests.key, "throttle_once": throttleOnce]).write(to: config)
            server = try PythonServer(Self.script, [config.path])
        }

        struct Stats: Decodable {
            struct Request: Decodable { var path: String; var authorization: String? }
            var requests: [Request]
            var throttled: [String]
        }

        func stats() throws -> Stats { try JSONDecoder().decode(Stats.self, from: Data(try HTTP.get(server.port, "/__stats").body)) }
        func stop() { server.stop() }
    }

    /// The `data:` block's HTTP source, read as `site.yml` is read.
    static func source(_ yaml: String) throws -> HTTPSource {
        let site = "title: T\nbase_url: https://x.example\ntiers:\n  - { id: free, price_cents: 0, watchlists: all }\ndata:\n  source: http\n  " + yaml
        return try #require(try SiteConfigReader.read(site, file: "content/site.yml", watchlists: ["core"]).data.http)
    }

    static func fetch(_ source: HTTPSource, _ names: [String], environment: [String: String] = ["PROVIDER_KEY": key]) -> [MarketFetcher.Outcome] {
        var quick = source
        (quick.retries, quick.requestsPerMinute) = (2, 60_000)
        return MarketFetcher(source: quick, cache: MarketCache(directory: Fixtures.temporaryDirectory("cache")), environment: environment, today: to)
            .fetch(names.map { Symbol($0)! }, to: to)
    }

    /// The 21 columns `analyze` prints for a CSV file.
    static func analysis(_ csv: String) throws -> String {
        let file = Fixtures.temporaryDirectory("analyze").appendingPathComponent("S.csv")
        try csv.write(to: file, atomically: true, encoding: .utf8)
        return try FileAnalysis.analyze(file.path, format: .csv).text
    }

    @Test("every preset reads its provider's answer to the bars of the plain file, and so to the same indicators", arguments: [
        "format: tiingo\n  api_key: { env: PROVIDER_KEY }\n",
        "format: eodhd\n  api_key: { env: PROVIDER_KEY }\n  symbols: { AAAX: AAAX.US, BBBX: BBBX.US }\n",
        "format: alphavantage\n  api_key: { env: PROVIDER_KEY }\n",
        "format: polygon\n  api_key: { env: PROVIDER_KEY }\n",
        "format: stooq\n  api_key: { env: PROVIDER_KEY }\n  symbols: { AAAX: aaax.us, BBBX: bbbx.us }\n",
        "format: yahoo-chart\n",
        "format: json\n  url: \"BASE/generic/{symbol}\"\n  json: { records: data.bars, date: d, open: o, high: h, low: l, close: c, volume: vol }\n",
    ])
    func presets(yaml: String) throws {
        let data = MarketServer.data(["AAAX", "BBBX"])
        let server = try ProviderServer(data: data)
        defer { server.stop() }
        let configured = yaml.contains("url:") ? yaml.replacingOccurrences(of: "BASE", with: server.base) : yaml + "  url: \"\(server.base)\"\n"
        let outcomes = Self.fetch(try Self.source(configured), ["AAAX", "BBBX"])
        for outcome in outcomes {
            guard case .fetched = outcome.state, let fetched = outcome.result?.series else { Issue.record("\(outcome.symbol): \(outcome.state)"); continue }
            let plainText = try String(contentsOf: data.appendingPathComponent("\(outcome.symbol).csv"), encoding: .utf8)
            let plain = try CSVReader().read(plainText, file: "plain", symbol: outcome.symbol.value).series
            #expect(fetched.dates == plain.dates && fetched.open == plain.open && fetched.high == plain.high && fetched.low == plain.low
                    && fetched.close == plain.close && fetched.volume == plain.volume, "\(outcome.symbol)")
            #expect(try Self.analysis(CSVWriter.csv(fetched)) == Self.analysis(plainText))
        }
        // The key went where the provider wants it, and nowhere else.
        let requests = try server.stats().requests
        #expect(requests.count == 2)
        if yaml.contains("tiingo") { #expect(requests.allSatisfy { $0.authorization == "Token \(Self.key)" && !$0.path.contains(Self.key) }) }
        if yaml.contains("api_key") && !yaml.contains("tiingo") { #expect(requests.allSatisfy { $0.path.contains(Self.key) && $0.authorization == nil }) }
    }

    @Test("each provider's way of failing: a throttle in a 200, an HTML page without a key, no results, a wrong key, a missing key")
    func failures() throws {
        let data = MarketServer.data(["AAAX"])
        let server = try ProviderServer(data: data, throttleOnce: ["AAAX"])
        defer { server.stop() }
        // Alpha Vantage's "Note" with a 200 is a throttle: waited out and asked again.
        let throttled = Self.fetch(try Self.source("format: alphavantage\n  api_key: { env: PROVIDER_KEY }\n  url: \"\(server.base)\"\n"), ["AAAX"])
        if case .fetched = throttled[0].state {} else { Issue.record("\(throttled[0].state)") }
        let throttledSymbols = try server.stats().throttled
        #expect(throttled[0].requests == 2 && throttledSymbols == ["AAAX"])
        func failure(_ yaml: String, _ symbol: String, environment: [String: String] = ["PROVIDER_KEY": MarketProvidersTests.key]) throws -> String {
            let outcome = Self.fetch(try Self.source(yaml + "  url: \"\(server.base)\"\n"), [symbol], environment: environment)[0]
            guard case let .failed(reason) = outcome.state else { return "not failed: \(outcome.state)" }
            return reason
        }
        #expect(try failure("format: stooq\n  api_key: { env: PROVIDER_KEY }\n", "AAAX", environment: ["PROVIDER_KEY": "wrong"])
                .hasPrefix("Stooq answered an HTML page, not CSV: since March 2026 it needs an API key (data.api_key.env)"))
        #expect(try failure("format: polygon\n  api_key: { env: PROVIDER_KEY }\n", "ZZZX").hasPrefix("Polygon has no bars for this symbol (resultsCount: 0)"))
        #expect(try failure("format: tiingo\n  api_key: { env: PROVIDER_KEY }\n", "AAAX", environment: ["PROVIDER_KEY": "wrong"]).hasPrefix("HTTP 401"))
        #expect(try failure("format: alphavantage\n  api_key: { env: PROVIDER_KEY }\n", "ZZZX").hasPrefix("Alpha Vantage: Invalid API call."))
        #expect(try failure("format: eodhd\n  api_key: { env: PROVIDER_KEY }\n", "AAAX", environment: [:])
                .hasPrefix("$PROVIDER_KEY (data.api_key.env) is not set"))
        // The key is in no message.
        #expect(!(try failure("format: polygon\n  api_key: { env: PROVIDER_KEY }\n", "ZZZX")).contains(Self.key))
    }

    @Test("preset configuration: the provider's own URL and key place, a host override, the JSON mapping, and yahoo-csv refused with what to use")
    func configuration() throws {
        let tiingo = try Self.source("format: tiingo\n  api_key: { env: TIINGO_KEY }\n")
        #expect(tiingo.url.hasPrefix("https://api.tiingo.com/tiingo/daily/{symbol}/prices?") && tiingo.apiKey?.place == .header("Authorization", prefix: "Token "))
        let proxied = try Self.source("format: polygon\n  url: \"http://127.0.0.1:9000/\"\n  api_key: { env: K }\n")
        #expect(proxied.url == "http://127.0.0.1:9000/v2/aggs/ticker/{symbol}/range/1/day/{from}/{to}?adjusted=true&sort=asc&limit=50000"
                && proxied.apiKey?.place == .query("apiKey"))
        func problem(_ yaml: String) -> String {
            do { _ = try Self.source(yaml); return "accepted" } catch { return "\(error)" }
        }
        #expect(problem("format: yahoo-csv\n").contains("Yahoo closed its CSV download (yahoo-csv) in September 2024; use format: yahoo-chart"))
        #expect(problem("format: json\n  url: \"https://x.example/{symbol}\"\n").contains("format: json needs json:"))
        #expect(problem("format: json\n  url: \"https://x.example/{symbol}\"\n  json: { date: d, open: o, high: h, low: l, close: c }\n").contains("json needs 'volume'"))
        #expect(problem("format: csv\n  url: \"https://x.example/{symbol}\"\n  api_key: { env: K }\n").contains("api_key needs header"))
        #expect(problem("format: tiingo\n  json: { date: d }\n").contains("json: applies only to format: json"))
    }

    @Test("after a whole history, a fetch asks from a week before the last cached bar and appends only the new bars; a split that re-based past prices brings the whole history again")
    func incremental() throws {
        let data = MarketServer.data(["AAAX"])
        let file = data.appendingPathComponent("AAAX.csv")
        let whole = try CSVReader().read(String(contentsOf: file, encoding: .utf8), file: "AAAX", symbol: "AAAX").series
        func write(_ series: Series, through day: Day) throws {
            var cut = series
            let count = series.dates.filter { $0 <= day }.count
            (cut.dates, cut.open, cut.high, cut.low, cut.close) = (Array(series.dates.prefix(count)), Array(series.open.prefix(count)),
                                                               Array(series.high.prefix(count)), Array(series.low.prefix(count)), Array(series.close.prefix(count)))
            cut.volume = series.volume.map { Array($0.prefix(count)) }
            try CSVWriter.csv(cut).write(to: file, atomically: true, encoding: .utf8)
        }
        let server = try ProviderServer(data: data)
        defer { server.stop() }
        let source = try Self.source("format: json\n  url: \"\(server.base)/generic/{symbol}?from={from}&to={to}\"\n"
                                     + "  json: { records: data.bars, date: d, open: o, high: h, low: l, close: c, volume: vol }\n")
        let cache = MarketCache(directory: Fixtures.temporaryDirectory("cache"))
        func fetch(to day: String) -> MarketFetcher.Outcome {
            var quick = source
            quick.requestsPerMinute = 60_000
            return MarketFetcher(source: quick, cache: cache, environment: [:], today: Day(iso: day)!).fetch([Symbol("AAAX")!], to: Day(iso: day)!)[0]
        }
        try write(whole, through: Day(iso: "2026-11-20")!)
        let first = fetch(to: "2026-11-20")
        #expect(first.newBars == nil && first.requests == 1 && first.result?.series.dates.last == Day(iso: "2026-11-20"))

        try write(whole, through: Self.to)
        let second = fetch(to: "2026-11-27")
        #expect(second.newBars == 5 && second.requests == 1 && !second.rebased)
        #expect(second.result?.series.dates == whole.dates && second.result?.series.close == whole.close)
        #expect(try server.stats().requests.last?.path.contains("from=2026-11-13&to=2026-11-27") == true)
        #expect(FetchSummary([second], seconds: 0).perSymbol == ["AAAX: 5 new bars"])

        // A 2:1 split delivered as adjusted history: every past price halved, volumes doubled.
        var split = whole
        (split.open, split.high, split.low, split.close) = (whole.open.map { $0 / 2 }, whole.high.map { $0 / 2 }, whole.low.map { $0 / 2 }, whole.close.map { $0 / 2 })
        split.volume = whole.volume?.map { $0 * 2 }
        try write(split, through: Self.to)
        let third = fetch(to: "2026-11-27")
        #expect(third.rebased && third.requests == 2 && third.newBars == nil)
        #expect(third.result?.series.close == split.close && third.result?.series.dates == whole.dates)
        #expect(try server.stats().requests.last?.path.contains("from=2016-") == true)
        #expect(FetchSummary([third], seconds: 0).perSymbol.first?.contains("past prices changed") == true)
    }

    @Test("grouped: true fills a night's new bars of every symbol with one request a day; each symbol asks for itself again a week on")
    func groupedDaily() throws {
        let names = ["AAAX", "BBBX", "CCCX", "DDDX", "EEEX", "FFFX"]
        let data = MarketServer.data(names)
        var wholes: [String: String] = [:]
        for name in names { wholes[name] = try String(contentsOf: data.appendingPathComponent("\(name).csv"), encoding: .utf8) }
        func writeAll(through day: String) throws {
            for name in names {
                let lines = wholes[name]!.split(separator: "\n").filter { $0.first?.isNumber != true || $0.prefix(10) <= day }
                try (lines.joined(separator: "\n") + "\n").write(to: data.appendingPathComponent("\(name).csv"), atomically: true, encoding: .utf8)
            }
        }
        let server = try ProviderServer(data: data)
        defer { server.stop() }
        var source = try Self.source("format: polygon\n  grouped: true\n  api_key: { env: PROVIDER_KEY }\n  url: \"\(server.base)\"\n")
        source.requestsPerMinute = 60_000
        let cache = MarketCache(directory: Fixtures.temporaryDirectory("cache"))
        func fetch(to day: String, today: String) -> [MarketFetcher.Outcome] {
            MarketFetcher(source: source, cache: cache, environment: ["PROVIDER_KEY": Self.key], today: Day(iso: today)!)
                .fetch(names.map { Symbol($0)! }, to: Day(iso: day)!)
        }
        try writeAll(through: "2026-11-25")
        #expect(fetch(to: "2026-11-25", today: "2026-11-25").map(\.requests).reduce(0, +) == 6)
        try writeAll(through: "2026-11-27")
        let night = fetch(to: "2026-11-27", today: "2026-11-27")
        #expect(night.map(\.requests).reduce(0, +) == 2 && night.allSatisfy { $0.newBars == 2 }, "\(night.map { ($0.state, $0.newBars, $0.result?.series.dates.last) })")
        let paths = try server.stats().requests.suffix(2).map(\.path)
        #expect(paths[0].hasPrefix("/v2/aggs/grouped/locale/us/market/stocks/2026-11-26?") && paths[1].contains("/stocks/2026-11-27?"))
        for outcome in night {
            let plain = try CSVReader().read(wholes[outcome.symbol.value]!, file: "plain", symbol: outcome.symbol.value).series
            #expect(outcome.result?.series.dates == plain.dates && outcome.result?.series.close == plain.close, "\(outcome.symbol)")
        }
        // A week after each symbol's own request: its own again, with the overlap check that sees a split.
        let later = fetch(to: "2026-11-27", today: "2026-12-03")
        #expect(later.map(\.requests).reduce(0, +) == 6 && later.allSatisfy { $0.newBars == 0 })
        #expect(!(try server.stats().requests.suffix(6).contains { $0.path.contains("grouped") }))
    }

    @Test("Alpha Vantage, which takes no range, is asked for its compact answer (the last 100 bars) once a whole history is cached")
    func alphaVantageIncrement() throws {
        let data = MarketServer.data(["AAAX"])
        let file = data.appendingPathComponent("AAAX.csv")
        let whole = try String(contentsOf: file, encoding: .utf8)
        let lines = whole.split(separator: "\n")
        try (lines.filter { $0.first?.isNumber != true || $0.prefix(10) <= "2026-11-20" }.joined(separator: "\n") + "\n").write(to: file, atomically: true, encoding: .utf8)
        let server = try ProviderServer(data: data)
        defer { server.stop() }
        var source = try Self.source("format: alphavantage\n  api_key: { env: PROVIDER_KEY }\n  url: \"\(server.base)\"\n")
        source.requestsPerMinute = 60_000
        let cache = MarketCache(directory: Fixtures.temporaryDirectory("cache"))
        func fetch(_ day: String) -> MarketFetcher.Outcome {
            MarketFetcher(source: source, cache: cache, environment: ["PROVIDER_KEY": Self.key], today: Day(iso: day)!).fetch([Symbol("AAAX")!], to: Day(iso: day)!)[0]
        }
        #expect(fetch("2026-11-20").newBars == nil)
        try whole.write(to: file, atomically: true, encoding: .utf8)
        let night = fetch("2026-11-27")
        #expect(night.newBars == 5 && !night.rebased, "\(night.state)")
        let plain = try CSVReader().read(whole, file: "plain", symbol: "AAAX").series
        #expect(night.result?.series.dates == plain.dates && night.result?.series.close == plain.close)
        let paths = try server.stats().requests.map(\.path)
        #expect(paths.first?.contains("outputsize=full") == true && paths.last?.contains("outputsize=compact") == true, "\(paths)")
    }
}
