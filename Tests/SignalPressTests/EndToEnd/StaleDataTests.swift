import Build
import Core
import Foundation
import MarketData
import Testing
import Tiers

/// What real data does to a nightly build: a series that stopped, a holiday on one exchange,
/// notes dated on a weekend or in the future.
@Suite("Stale series, holidays and notes")
struct StaleDataTests {
    /// Rewrites `symbol`'s file without its last `days` bars.
    func truncate(_ root: URL, _ symbol: String, dropping days: Int) throws {
        let file = root.appendingPathComponent("content/data/\(symbol).csv")
        let series = try CSVReader().read(String(contentsOf: file, encoding: .utf8), file: "x", symbol: symbol).series
        Fixtures.write(CSVWriter.csv(series.prefix(series.count - days)), to: file)
    }

    func text(_ root: URL, _ path: String) throws -> String {
        try String(contentsOf: root.appendingPathComponent("site/\(path)"), encoding: .utf8)
    }

    @Test("a series that stopped weeks ago is stale: named in the summary, marked, left out of the totals, and --strict fails")
    func staleSeries() throws {
        let root = Fixtures.project()
        try truncate(root, "DDDX", dropping: 30)
        let output = root.appendingPathComponent("site")
        let summary = try Build(options: BuildOptions(root: root, output: output, clock: Fixtures.clock)).run()
        #expect(summary.symbolsStale == 1 && summary.warnings.contains { $0.hasPrefix("DDDX is stale: its last bar is") })
        let zip = try Data(contentsOf: output.appendingPathComponent("bundles/pro/2026-11-27/pro-2026-11-27.zip"))
        let files = try BundleArchiveReader.files(zip)
        let dashboard = files["index.html"] ?? ""
        #expect(dashboard.contains("DDDX</a> <span class=\"stale\""))
        // Three symbols counted, not four.
        let report = files["reports/2026-11-27/report.md"] ?? ""
        let totals = report.split(separator: "\n").first { $0.contains(" BUY, ") && $0.contains(" SELL across ") }.map(String.init) ?? ""
        let numbers = totals.split(whereSeparator: { !$0.isNumber }).compactMap { Int($0) }
        #expect(numbers.count >= 3 && numbers[0] + numbers[1] + numbers[2] == 3, "\(totals)")
        #expect(report.contains("| [DDDX](<../../symbols/DDDX/index.html>) (stale) |"))
        #expect(files["reports/2026-11-27/index.html"]?.contains("DDDX</a> <span class=\"stale\"") == true)
        #expect(files["symbols/DDDX/index.html"]?.contains("<p class=\"stale\">Stale data: its last bar is") == true)
        #expect(files["feed.xml"]?.contains("1 stale symbol left out") == true)

        let before = Fixtures.tree(output)
        try FileManager.default.removeItem(at: root.appendingPathComponent(".signalpress/build-state.json"))
        #expect(throws: BuildError.self) { try Build(options: BuildOptions(root: root, output: output, clock: Fixtures.clock, strict: true)).run() }
        #expect(Fixtures.tree(output) == before)
    }

    @Test("a feed that died a week ago is stale for every symbol, measured from the build's day and not the data's; --strict fails")
    func deadFeed() throws {
        // The data ends on Friday 2026-11-27; the build is a week later, on Saturday 2026-12-05,
        // whose expected session is Friday 2026-12-04.
        let root = Fixtures.project()
        let output = root.appendingPathComponent("site")
        let later = Clock(today: Day(iso: "2026-12-05")!)
        let before = Fixtures.tree(output)
        #expect(throws: BuildError.self) { try Build(options: BuildOptions(root: root, output: output, clock: later, strict: true)).run() }
        #expect(Fixtures.tree(output) == before)
        var options = BuildOptions(root: root, output: output, clock: later)
        options.metricsClock = later
        let summary = try Build(options: options).run()
        #expect(summary.asOf.iso == "2026-11-27" && summary.symbolsStale == summary.symbolsOK + summary.symbolsStale && summary.symbolsStale == 4)
        #expect(summary.warnings.contains("AAAX is stale: its last bar is 2026-11-27, more than 5 days before 2026-12-04"), "\(summary.warnings)")
        let metrics = try String(contentsOf: root.appendingPathComponent(".signalpress/metrics.prom"), encoding: .utf8)
        #expect(metrics.contains("signalpress_symbols{state=\"stale\"} 4"))
        // The free tier, a day behind, expects Thursday's session: as dead.
        #expect(try text(root, "index.html").contains("<span class=\"stale\""))
        // On the data's own night nothing is stale.
        #expect(try Build(options: BuildOptions(root: root, output: output, clock: Fixtures.clock)).run().symbolsStale == 0)
    }

