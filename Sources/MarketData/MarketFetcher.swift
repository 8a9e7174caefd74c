import Core
import CurlTransfer
import Foundation
import Synchronization

/// Refreshes every symbol's series over HTTP into the cache: a bounded pool of workers, a
/// shared requests-per-minute budget, conditional requests, retries with backoff and jitter,
/// and validation before anything is cached. A symbol that cannot be refreshed falls back
/// to its last good cached series and is marked stale; without one it fails.
public struct MarketFetcher: Sendable {
    public enum State: Sendable, Equatable {
        case fetched(bytes: Int)
        case notModified
        /// `--offline`: the cached series, not refreshed.
        case cached
        case stale(String)
        case failed(String)
    }

    public struct Outcome: Sendable {
        public var symbol: Symbol
        public var state: State
        /// The series to build from (fresh or cached); nil when the symbol failed, or when it
        /// was left in the cache (`keepingCachedSeries: false`) to be read again when needed.
        public var result: CSVReader.Result?
        public var requests: Int
        /// The series is in the cache, as validated: `cachedSeries` reads it again.
        public var inCache = true
        /// What reading the series warned about (kept when the series itself is not).
        public var warnings: [DataIssue] = []
        /// Bars added to the cached series by an incremental request; nil for a whole history.
        public var newBars: Int?
        /// The overlap showed past prices changed (a split, a dividend): the whole history was fetched again.
        public var rebased = false

        /// Whether there is a series to build from, held here or in the cache.
        public var hasSeries: Bool { result != nil || inCache }
    }

    public var source: HTTPSource
    public var cache: MarketCache
    public var environment: [String: String]
    public var offline: Bool
    /// `data.prices`: what a series with `Adj Close` gives.
    public var prices: CSVReader.Prices = .adjusted
    /// The command's date, recorded with each cached series ("cached on ...").
    public var today: Day

    public init(source: HTTPSource, cache: MarketCache, environment: [String: String], today: Day, offline: Bool = false) {
        self.source = source
        self.cache = cache
        self.environment = environment
        self.today = today
        self.offline = offline
    }

    /// Fetches `symbols` for the range ending `to`; `progress` is called after each symbol (from any worker).
    /// With `keepingCachedSeries` false, a series that is in the cache is dropped from its outcome
    /// (its warnings kept), so a fetch of any size holds no series at the end: a build reads each
    /// one again with `cachedSeries` when its turn comes.
    public func fetch(_ symbols: [Symbol], to: Day, keepingCachedSeries: Bool = true,
                      progress: @Sendable (Int, Int) -> Void = { _, _ in }) -> [Outcome] {
        let slots = WorkQueue(count: symbols.count)
        let limiter = RateLimiter(perMinute: source.requestsPerMinute)
        // Polygon's grouped daily: a few requests for the whole universe's new days.
        let grouped = source.grouped && !offline ? groupedPass(symbols, to: to, limiter: limiter) : [:]
        let workers = max(1, min(source.maxConcurrent, symbols.count))
        DispatchQueue.concurrentPerform(iterations: workers) { _ in
            let client = HTTPClient()
            while let index = slots.next() {
                var outcome = grouped[symbols[index]] ?? refresh(symbols[index], to: to, client: client, limiter: limiter)
                outcome.warnings = outcome.result?.warnings ?? []
                if !keepingCachedSeries && outcome.inCache { outcome.result = nil }
                progress(slots.finish(index, outcome), symbols.count)
            }
        }
        return slots.results()
    }

