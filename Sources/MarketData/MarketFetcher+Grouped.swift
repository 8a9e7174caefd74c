import Core
import CurlTransfer

extension MarketFetcher {
    /// Days a grouped pass fills at most; a longer gap is each symbol's own request.
    static let groupedDays = 10
    /// A symbol's own request (with the overlap check that sees a split) at least this often.
    static let ownRequestEveryDays = 7

    /// Polygon's grouped daily (`/v2/aggs/grouped/locale/us/market/stocks/{date}`): every
    /// symbol's bar of a day in one request. For symbols whose cached series is at most
    /// `groupedDays` behind and whose own request (which checks the overlap for a split) is at
    /// most a week old, the new days are asked once each and appended. The others, and every
    /// symbol of a day the endpoint could not answer, are left to their own request.
    func groupedPass(_ symbols: [Symbol], to: Day, limiter: RateLimiter) -> [Symbol: Outcome] {
        var bases: [Symbol: (entry: MarketCache.Entry, base: IncrementalFetch.Base)] = [:]
        for symbol in symbols {
            guard let entry = cache.load(symbol), let base = incrementalBase(entry, symbol: symbol, to: to),
                  let checked = Day(iso: entry.fetched), checked >= today.adding(days: -Self.ownRequestEveryDays),
                  base.last >= to.adding(days: -Self.groupedDays) else { continue }
            bases[symbol] = (entry, base)
        }
        guard let earliest = bases.values.map(\.base.last).min() else { return [:] }
        let days = stride(from: earliest.daysSinceEpoch + 1, through: to.daysSinceEpoch, by: 1).map(Day.init(daysSinceEpoch:)).filter { !$0.isWeekend }
        let client = HTTPClient()
        var bars: [Day: [String: ProviderResponse.Row]] = [:]
        var requests = 0
        for day in days {
            limiter.wait()
            requests += 1
            guard let answer = grouped(day, client: client) else { return [:] }
            bars[day] = answer
        }
        var outcomes: [Symbol: Outcome] = [:]
        for (symbol, cached) in bases {
            let name = source.symbolNames[symbol.value] ?? symbol.value
            let rows = days.filter { $0 > cached.base.last }.compactMap { bars[$0]?[name] }
            var body = cached.entry.body
            if body.last != UInt8(ascii: "\n") { body.append(UInt8(ascii: "\n")) }
            // The cached file's own columns: Polygon's CSV has no adjusted close.
            body += ProviderResponse.csv(rows).drop { $0 != UInt8(ascii: "\n") }.dropFirst()
            guard let result = try? validate(body, symbol: symbol, to: to) else { continue }
            var entry = cached.entry
            entry.body = body
            guard (try? cache.store(symbol, entry)) != nil else { continue }
            var outcome = Outcome(symbol: symbol, state: .fetched(bytes: 0), result: result, requests: 0)
            outcome.newBars = rows.count
            outcomes[symbol] = outcome
        }
        // The day requests are the pass's: counted once, on the first symbol it brought up to date.
        if let first = outcomes.keys.min(by: { $0.value < $1.value }) { outcomes[first]?.requests = requests }
        return outcomes
    }

    /// One day's bars of every ticker, by ticker; nil when the endpoint did not answer with them.
    func grouped(_ day: Day, client: HTTPClient) -> [String: ProviderResponse.Row]? {
        guard let slash = source.url.range(of: "/v2/") else { return nil }
        var url = String(source.url[..<slash.lowerBound]) + "/v2/aggs/grouped/locale/us/market/stocks/\(day.iso)?adjusted=true"
        if let key = source.apiKey, case let .query(name) = key.place {
            guard let value = environment[key.environmentVariable], !value.isEmpty else { return nil }
            url += "&\(name)=\(value.addingPercentEncodingForQuery)"
        }
        let request = HTTPClient.Request(url: url, timeout: source.timeoutSeconds, connectTimeout: min(source.timeoutSeconds, 10), maxBytes: source.maxBytes)
        guard case let .success(response) = client.get(request), response.status == 200, let json = JSON.parse(response.body),
              let results = json["results"]?.items else { return nil }
        var rows: [String: ProviderResponse.Row] = [:]
        for item in results {
            guard let ticker = item["T"]?.text, let open = item["o"]?.number, let high = item["h"]?.number, let low = item["l"]?.number,
                  let close = item["c"]?.number else { continue }
            rows[ticker] = ProviderResponse.Row(date: day, open: open, high: high, low: low, close: close, adjusted: nil, volume: item["v"]?.number)
        }
        return rows
    }
}
