import Core
import Foundation
import MarketData
@testable import Project
@testable import Publishing
import Signals
import Testing
@testable import signalpress

@Suite("Configuration: benchmark, stability, names and sectors")
struct ScreenerConfigTests {
    let head = """
    title: T
    base_url: https://x.example
    tiers:
      - { id: free, price_cents: 0, watchlists: all, features: [dashboard] }

    """

    func message(_ yaml: String) -> String {
        do { _ = try SiteConfigReader.read(head + yaml, file: "content/site.yml", watchlists: ["core"]); return "accepted" } catch { return error.description }
    }

    @Test("benchmark, min_hold_days and exit_at are read, and default to today's behaviour")
    func keys() throws {
        let plain = try SiteConfigReader.read(head, file: "content/site.yml", watchlists: ["core"])
        #expect(plain.benchmark == nil && plain.signals.minHoldDays == 1 && plain.signals.exitAt == nil && !plain.signals.hasMemory)
        let set = try SiteConfigReader.read(head + "benchmark: SPY\nsignals: { buy_at: 0.3, sell_at: -0.2, min_hold_days: 5, exit_at: 0.1 }\n",
                                            file: "content/site.yml", watchlists: ["core"])
        #expect(set.benchmark == Symbol("SPY") && set.signals.minHoldDays == 5 && set.signals.exitAt == 0.1)
    }