    /// One symbol brought up to `to`: from the last cached bar (less a week of overlap) when the
    /// cache has a series and the URL takes a range, else the whole history; `whole` forces the
    /// latter (after the overlap showed that past prices changed: a split or a dividend).
    func refresh(_ symbol: Symbol, to: Day, client: HTTPClient, limiter: RateLimiter, whole: Bool = false) -> Outcome {
        let cached = cache.load(symbol)
        let fromCache = { (reason: String) in self.fromCache(reason, symbol, cached) }
        if offline {
            guard let cached, let result = try? validate(cached.body, symbol: symbol, to: nil) else { return fromCache("--offline") }
            return Outcome(symbol: symbol, state: .cached, result: result, requests: 0)
        }
        let base = whole ? nil : incrementalBase(cached, symbol: symbol, to: to)
        let request: HTTPClient.Request
        let cacheURL: String
        switch prepare(symbol, from: base.map { $0.last.adding(days: -IncrementalFetch.overlapDays) }, to: to, cached: cached) {
        case let .ready(prepared, keyless): (request, cacheURL) = (prepared, keyless)
        case let .missingSecret(variable): return fromCache("$\(variable) (data.api_key.env) is not set")
        }
        var requests = 0
        var lastProblem = ""
        for attempt in 0...source.retries {
            limiter.wait()
            requests += 1
            var retryAfter: Double? = nil
            switch client.get(request) {
            case let .failure(failure):
                lastProblem = failure.description
                if case .tooLarge = failure { return withRequests(fromCache(lastProblem), requests) }
                if case .other = failure { return withRequests(fromCache(lastProblem), requests) }
            case let .success(response):
                switch response.status {
                case 304:
                    guard let cached, let result = try? validate(cached.body, symbol: symbol, to: to) else {
                        return withRequests(fromCache("304 Not Modified, but the cached series is missing or too old"), requests)
                    }
                    return Outcome(symbol: symbol, state: .notModified, result: result, requests: requests)
                case 200:
                    let answer = Answer(response: response, symbol: symbol, url: cacheURL, to: to, requests: requests, base: base)
                    if let outcome = received(answer, client: client, limiter: limiter, fromCache: fromCache, retryAfter: &retryAfter, problem: &lastProblem) {
                        return outcome
                    }
                case 429, 500...599:
                    lastProblem = "HTTP \(response.status)"
                    // How long to wait, measured from now: a duration to sleep, not a time to record.
                    retryAfter = RetryAfter.seconds(response.headers["retry-after"], now: Date())
                default:
                    return withRequests(fromCache("HTTP \(response.status)"), requests)
                }
            }
            if attempt < source.retries {
                let backoff = min(30, 0.5 * pow(2, Double(attempt))) * Double.random(in: 1...1.5)
                Thread.sleep(forTimeInterval: min(120, max(retryAfter ?? 0, retryAfter == nil ? backoff : 0)))
            }
        }
        return withRequests(fromCache("\(lastProblem) after \(requests) attempt\(requests == 1 ? "" : "s")"), requests)
    }

    /// A 200 and what it was asked for.
    struct Answer {
        var response: HTTPClient.Response
        var symbol: Symbol
        var url: String
        var to: Day
        var requests: Int
        var base: IncrementalFetch.Base?
    }

    /// A 200 read as the provider's answer: the outcome, or nil when it is a throttle to wait out.
    func received(_ answer: Answer, client: HTTPClient, limiter: RateLimiter, fromCache: (String) -> Outcome,
                  retryAfter: inout Double?, problem: inout String) -> Outcome? {
        var response = answer.response
        switch ProviderResponse.read(response.body, format: source.format, mapping: source.jsonMapping) {
        case let .problem(text): return withRequests(fromCache(text), answer.requests)
        case let .throttled(note):
            // A throttle without Retry-After: at least one request's share of the configured minute.
            (problem, retryAfter) = (note, 60 / Double(source.requestsPerMinute))
            return nil
        case let .csv(body): response.body = body
        }
        guard let base = answer.base else { return accept(response, answer.symbol, url: answer.url, to: answer.to, requests: answer.requests, fromCache: fromCache) }
        let fresh: CSVReader.Result
        do { fresh = try validate(response.body, symbol: answer.symbol, to: answer.to) } catch {
            return withRequests(fromCache(error.description), answer.requests)
        }
        let whole = { (reason: IncrementalFetch.Whole) -> Outcome in
            var outcome = refresh(answer.symbol, to: answer.to, client: client, limiter: limiter, whole: true)
            outcome.requests += answer.requests
            outcome.rebased = reason == .pricesChanged
            return outcome
        }
        switch IncrementalFetch.merge(base, fresh: response.body, freshSeries: fresh.series) {
        case let .merged(body, newBars):
            // A file the reader refuses once joined (a provider answering newest first): fetched whole instead.
            guard (try? validate(body, symbol: answer.symbol, to: answer.to)) != nil else { return whole(.cannotAppend) }
            response.body = body
            var outcome = accept(response, answer.symbol, url: answer.url, to: answer.to, requests: answer.requests, fromCache: fromCache)
            outcome.newBars = newBars
            return outcome
        case let .whole(reason): return whole(reason)
        }
    }