    @Test("with data.calendar: XNYS the expected session is the exchange's: Thanksgiving is none, and a missing session is stale at once")
    func exchangeCalendar() throws {
        let root = Fixtures.project(site: Fixtures.siteYAML + "data: { calendar: XNYS }\n")
        for symbol in ["AAAX", "BBBX", "CCCX", "DDDX"] { try truncate(root, symbol, dropping: 2) }
        let output = root.appendingPathComponent("site")
        // Thanksgiving night: the data ends on Wednesday, the last session.
        let thanksgiving = try Build(options: BuildOptions(root: root, output: output, clock: Clock(today: Day(iso: "2026-11-26")!))).run()
        #expect(thanksgiving.symbolsStale == 0 && thanksgiving.asOf.iso == "2026-11-25")
        // Monday night, two sessions later (the Friday and the Monday): stale at once, where the
        // weekday rule's five days of grace would not see it yet.
        let monday = Clock(today: Day(iso: "2026-11-30")!)
        let summary = try Build(options: BuildOptions(root: root, output: output, clock: monday)).run()
        #expect(summary.symbolsStale == 4 && summary.warnings.contains("AAAX is stale: its last bar is 2026-11-25; the XNYS session of 2026-11-30 is missing"),
                "\(summary.warnings)")
        #expect(throws: BuildError.self) { try Build(options: BuildOptions(root: root, output: output, clock: monday, strict: true)).run() }
    }

    @Test("a watchlist on another exchange has that exchange's sessions: on Thanksgiving London trades and New York does not")
    func watchlistCalendar() throws {
        let root = Fixtures.project(site: Fixtures.siteYAML + "data: { calendar: XNYS }\n")
        Fixtures.write("title: Extra\ncalendar: XLON\nsymbols: [CCCX, DDDX]\n", to: root.appendingPathComponent("content/watchlists/extra.yml"))
        for symbol in ["AAAX", "BBBX", "CCCX", "DDDX"] { try truncate(root, symbol, dropping: 2) }
        let summary = try Build(options: BuildOptions(root: root, output: root.appendingPathComponent("site"), clock: Clock(today: Day(iso: "2026-11-26")!))).run()
        #expect(summary.symbolsStale == 2, "\(summary.warnings)")
        #expect(summary.warnings.contains("CCCX is stale: its last bar is 2026-11-25; the XLON session of 2026-11-26 is missing"), "\(summary.warnings)")
        #expect(!summary.warnings.contains { $0.hasPrefix("AAAX is stale") || $0.hasPrefix("BBBX is stale") })
        Fixtures.write("title: Extra\ncalendar: XJPX\nsymbols: [CCCX, DDDX]\n", to: root.appendingPathComponent("content/watchlists/extra.yml"))
        #expect(throws: BuildError.self) { try Build(options: BuildOptions(root: root, output: root.appendingPathComponent("site"), clock: Fixtures.clock)).run() }
    }

    @Test("a symbol one holiday behind is not stale, and shows no move for the day it did not trade")
    func holiday() throws {
        let root = Fixtures.project()
        try truncate(root, "CCCX", dropping: 1)
        let summary = try Build(options: BuildOptions(root: root, output: root.appendingPathComponent("site"), clock: Fixtures.clock)).run()
        #expect(summary.symbolsStale == 0)
        let zip = try Data(contentsOf: root.appendingPathComponent("site/bundles/pro/2026-11-27/pro-2026-11-27.zip"))
        let dashboard = try BundleArchiveReader.files(zip)["index.html"] ?? ""
        let row = dashboard.components(separatedBy: "<tr>").first { $0.contains(">CCCX</a>") } ?? ""
        #expect(!row.isEmpty && !row.contains("class=\"stale\"") && row.contains(">n/a<"), "\(row)")
    }

    @Test("a note dated on a Sunday goes with Monday's report; one dated after the build waits, said in the summary")
    func noteScheduling() throws {
        let root = Fixtures.project()
        Fixtures.write("---\ntitle: Weekend thoughts\n---\nWritten on *Sunday*.\n", to: root.appendingPathComponent("content/notes/2026-11-22.md"))
        Fixtures.write("---\ntitle: Next week\n---\nNot yet.\n", to: root.appendingPathComponent("content/notes/2026-12-01.md"))
        let summary = try Build(options: BuildOptions(root: root, output: root.appendingPathComponent("site"), clock: Fixtures.clock)).run()
        #expect(try text(root, "reports/2026-11-23/index.html").contains("Weekend thoughts"))
        #expect(summary.notices.contains("1 note scheduled for 2026-12-01"))
    }

    @Test("a symbol without volume shows n/a for OBV and MFI, never 0")
    func noVolume() throws {
        let root = Fixtures.project()
        let file = root.appendingPathComponent("content/data/AAAX.csv")
        var series = try CSVReader().read(String(contentsOf: file, encoding: .utf8), file: "x", symbol: "AAAX").series
        series.volume = series.volume.map { $0.map { _ in 0 } }
        Fixtures.write(CSVWriter.csv(series), to: file)
        let summary = try Build(options: BuildOptions(root: root, output: root.appendingPathComponent("site"), clock: Fixtures.clock)).run()
        #expect(summary.warnings.contains { $0.contains("Volume is 0 on every row") })
        let zip = try Data(contentsOf: root.appendingPathComponent("site/bundles/pro/2026-11-27/pro-2026-11-27.zip"))
        let page = try BundleArchiveReader.files(zip)["symbols/AAAX/index.html"] ?? ""
        #expect(page.contains("MFI 14") && page.contains("n/a (no volume)"))
    }

    @Test("a day whose Volume cell is empty builds, and the symbol page says its OBV and MFI are n/a for want of volume")
    func missingVolumeCell() throws {
        let root = Fixtures.project()
        let file = root.appendingPathComponent("content/data/AAAX.csv")
        var lines = try String(contentsOf: file, encoding: .utf8).split(separator: "\n").map(String.init)
        lines[lines.count - 1] = lines[lines.count - 1].split(separator: ",", omittingEmptySubsequences: false).dropLast().joined(separator: ",") + ","
        Fixtures.write(lines.joined(separator: "\n") + "\n", to: file)
        let summary = try Build(options: BuildOptions(root: root, output: root.appendingPathComponent("site"), clock: Fixtures.clock)).run()
        #expect(summary.warnings.contains { $0.contains("AAAX.csv:\(lines.count): Volume is empty on 1 row") }, "\(summary.warnings)")
        let zip = try Data(contentsOf: root.appendingPathComponent("site/bundles/pro/2026-11-27/pro-2026-11-27.zip"))
        let files = try BundleArchiveReader.files(zip)
        let page = files["symbols/AAAX/index.html"] ?? ""
        #expect(page.components(separatedBy: "n/a (volume missing)").count - 1 == 2, "OBV and MFI")
        // No NaN reaches a page or a chart.
        for path in ["symbols/AAAX/index.html", "symbols/AAAX/chart.svg", "index.html"] {
            #expect(files[path].map { !$0.contains("NaN") && !$0.contains("nan ") && !$0.contains(">nan") && !$0.contains("\"nan") } == true, "\(path)")
        }
    }
}

/// The files of a bundle as text, for assertions.
enum BundleArchiveReader {
    static func files(_ zip: Data) throws -> [String: String] {
        try BundleArchive.unzip([UInt8](zip)).mapValues { String(decoding: $0, as: UTF8.self) }
    }
}