    @Test("a preset sets rules, weights, thresholds, hysteresis and minimum hold; a key beside it wins, and the page can say which")
    func presets() throws {
        func read(_ signals: String) throws -> SignalConfig {
            try SiteConfigReader.read(head + "signals: \(signals)\n", file: "content/site.yml", watchlists: ["core"]).signals
        }
        let balanced = try read("{ preset: balanced }")
        #expect(balanced.preset == .balanced && balanced.presetOverrides.isEmpty)
        #expect(balanced.exitAt == 0.15 && balanced.minHoldDays == 3 && balanced.hasMemory && balanced.rules.count == RuleKind.allCases.count)
        let trend = try read("{ preset: trend }")
        #expect(!trend.rules.contains { $0.kind == .rsi || $0.kind == .bollinger } && trend.minHoldDays == 5)
        #expect(trend.rules.first { $0.kind == .trend }?.weight == 1.5)
        let reverting = try read("{ preset: mean_reversion }")
        #expect(reverting.rules.map(\.kind) == [.rsi, .bollinger, .trend, .volumeSpike] && reverting.buyAt == 0.35)
        let changed = try read("{ preset: trend, min_hold_days: 2, event_days: 5, rules: [ { id: rsi } ] }")
        #expect(changed.minHoldDays == 2 && changed.exitAt == 0.1 && changed.rules.map(\.kind) == [.rsi])
        #expect(changed.presetOverrides == ["min_hold_days", "rules"])
        // A key that repeats the preset's own value is not a change.
        #expect(try read("{ preset: balanced, exit_at: 0.15, rules: [ { id: trend }, { id: ma_cross }, { id: rsi }, { id: macd }, { id: bollinger }, "
                         + "{ id: squeeze }, { id: high_low_52w }, { id: donchian }, { id: volume_spike }, { id: adx } ] }").presetOverrides.isEmpty)
        // Without a preset nothing changes for a site written before presets.
        #expect(try read("{ buy_at: 0.3 }").preset == nil && (try read("{ buy_at: 0.3 }")).exitAt == nil)
    }

    @Test("data.date_format is read, and only the two slashed orders are accepted")
    func dateFormat() throws {
        let config = try SiteConfigReader.read(head + "data: { source: files, date_format: MM/DD/YYYY }\n", file: "content/site.yml", watchlists: ["core"])
        #expect(config.data.dateFormat == .monthFirst)
        #expect(message("data: { source: files, date_format: YYYY/DD/MM }\n").contains("date_format must be DD/MM/YYYY or MM/DD/YYYY, found 'YYYY/DD/MM'"))
        // A build reads a US export with it, to the same bars.
        let root = Fixtures.project(site: Fixtures.siteYAML + "data: { source: files, date_format: MM/DD/YYYY }\n")
        let file = root.appendingPathComponent("content/data/AAAX.csv")
        let plain = try String(contentsOf: file, encoding: .utf8)
        let us = plain.split(separator: "\n").enumerated().map { index, line -> String in
            guard index > 0 else { return String(line) }
            let parts = line.split(separator: ",", maxSplits: 1)
            let date = parts[0].split(separator: "-")
            return "\(date[1])/\(date[2])/\(date[0]),\(parts[1])"
        }.joined(separator: "\n")
        try us.write(to: file, atomically: true, encoding: .utf8)
        let project = try Project.load(from: root)
        let read = try FileProvider(directory: project.dataDirectory, displayDirectory: "", root: root, dates: project.config.data.dateFormat).load(Symbol("AAAX")!)
        #expect(read.series == (try CSVReader().read(plain, file: "AAAX.csv", symbol: "AAAX")).series)
        #expect(SignalPress.run(["build", "--project", root.path, "--quiet"] + Fixtures.todayArguments) == 0)
    }

    @Test("bad values name file and line", arguments: [
        ("benchmark: 'bad symbol'\n", "content/site.yml:5:12: benchmark: invalid benchmark symbol"),
        ("signals: { min_hold_days: 0 }\n", "min_hold_days must be between 1 and 250"),
        ("signals: { exit_at: 0.5 }\n", "exit_at (0.5) must be between 0 and the smaller of buy_at (0.3) and -sell_at (0.3)"),
        ("signals: { sell_at: -0.1, exit_at: 0.2 }\n", "exit_at (0.2) must be between 0"),
        ("signals: { preset: swing }\n", "content/site.yml:5:20: signals.preset: unknown preset 'swing' (known: trend, mean_reversion, balanced)"),
        // The balanced preset's band (0.15) does not fit a buy_at of 0.1 written beside it: the error points at buy_at.
        ("signals: { preset: balanced, buy_at: 0.1 }\n", "content/site.yml:5:38: signals.buy_at: exit_at (0.15, from the preset) must be between 0"),
        ("signals: { exit_at: -0.1 }\n", "content/site.yml:5:21: signals.exit_at: exit_at (-0.1) must be"),
    ])
    func problems(yaml: String, expected: String) {
        #expect(message(yaml).contains(expected), "\(message(yaml))")
    }

    @Test("a watchlist symbol may carry a name and a sector; a plain ticker still works beside it")
    func details() throws {
        let list = try Watchlist.read("""
        title: W
        symbols:
          - { symbol: ACMX, name: Acme Holdings, sector: Industrials }
          - GLBX
          - { symbol: NRTX, sector: Consumer }
        """, id: "w", file: "content/watchlists/w.yml")
        #expect(list.symbols.map(\.value) == ["ACMX", "GLBX", "NRTX"])
        #expect(list.details[Symbol("ACMX")!]?.name == "Acme Holdings" && list.details[Symbol("ACMX")!]?.sector == "Industrials")
        #expect(list.details[Symbol("GLBX")!] == nil && list.details[Symbol("NRTX")!]?.name == nil)
        for (yaml, expected) in [("symbols: [ { name: X } ]", "content/watchlists/w.yml:2:"), ("symbols: [ { symbol: A, colour: red } ]", "unknown key"),
                                 ("symbols: [ { symbol: 'a b' } ]", "invalid symbol")] {
            do {
                _ = try Watchlist.read("title: W\n" + yaml, id: "w", file: "content/watchlists/w.yml")
                Issue.record("accepted \(yaml)")
            } catch { #expect(error.description.contains(expected), "\(error.description)") }
        }
    }

    @Test("two watchlists naming one symbol differently is an error at the second, naming the first")
    func conflictingNames() {
        let root = Fixtures.project()
        let lists = root.appendingPathComponent("content/watchlists")
        Fixtures.write("title: Core\nsymbols:\n  - { symbol: AAAX, name: Alpha }\n  - BBBX\n", to: lists.appendingPathComponent("core.yml"))
        Fixtures.write("title: Extra\nsymbols:\n  - CCCX\n  - { symbol: AAAX, name: Aleph }\n", to: lists.appendingPathComponent("extra.yml"))
        do {
            _ = try Project.load(from: root)
            Issue.record("accepted")
        } catch {
            #expect(error.description.contains("content/watchlists/extra.yml:4:1: AAAX has name 'Aleph' here but 'Alpha' in content/watchlists/core.yml"),
                    "\(error.description)")
        }
    }
}
