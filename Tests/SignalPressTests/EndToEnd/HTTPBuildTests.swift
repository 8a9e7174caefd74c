import Build
import Foundation
import MarketData
import Testing
@testable import signalpress

/// `build` with `data.source: http` pointed at a local server.
@Suite("Build from an HTTP source", .python3)
struct HTTPBuildTests {
    func project(_ server: MarketServer) -> URL {
        let root = Fixtures.project(site: Fixtures.siteYAML + "data: { source: http, url: \"\(server.url)\", retries: 1, timeout_seconds: 2 }\n")
        try? FileManager.default.removeItem(at: root.appendingPathComponent("content/data"))
        return root
    }

    func build(_ root: URL, strict: Bool = false) throws -> BuildSummary {
        try Build(options: BuildOptions(root: root, output: root.appendingPathComponent("site"), clock: Fixtures.clock, strict: strict)).run()
    }

    @Test("the first build fetches every symbol, the second only asks whether anything changed, a dead server leaves symbols stale")
    func nightlyRuns() throws {
        let server = try MarketServer(data: MarketServer.data(["AAAX", "BBBX", "CCCX", "DDDX"], days: 320))
        let root = project(server)
        let first = try build(root)
        #expect(first.fetch?.fetched == 4 && first.fetch?.failed == 0)
        // Fetched series wait in the cache, not in memory: the stream reads them one at a time.
        #expect(first.seriesHeldAfterFetch == 0)
        #expect(first.peakSeriesInMemory >= 1 && first.peakSeriesInMemory <= ProcessInfo.processInfo.activeProcessorCount)
        let site = root.appendingPathComponent("site")
        let published = Fixtures.tree(site)
        let cache = root.appendingPathComponent(".signalpress/cache")
        let cached = Fixtures.tree(cache)
        #expect(cached.count == 4)

        let second = try build(root)
        #expect(second.fetch?.notModified == 4 && second.fetch?.fetched == 0)
        let stats = try server.stats()
        #expect(stats.conditional == 4 && stats.not_modified == 4 && stats.requests.values.reduce(0, +) == 8)
        #expect(Fixtures.tree(cache) == cached)
        #expect(Fixtures.tree(site).filter { !$0.key.hasPrefix("bundles/") } == published.filter { !$0.key.hasPrefix("bundles/") })

        server.stop()
        let beforeStrict = Fixtures.tree(site)
        #expect(throws: BuildError.self) { try build(root, strict: true) }
        #expect(Fixtures.tree(site) == beforeStrict)
        let offline = try build(root)
        #expect(offline.fetch?.stale == 4)
        #expect(offline.warnings.contains { $0.hasPrefix("AAAX is stale: connection failed") })
        let status = try JSONSerialization.jsonObject(with: Data(contentsOf: site.appendingPathComponent("status.json"))) as? [String: Any]
        let symbols = try #require(status?["symbols"] as? [[String: Any]])
        #expect(symbols.count == 2 && symbols.allSatisfy { $0["fresh"] as? Bool == false && ($0["problem"] as? String)?.contains("using the last good series in the cache") == true })
        let dashboard = try String(contentsOf: site.appendingPathComponent("index.html"), encoding: .utf8)
        #expect(dashboard.contains("<span class=\"stale\""))
        // In JSON logs each stale symbol is a warning carrying its symbol.
        let log = Fixtures.temporaryDirectory("log").appendingPathComponent("build.log")
        #expect(try Binary.run(["build", "--project", root.path, "--log-format", "json"] + Fixtures.todayArguments, output: log) == 0)
        let warnings = try String(contentsOf: log, encoding: .utf8).split(separator: "\n")
            .compactMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }.filter { $0["level"] as? String == "warning" }
        #expect(Set(warnings.compactMap { $0["symbol"] as? String }) == ["AAAX", "BBBX", "CCCX", "DDDX"])
    }

    @Test("with --strict a dead server fails the build and the previous site stays; a symbol without any data is left out and reported")
    func strictAndMissing() throws {
        let server = try MarketServer(data: MarketServer.data(["AAAX", "CCCX", "DDDX"], days: 320), scenarios: ["BBBX": "404"])
        defer { server.stop() }
        let root = project(server)
        let summary = try build(root)
        #expect(summary.fetch?.failed == 1)
        let site = root.appendingPathComponent("site")
        let status = try String(contentsOf: site.appendingPathComponent("status.json"), encoding: .utf8)
        #expect(status.contains("\"symbol\": \"BBBX\", \"last_bar\": \"\", \"fresh\": false, \"problem\": \"HTTP 404; no cached series to fall back on\""))
        #expect(!FileManager.default.fileExists(atPath: site.appendingPathComponent("symbols/BBBX").path))
        let before = Fixtures.tree(site)
        #expect(throws: BuildError.self) { try build(root, strict: true) }
        #expect(Fixtures.tree(site) == before)
        #expect(SignalPress.run(["build", "--project", root.path, "--strict", "--quiet"] + Fixtures.todayArguments) == 1)
    }
}
