import Core
@testable import Build
import Foundation
import MarketData
import Testing

/// The build streams: what it holds in memory at once is bounded by `--jobs`, whatever the
/// number of symbols, as its own counters show (no timing, no RSS sampling).
@Suite("Streaming build")
struct StreamingBuildTests {
    /// A project of `count` symbols in three watchlists and three tiers, one of them delayed.
    func project(symbols count: Int, days: Int = 300) -> URL {
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
        let generator = SampleData(days: days, seed: 5)
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

extension StreamingBuildTests {
    @Test("with long files read at their ends for the calendar, a defect or warning in the middle of one is still told at its line, once")
    func middleOfLongFiles() throws {
        let root = project(symbols: 6, days: 900)
        let data = root.appendingPathComponent("content/data")
        var lines = try String(contentsOf: data.appendingPathComponent("S001X.csv"), encoding: .utf8).split(separator: "\n").map(String.init)
        let nullDay = lines[399].split(separator: ",")[0]
        lines[399] = nullDay + ",null,null,null,null,null"
        Fixtures.write(lines.joined(separator: "\n") + "\n", to: data.appendingPathComponent("S001X.csv"))
        let output = root.appendingPathComponent("site")
        let summary = try Build(options: BuildOptions(root: root, output: output, clock: Fixtures.clock, recordsLedger: false)).run()
        let told = summary.warnings.filter { $0.contains("S001X.csv:400: skipped \(nullDay): no prices") }
        #expect(told.count == 1, "\(summary.warnings)")
        #expect(summary.symbolsOK == 6)
        let published = Fixtures.tree(output)
        lines = try String(contentsOf: data.appendingPathComponent("S002X.csv"), encoding: .utf8).split(separator: "\n").map(String.init)
        var fields = lines[299].split(separator: ",").map(String.init)
        fields[4] = "1O.5"
        lines[299] = fields.joined(separator: ",")
        Fixtures.write(lines.joined(separator: "\n") + "\n", to: data.appendingPathComponent("S002X.csv"))
        #expect {
            try Build(options: BuildOptions(root: root, output: output, clock: Fixtures.clock, recordsLedger: false)).run()
        } throws: { error in
            "\(error)".contains("content/data/S002X.csv:300: Close '1O.5' is not a number")
        }
        #expect(Fixtures.tree(output) == published)
    }
}

extension StreamingBuildTests {
    @Test("the calendar's window from a file's newest dates is the whole file's window, or nothing")
    func calendarWindowFromEnds() throws {
        let days = (0..<400).map { Day(iso: "2025-01-01")!.adding(days: $0 * 7 / 5) }
        let ends = Array(days.suffix(40))
        var answered = 0
        for keep in [1, 11, 12, 30, 40, 41] {
            for limit in [days[390], days[370], days[359], days[200], days[399].adding(days: 9)] {
                for since in [nil, days[395], days[360], days[359], days[100]] as [Day?] {
                    let whole = BuildStep.calendarWindow(days, keep: keep, through: limit, since: since, whole: true)
                    guard let fromEnds = BuildStep.calendarWindow(ends, keep: keep, through: limit, since: since, whole: false) else { continue }
                    answered += 1
                    #expect(fromEnds == whole, "keep \(keep), through \(limit), since \(String(describing: since))")
                }
            }
        }
        #expect(answered > 20)
    }
}
