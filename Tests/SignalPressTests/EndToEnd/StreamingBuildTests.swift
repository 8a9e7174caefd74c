import Build
import Foundation
import MarketData
import Testing

/// The build streams: what it holds in memory at once is bounded by `--jobs`, whatever the
/// number of symbols, as its own counters show (no timing, no RSS sampling).
@Suite("Streaming build")
struct StreamingBuildTests {
    /// A project of `count` symbols in three watchlists and three tiers, one of them delayed.
    func project(symbols count: Int) -> URL {
        let root = Fixtures.temporaryDirectory("streaming")
        let content = root.appendingPathComponent("content")
        Fixtures.write("""
        title: Streaming
        base_url: https://stream.example.com
        tiers:
          - { id: free, price_cents: 0, delay_days: 1, watchlists: [a], features: [dashboard, reports] }
          - { id: pro, price_cents: 1000, watchlists: all, features: [dashboard, charts, reports] }
          - { id: max, price_cents: 5000, watchlists: all, features: [dashboard, charts, reports, exports] }

        """, to: content.appendingPathComponent("site.yml"))
        let symbols = (0..<count).map { "S\(String(format: "%03d", $0))X" }
        let generator = SampleData(days: 300, seed: 5)
        for (index, name) in ["a", "b", "c"].enumerated() {
            let members = symbols.enumerated().filter { $0.offset % 3 == index }.map(\.element)
            Fixtures.write("title: \(name)\nsymbols: [\(members.joined(separator: ", "))]\n", to: content.appendingPathComponent("watchlists/\(name).yml"))
        }
        for symbol in symbols {
            Fixtures.write(CSVWriter.csv(generator.series(symbol: symbol)), to: content.appendingPathComponent("data/\(symbol).csv"))
        }
        return root
    }

    @Test("at most --jobs series and analyses are alive at once, for 1 and for 2 jobs")
    func boundedByJobs() throws {
        let root = project(symbols: 24)
        for jobs in [1, 2] {
            let output = root.appendingPathComponent("site-\(jobs)")
            let summary = try Build(options: BuildOptions(root: root, output: output, clock: Fixtures.clock, jobs: jobs, recordsLedger: false)).run()
            #expect(summary.symbolsOK == 24 && summary.bundles == 3)
            #expect(summary.peakAnalysesInMemory >= 1 && summary.peakAnalysesInMemory <= jobs, "jobs \(jobs): \(summary.peakAnalysesInMemory)")
            #expect(summary.peakSeriesInMemory >= 1 && summary.peakSeriesInMemory <= jobs, "jobs \(jobs): \(summary.peakSeriesInMemory)")
        }
        #expect(Fixtures.tree(root.appendingPathComponent("site-1")) == Fixtures.tree(root.appendingPathComponent("site-2")))
    }

    @Test("a failed build leaves no staging directory or bundle spool behind")
    func failedBuildCleansUp() throws {
        let root = project(symbols: 6)
        Fixtures.write("{{<layout}}{{$body}}{{noSuchValue}}{{/body}}{{/layout}}", to: root.appendingPathComponent("Templates/404.mustache"))
        #expect(throws: BuildError.self) { try Build(options: BuildOptions(root: root, output: root.appendingPathComponent("site"), clock: Fixtures.clock)).run() }
        let left = try FileManager.default.contentsOfDirectory(atPath: root.path).filter { $0.hasPrefix(".site.") }
        #expect(left.isEmpty, "\(left)")
        #expect(!FileManager.default.fileExists(atPath: root.appendingPathComponent("site").path))
    }
}