    /// The cached series an incremental request builds on: only when the URL takes a range (or is
    /// Alpha Vantage's, whose compact answer is the last 100 bars) and
    /// the series reaches within `historyDays` of `to`.
    func incrementalBase(_ cached: MarketCache.Entry?, symbol: Symbol, to: Day) -> IncrementalFetch.Base? {
        guard let cached, source.url.contains("{from") || source.format == .alphavantage, let result = try? validate(cached.body, symbol: symbol, to: nil),
              let last = result.series.dates.last, last >= to.adding(days: -source.historyDays), last <= to else { return nil }
        return IncrementalFetch.Base(body: cached.body, series: result.series, last: last)
    }

    /// The last good series in the cache, as a stale outcome that says why; failed without one.
    func fromCache(_ reason: String, _ symbol: Symbol, _ cached: MarketCache.Entry?) -> Outcome {
        guard let cached, let result = try? validate(cached.body, symbol: symbol, to: nil) else {
            return Outcome(symbol: symbol, state: .failed(reason + "; no cached series to fall back on"), result: nil, requests: 0,
                           inCache: false)
        }
        // No date in the reason: it is published (status.json, the dashboard) to tiers whose
        // delay the fetch night's date would break, and `last_bar` already says how old it is.
        return Outcome(symbol: symbol, state: .stale("\(reason); using the last good series in the cache"), result: result, requests: 0)
    }

    enum Prepared {
        /// The request, and its URL without the key: what the cache and the messages name.
        case ready(HTTPClient.Request, keyless: String)
        case missingSecret(variable: String)
    }

    /// The request for `symbol`'s history up to `to`: the provider's headers, its key from the
    /// environment, and the cached validators (a conditional request) when the URL is the same.
    func prepare(_ symbol: Symbol, from: Day? = nil, to: Day, cached: MarketCache.Entry?) -> Prepared {
        var url = source.url(for: symbol, from: from ?? to.adding(days: -source.historyDays), to: to)
        // Alpha Vantage takes no range: a night's increment is its last 100 bars.
        if from != nil && source.format == .alphavantage { url = url.replacingOccurrences(of: "outputsize=full", with: "outputsize=compact") }
        var headers = source.headers.sorted { $0.key < $1.key }.map { (name: $0.key, value: $0.value) }
        var requestURL = url
        if let key = source.apiKey {
            guard let value = environment[key.environmentVariable], !value.isEmpty else { return .missingSecret(variable: key.environmentVariable) }
            switch key.place {
            case let .header(name, prefix): headers.append((name, prefix + value))
            case let .query(name): requestURL += (url.contains("?") ? "&" : "?") + name + "=" + value.addingPercentEncodingForQuery
            }
        }
        if let cached, cached.url == url || Self.sameResource(cached.url, url) {
            if let etag = cached.etag { headers.append(("If-None-Match", etag)) }
            if let modified = cached.lastModified { headers.append(("If-Modified-Since", modified)) }
        }
        return .ready(HTTPClient.Request(url: requestURL, headers: headers, timeout: source.timeoutSeconds,
                                         connectTimeout: min(source.timeoutSeconds, 10), maxBytes: source.maxBytes), keyless: url)
    }

