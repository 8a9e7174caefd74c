import Core
import Foundation
import MarketData
import Testing

/// The HTTP source against a real local server that misbehaves on purpose.
@Suite("Market data over HTTP", .python3)
struct MarketFetchTests {
    static let to = Day(iso: "2026-11-27")!

    func fetcher(_ server: MarketServer, cache: URL = Fixtures.temporaryDirectory("cache"), _ adjust: (inout HTTPSource) -> Void = { _ in })
        -> MarketFetcher {
        var source = HTTPSource(url: server.url, retries: 2, staleAfterDays: 5)
        source.timeoutSeconds = 5
        adjust(&source)
        return MarketFetcher(source: source, cache: MarketCache(directory: cache), environment: ["DATA_KEY": "k-123"], today: Self.to)
    }

    func symbols(_ names: [String]) -> [Symbol] { names.map { Symbol($0)! } }

    @Test("a normal fetch caches every series; the next one is conditional, answered 304, and rewrites nothing")
    func conditional() throws {
        let server = try MarketServer(data: MarketServer.data(["AAAX", "BBBX", "CCCX"]))
        defer { server.stop() }
        let cache = Fixtures.temporaryDirectory("cache")
        let first = fetcher(server, cache: cache) { $0.apiKey = HTTPSource.APIKey(place: .header("X-Api-Key", prefix: ""), environmentVariable: "DATA_KEY") }.fetch(symbols(["AAAX", "BBBX", "CCCX"]), to: Self.to)
        #expect(first.map(\.state) == [.fetched(bytes: first[0].result.map { _ in try! Data(contentsOf: server.data.appendingPathComponent("AAAX.csv")).count }!),
                                       .fetched(bytes: try Data(contentsOf: server.data.appendingPathComponent("BBBX.csv")).count),
                                       .fetched(bytes: try Data(contentsOf: server.data.appendingPathComponent("CCCX.csv")).count)])
        #expect(first.allSatisfy { $0.result?.series.dates.last == Self.to })
        let before = try FileManager.default.contentsOfDirectory(atPath: cache.path).sorted()
        #expect(before == ["AAAX.cache", "BBBX.cache", "CCCX.cache"])
        let modified = try before.map { try FileManager.default.attributesOfItem(atPath: cache.appendingPathComponent($0).path)[.modificationDate] as! Date }
        usleep(20_000)

        let second = fetcher(server, cache: cache).fetch(symbols(["AAAX", "BBBX", "CCCX"]), to: Self.to)
        #expect(second.map(\.state) == [.notModified, .notModified, .notModified])
        #expect(second.allSatisfy { $0.result?.series.count == 300 })
        let stats = try server.stats()
        #expect(stats.conditional == 3 && stats.not_modified == 3)
        #expect(stats.api_keys == ["k-123", "k-123", "k-123"])
        let after = try before.map { try FileManager.default.attributesOfItem(atPath: cache.appendingPathComponent($0).path)[.modificationDate] as! Date }
        #expect(after == modified)
    }

    @Test("a 500 and a 429 are retried (Retry-After honoured); a 404 is not, and the other symbols still succeed")
    func retries() throws {
        let server = try MarketServer(data: MarketServer.data(["AAAX", "BBBX", "CCCX"]), scenarios: ["AAAX": "500-once", "BBBX": "429-once", "CCCX": "404"])
        defer { server.stop() }
        let outcomes = fetcher(server) { $0.maxConcurrent = 1 }.fetch(symbols(["AAAX", "BBBX", "CCCX"]), to: Self.to)
        #expect(outcomes[0].requests == 2 && outcomes[1].requests == 2 && outcomes[2].requests == 1)
        if case .fetched = outcomes[0].state {} else { Issue.record("AAAX: \(outcomes[0].state)") }
        if case .fetched = outcomes[1].state {} else { Issue.record("BBBX: \(outcomes[1].state)") }
        #expect(outcomes[2].state == .failed("HTTP 404; no cached series to fall back on"))
        let stats = try server.stats()
        #expect(stats.requests == ["AAAX": 2, "BBBX": 2, "CCCX": 1])
        // The 429 said Retry-After: 1; the retry came no sooner (times are in request order with one worker).
        #expect(stats.times[3] - stats.times[2] >= 0.95)
    }

    @Test("responses that are not the expected CSV are rejected with a clear message and never cached", arguments: [
        ("html", "HTML page"), ("truncated", ":300: row has 3 fields"), ("empty", "empty"), ("old", "ends on"), ("partial", "attempts"),
    ])
    func rejected(scenario: String, message: String) throws {
        let server = try MarketServer(data: MarketServer.data(["AAAX"]), scenarios: ["AAAX": scenario])
        defer { server.stop() }
        let cache = Fixtures.temporaryDirectory("cache")
        let outcome = fetcher(server, cache: cache).fetch(symbols(["AAAX"]), to: Self.to)[0]
        guard case let .failed(reason) = outcome.state else { Issue.record("\(scenario): \(outcome.state)"); return }
        #expect(reason.contains(message), "\(scenario): \(reason)")
        #expect(outcome.result == nil)
        #expect((try FileManager.default.contentsOfDirectory(atPath: cache.path)).filter { $0.hasSuffix(".cache") }.isEmpty)
    }

    @Test("a server that never answers is given up on at the timeout, and the last good series is used, marked stale")
    func timeoutFallsBackToCache() throws {
        let data = MarketServer.data(["AAAX"])
        let cache = Fixtures.temporaryDirectory("cache")
        let good = try MarketServer(data: data)
        #expect(fetcher(good, cache: cache).fetch(symbols(["AAAX"]), to: Self.to)[0].state != .failed(""))
        good.stop()

        let hanging = try MarketServer(data: data, scenarios: ["AAAX": "hang"])
        defer { hanging.stop() }
        let started = ContinuousClock.now
        let outcome = fetcher(hanging, cache: cache) { $0.timeoutSeconds = 1; $0.retries = 0 }.fetch(symbols(["AAAX"]), to: Self.to)[0]
        let elapsed = Double((ContinuousClock.now - started).components.seconds)
        // The server hangs for 60 s: giving up well before that is the point, however loaded the machine.
        #expect(elapsed >= 0.9 && elapsed < 50, "gave up after \(elapsed) s")
        guard case let .stale(reason) = outcome.state else { Issue.record("\(outcome.state)"); return }
        #expect(reason.contains("timed out") && reason.contains("using the last good series in the cache"))
        #expect(outcome.result?.series.dates.last == Self.to)
    }

    @Test("at most max_concurrent requests at once, and no faster than requests_per_minute")
    func politeness() throws {
        let names = (0..<8).map { "S\($0)X" }
        // Each answer takes 1.5 s and starts come 0.1 s apart: overlapping requests are certain
        // unless a worker is kept off the CPU for more than a second (0.6 s was not always enough
        // under the clock-shifted run, with the whole suite beside it on two cores).
        let server = try MarketServer(data: MarketServer.data(names), delay: 1.5)
        defer { server.stop() }
        let outcomes = fetcher(server) { $0.maxConcurrent = 3; $0.requestsPerMinute = 600 }.fetch(symbols(names), to: Self.to)
        #expect(outcomes.allSatisfy { if case .fetched = $0.state { true } else { false } })
        let stats = try server.stats()
        #expect(stats.peak <= 3 && stats.peak >= 2, "peak \(stats.peak)")
        #expect(stats.requests.values.reduce(0, +) == 8)

        let slow = try MarketServer(data: MarketServer.data(Array(names.prefix(5))))
        defer { slow.stop() }
        _ = fetcher(slow) { $0.maxConcurrent = 4; $0.requestsPerMinute = 240 }.fetch(symbols(Array(names.prefix(5))), to: Self.to)
        let times = try slow.stats().times.sorted()
        // 240 per minute is one request every 0.25 s: five starts span a second at the client.
        // Unthrottled they would arrive within milliseconds; half a second allows for connections
        // that a busy machine sets up late.
        #expect(times.count == 5 && times.last! - times.first! >= 0.5, "\(times)")
    }

    @Test("--offline uses the cache only and makes no request")
    func offline() throws {
        let server = try MarketServer(data: MarketServer.data(["AAAX"]))
        defer { server.stop() }
        let cache = Fixtures.temporaryDirectory("cache")
        _ = fetcher(server, cache: cache).fetch(symbols(["AAAX", "ZZZX"]), to: Self.to)
        var offline = fetcher(server, cache: cache)
        offline.offline = true
        let outcomes = offline.fetch(symbols(["AAAX", "ZZZX"]), to: Self.to)
        #expect(outcomes[0].state == .cached && outcomes[0].result != nil)
        if case .failed = outcomes[1].state {} else { Issue.record("\(outcomes[1].state)") }
        #expect(try server.stats().requests.values.reduce(0, +) == 2)
    }
}