    /// A 200: validated, then kept in the cache with its validators.
    func accept(_ response: HTTPClient.Response, _ symbol: Symbol, url: String, to: Day, requests: Int,
                fromCache: (String) -> Outcome) -> Outcome {
        do {
            let result = try validate(response.body, symbol: symbol, to: to)
            let entry = MarketCache.Entry(url: url, etag: response.headers["etag"], lastModified: response.headers["last-modified"],
                                          fetched: today.iso, body: response.body)
            do { try cache.store(symbol, entry) } catch {
                return Outcome(symbol: symbol, state: .stale("fetched, but the cache could not be written: \(error)"), result: result,
                               requests: requests, inCache: false)
            }
            return Outcome(symbol: symbol, state: .fetched(bytes: response.body.count), result: result, requests: requests)
        } catch {
            return withRequests(fromCache(error.description), requests)
        }
    }

    /// A symbol's cached series, read and checked again (the fetch validated it already).
    public func cachedSeries(_ symbol: Symbol) throws(DataIssue) -> CSVReader.Result {
        guard let entry = cache.load(symbol) else {
            throw DataIssue(file: "\(symbol) (\(source.format.rawValue) over http)", line: 1, message: "the cached series is gone")
        }
        return try validate(entry.body, symbol: symbol, to: nil)
    }

    func withRequests(_ outcome: Outcome, _ requests: Int) -> Outcome {
        var copy = outcome
        copy.requests = requests
        return copy
    }

    /// The response must be the CSV asked for: not empty, not an HTML page, parseable, and
    /// reaching `to` (within `staleAfterDays`) when given.
    func validate(_ body: [UInt8], symbol: Symbol, to: Day?) throws(DataIssue) -> CSVReader.Result {
        let file = "\(symbol) (\(source.format.rawValue) over http)"
        let head = String(decoding: body.prefix(512), as: UTF8.self)
        let trimmed = head.trimmingCharacters(in: .whitespacesAndNewlines)
        if trimmed.isEmpty { throw DataIssue(file: file, line: 1, message: "the response is empty") }
        if ProviderResponse.looksLikeHTML(body) {
            throw DataIssue(file: file, line: 1, message: "the response is an HTML page, not CSV")
        }
        if source.format == .stooq, trimmed.lowercased().hasPrefix("no data") {
            throw DataIssue(file: file, line: 1, message: "the provider has no data for this symbol")
        }
        let result = try CSVReader(prices: prices).read(body, file: file, symbol: symbol.value)
        if let to, let last = result.series.dates.last, last < to.adding(days: -source.staleAfterDays) {
            throw DataIssue(file: file, line: result.series.count + 1,
                            message: "the series ends on \(last), before the requested \(to) (more than \(source.staleAfterDays) days)")
        }
        return result
    }

    static func sameResource(_ a: String, _ b: String) -> Bool {
        a.split(separator: "?").first == b.split(separator: "?").first
    }
}

/// Spaces request starts evenly so that no minute sees more than `perMinute` of them.
/// Measured on the monotonic clock: a wall clock that is set or moved must not change the pace.
final class RateLimiter: Sendable {
    private let interval: UInt64
    private let next = Mutex<UInt64>(0)

    init(perMinute: Int) { interval = perMinute > 0 ? UInt64(60_000_000_000 / perMinute) : 0 }

    func wait() {
        let now = DispatchTime.now().uptimeNanoseconds
        let start = next.withLock { next in
            let start = max(now, next)
            next = start + interval
            return start
        }
        if start > now { Thread.sleep(forTimeInterval: Double(start - now) / 1e9) }
    }
}

/// Work handed out by index to the pool, results kept in input order.
final class WorkQueue: Sendable {
    private struct State {
        var cursor = 0
        var done = 0
        var values: [MarketFetcher.Outcome?]
    }
    private let state: Mutex<State>

    init(count: Int) { state = Mutex(State(values: Array(repeating: nil, count: count))) }

    func next() -> Int? {
        state.withLock { state in
            guard state.cursor < state.values.count else { return nil }
            state.cursor += 1
            return state.cursor - 1
        }
    }

    func finish(_ index: Int, _ outcome: MarketFetcher.Outcome) -> Int {
        state.withLock { state in
            state.values[index] = outcome
            state.done += 1
            return state.done
        }
    }

    func results() -> [MarketFetcher.Outcome] { state.withLock { $0.values.map { $0! } } }
}
