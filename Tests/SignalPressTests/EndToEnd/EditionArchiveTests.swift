import Core
import Foundation
import Ledger
import MarketData
import Publishing
import Testing
import Tiers
@testable import signalpress

/// Every edition stays published and unchanged: the archive of reports and bundles grows by one
/// a night, and no later build recomputes what an earlier one published.
@Suite("Edition archive")
struct EditionArchiveTests {
    /// The fixture's last 15 trading days, oldest first.
    static let nights: [Day] = {
        var days: [Day] = []
        var day = Day(iso: "2026-11-27")!
        while days.count < 15 {
            if !day.isWeekend { days.append(day) }
            day = day.adding(days: -1)
        }
        return days.reversed()
    }()

    func build(_ root: URL, asOf day: Day? = nil) {
        #expect(SignalPress.run(["build", "--project", root.path, "--quiet"] + Fixtures.todayArguments + (day.map { ["--as-of", $0.iso] } ?? [])) == 0)
    }

    /// A project built night after night over the 15 days.
    func nightly() -> URL {
        let root = Fixtures.project()
        for night in Self.nights { build(root, asOf: night) }
        return root
    }

    func editions(_ root: URL, tier: String) -> [String: Data] {
        Fixtures.tree(root.appendingPathComponent(".signalpress/editions/\(tier)")).filter { $0.key.hasSuffix(".json") && !$0.key.contains("/") && $0.key != "index.json" && !$0.key.hasSuffix(".marks.json") && !$0.key.hasSuffix(".report.json") }
    }

    @Test("15 nightly builds keep all 15 editions: every report and every bundle is still published")
    func fifteenNights() throws {
        let root = nightly()
        let site = root.appendingPathComponent("site")
        let bundles = try FileManager.default.contentsOfDirectory(atPath: site.appendingPathComponent("bundles/pro").path).sorted()
        #expect(bundles == Self.nights.map(\.iso))
        // The free tier is a day late: its reports reach back ten trading days before its first edition.
        for night in Self.nights.dropLast() {
            #expect(FileManager.default.fileExists(atPath: site.appendingPathComponent("reports/\(night)/index.html").path), "\(night)")
        }
        // Each night's bundle holds that night: its own report, not the archive's.
        for night in Self.nights {
            let bundle = try BundleArchive.unzip([UInt8](Data(contentsOf: site.appendingPathComponent("bundles/pro/\(night)/pro-\(night).zip"))))
            #expect(bundle.keys.filter { $0.hasPrefix("reports/2") }.sorted() == ["reports/\(night)/index.html", "reports/\(night)/report.md"], "\(night)")
        }
        // Every edition records each symbol's call with its reasons, and the bundle published with it.
        let latest = try JSONDecoder().decode(EditionSnapshot.self, from: try #require(editions(root, tier: "pro")["2026-11-27.json"]))
        #expect(latest.calls.map(\.symbol) == ["AAAX", "BBBX", "CCCX", "DDDX"] && latest.calls.allSatisfy { !$0.votes.isEmpty })
        let zip = try Data(contentsOf: site.appendingPathComponent("bundles/pro/2026-11-27/pro-2026-11-27.zip"))
        #expect(latest.bundle == .init(path: "bundles/pro/2026-11-27/pro-2026-11-27.zip", bytes: zip.count, sha256: Hex.sha256([UInt8](zip))))
        // Re-rendering a past report reads its small report file, never the edition with every vote.
        let store = root.appendingPathComponent(".signalpress/editions/pro")
        let full = try Data(contentsOf: store.appendingPathComponent("2026-11-20.json"))
        let report = try Data(contentsOf: store.appendingPathComponent("2026-11-20.report.json"))
        #expect(report.count < full.count && !String(decoding: report, as: UTF8.self).contains("\"votes\""))
        // Every bundle of every tier verifies against the published key.
        for tier in ["free", "pro"] {
            for night in Self.nights {
                let zip = site.appendingPathComponent("bundles/\(tier)/\(night)/\(tier)-\(night).zip").path
                #expect(SignalPress.run(["verify", zip, "--public-key", site.appendingPathComponent("keys/signing.pub").path]) == 0, "\(zip)")
            }
        }
        // Every link in the feed and the sitemap resolves to a published file.
        let published = Fixtures.tree(site)
        let base = "https://test.example.com/"
        for file in ["feed.xml", "sitemap.xml"] {
            // The feed's content is escaped HTML: its links are read as a feed reader reads them.
            let text = try String(contentsOf: site.appendingPathComponent(file), encoding: .utf8)
                .replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&amp;", with: "&")
            let links = text.components(separatedBy: base).dropFirst().map { String($0.prefix { $0 != "\"" && $0 != "<" }) }
            #expect(links.count > 15, "\(file)")
            for link in links where !link.isEmpty {
                #expect(published[link] != nil || published[link + "index.html"] != nil, "\(file): \(link)")
            }
        }
        // The feed carries the newest 30 reports at most.
        let feed = try String(contentsOf: site.appendingPathComponent("feed.xml"), encoding: .utf8)
        #expect(feed.components(separatedBy: "<entry>").count - 1 == min(30, published.keys.filter { $0.hasPrefix("reports/2") && $0.hasSuffix("/index.html") }.count))
        // Small reports: every entry carries the whole report (the budget is tested in ReportFeedsTests).
        let entries = feed.components(separatedBy: "<entry>").dropFirst()
        #expect(entries.count > 10 && entries.allSatisfy { $0.contains("<content type=\"html\">") })
    }

    @Test("a revised bar changes no sealed edition, report or bundle, the newest included; the build names the day")
    func revisedHistory() throws {
        let root = nightly()
        let site = root.appendingPathComponent("site")
        let before = editions(root, tier: "pro"), pages = Fixtures.tree(site), bundles = Fixtures.tree(site.appendingPathComponent("bundles"))
        // The provider revises a bar in the middle of the archive, and the last close.
        let file = root.appendingPathComponent("content/data/AAAX.csv")
        var lines = try String(contentsOf: file, encoding: .utf8).split(separator: "\n").map(String.init)
        // Ten trading days back, and the last bar.
        for index in [lines.count - 11, lines.count - 1] {
            var fields = lines[index].split(separator: ",").map(String.init)
            fields[4] = String(format: "%.2f", Double(fields[2])!)
            lines[index] = fields.joined(separator: ",")
        }
        Fixtures.write(lines.joined(separator: "\n") + "\n", to: file)
        let result = try Binary.capture(["build", "--project", root.path])
        #expect(result.status == 0 && result.output.contains("2026-11-27 (pro) is sealed, and its data has changed since (AAAX close"), "\(result.output)")
        #expect(editions(root, tier: "pro") == before)
        #expect(Fixtures.tree(site.appendingPathComponent("bundles")) == bundles)
        let now = Fixtures.tree(site)
        for (path, data) in pages where path.hasPrefix("reports/2") { #expect(now[path] == data, "\(path) changed") }
        // One artifact per tier and day in the ledger: the same bytes were published again.
        let ledger = try LedgerStore(path: root.appendingPathComponent(".signalpress/ledger.sqlite").path, clock: Fixtures.clock)
        #expect(try ledger.artifacts().filter { $0.date == "2026-11-27" }.count == 2)
    }

    @Test("a note edited after its report was published changes nothing there, and the build says so")
    func frozenNoteEdit() throws {
        let root = nightly()
        Fixtures.write("---\ntitle: A quiet day\n---\nRewritten afterwards.\n", to: root.appendingPathComponent("content/notes/2026-11-26.md"))
        let result = try Binary.capture(["build", "--project", root.path])
        #expect(result.output.contains("content/notes/2026-11-26.md: changed after the report of 2026-11-26 was published"), "\(result.output)")
        // Every tier's report of the 26th was sealed when it was published: the free tier's too, though it is its newest.
        let pro = try BundleArchive.unzip([UInt8](Data(contentsOf: root.appendingPathComponent("site/bundles/pro/2026-11-26/pro-2026-11-26.zip"))))
        #expect(String(decoding: try #require(pro["reports/2026-11-26/index.html"]), as: UTF8.self).contains("Nothing <em>moved</em>."))
        #expect(try String(contentsOf: root.appendingPathComponent("site/reports/2026-11-26/index.html"), encoding: .utf8).contains("Nothing <em>moved</em>."))
    }

    @Test("a new night changes one past report page: the one that gains a link to the new report")
    func pastReportsStayPut() throws {
        let root = Fixtures.project()
        for night in Self.nights.dropLast() { build(root, asOf: night) }
        let reports = { Fixtures.tree(root.appendingPathComponent("site")).filter { $0.key.hasPrefix("reports/2") } }
        let before = reports()
        build(root, asOf: Self.nights.last!)
        let after = reports()
        let changed = Set(after.keys.filter { before[$0] != after[$0] })
        // The public tier is a day late: its newest report was the 25th, and the 26th is new.
        #expect(changed == ["reports/2026-11-25/index.html", "reports/2026-11-26/index.html", "reports/2026-11-26/report.md"], "\(changed.sorted())")
        #expect(String(decoding: after["reports/2026-11-25/index.html"]!, as: UTF8.self).contains("rel=\"next\">Next report: 2026-11-26"))
    }

    @Test("rm -rf site/ and build gives back the same site byte for byte, past bundles included")
    func rebuildFromTheArchive() throws {
        let root = nightly()
        let site = root.appendingPathComponent("site")
        let published = Fixtures.tree(site)
        try FileManager.default.removeItem(at: site)
        build(root)
        #expect(Fixtures.tree(site) == published)
    }

    @Test("a theme change reaches every report of the archive, and no edition changes")
    func themeReachesTheArchive() throws {
        let root = Fixtures.project()
        for night in Self.nights.dropLast() { build(root, asOf: night) }
        let before = editions(root, tier: "pro")
        let template = root.appendingPathComponent("Templates/report.mustache")
        Fixtures.write(String(decoding: Theme.defaults.files["report.mustache"]!, as: UTF8.self) + "<!-- new theme -->\n", to: template)
        build(root)
        // Every report on the site is in the new theme, and the next night's bundle; no sealed edition changed.
        #expect(editions(root, tier: "pro").filter { $0.key != "2026-11-27.json" } == before)
        for night in Self.nights.dropLast() {
            let page = try String(contentsOf: root.appendingPathComponent("site/reports/\(night)/index.html"), encoding: .utf8)
            #expect(page.contains("<!-- new theme -->"), "\(night)")
        }
        let pro = try BundleArchive.unzip([UInt8](Data(contentsOf: root.appendingPathComponent("site/bundles/pro/2026-11-27/pro-2026-11-27.zip"))))
        #expect(String(decoding: try #require(pro["reports/2026-11-27/index.html"]), as: UTF8.self).contains("<!-- new theme -->"))
    }
}

@Suite("Backfill")
struct BackfillTests {
    @Test("backfill publishes one edition per trading day; killed midway, a second run finishes it and records nothing twice")
    func resumesAfterKill() throws {
        let root = Fixtures.project()
        let project = ["--project", root.path]
        #expect(try Binary.capture(["subscribers", "add", "--id", "alice", "--email", "alice@example.com", "--tier", "pro"] + project).status == 0)
        let days = EditionArchiveTests.nights
        let kept = root.appendingPathComponent(".signalpress/editions/pro/bundles")
        let first = try Binary.start(["backfill", "--from", days[0].iso] + project)
        for _ in 0..<600 where first.isRunning && ((try? FileManager.default.contentsOfDirectory(atPath: kept.path))?.count ?? 0) < 3 { usleep(20_000) }
        kill(first.processIdentifier, SIGKILL)
        first.reap()
        let partial = (try? FileManager.default.contentsOfDirectory(atPath: kept.path))?.count ?? 0
        #expect(partial >= 3 && partial < days.count, "killed after \(partial) days")

        let second = try Binary.capture(["backfill", "--from", days[0].iso] + project)
        #expect(second.status == 0 && second.output.contains("15 trading days from \(days[0].iso): "), "\(second.output)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: kept.path).sorted() == days.map(\.iso))
        let site = root.appendingPathComponent("site")
        #expect(try FileManager.default.contentsOfDirectory(atPath: site.appendingPathComponent("bundles/pro").path).sorted() == days.map(\.iso))
        // One delivery to alice per published day, however many times a day was built.
        let ledger = try LedgerStore(path: root.appendingPathComponent(".signalpress/ledger.sqlite").path, clock: Fixtures.clock)
        let deliveries = try ledger.events().filter { $0.event.event == .delivered && $0.event.subscriber == "alice" }
        #expect(deliveries.count == days.count, "\(deliveries.count) deliveries for \(days.count) days")

        // Done is done: a third run builds nothing; a range inside the archive, also nothing.
        #expect(try Binary.capture(["backfill", "--from", days[0].iso] + project).output.contains("15 already published, 0 to build"))
        #expect(try Binary.capture(["backfill", "--from", "2026-11-30"] + project).output.contains("0 trading days"))
        #expect(try Binary.capture(["backfill", "--from", "2026-11-27", "--to", "2026-11-20"] + project).status == 2)
    }
}

@Suite("Archive retention and index")
struct ArchiveRetentionTests {
    @Test("archive.keep_days leaves older editions out of the site and says how to publish them again; all restores the same site")
    func retention() throws {
        let root = EditionArchiveTests().nightly()
        let site = root.appendingPathComponent("site")
        let everything = Fixtures.tree(site)
        let siteFile = root.appendingPathComponent("content/site.yml")
        Fixtures.write(Fixtures.siteYAML + "archive: { keep_days: 5 }\n", to: siteFile)
        let trimmed = try Binary.capture(["build", "--project", root.path])
        #expect(trimmed.status == 0 && trimmed.output.contains("stay in .signalpress/editions but are not published"), "\(trimmed.output)")
        let reports = try FileManager.default.contentsOfDirectory(atPath: site.appendingPathComponent("reports").path).filter { $0.hasPrefix("2") }
        #expect(reports.count == 5 && reports.sorted().last == "2026-11-26", "\(reports.sorted())")
        #expect(try FileManager.default.contentsOfDirectory(atPath: site.appendingPathComponent("bundles/pro").path).sorted()
            == EditionArchiveTests.nights.suffix(5).map(\.iso))
        #expect(try FileManager.default.contentsOfDirectory(atPath: root.appendingPathComponent(".signalpress/editions/pro/bundles").path).count == 15)
        Fixtures.write(Fixtures.siteYAML + "archive: { keep_days: all }\n", to: siteFile)
        #expect(try Binary.capture(["build", "--project", root.path]).status == 0)
        #expect(Fixtures.tree(site) == everything)
        Fixtures.write(Fixtures.siteYAML + "archive: { keep_days: 0 }\n", to: siteFile)
        #expect(try Binary.capture(["build", "--project", root.path]).output.contains("keep_days must be all, or a number"))
    }

    @Test("the reports index is paged by 50, newest first; the sitemap lists every published page with its lastmod")
    func pagedIndexAndSitemap() throws {
        let root = Fixtures.project()
        let backfill = try Binary.capture(["backfill", "--project", root.path, "--from", "2026-10-01"])
        #expect(backfill.status == 0, "\(backfill.output)")
        let site = root.appendingPathComponent("site")
        let days = try FileManager.default.contentsOfDirectory(atPath: site.appendingPathComponent("reports").path).filter { $0.hasPrefix("2") }.sorted(by: >)
        #expect(days.count > 50 && days.count <= 100, "\(days.count) report days")
        let first = try String(contentsOf: site.appendingPathComponent("reports/index.html"), encoding: .utf8)
        let second = try String(contentsOf: site.appendingPathComponent("reports/page/2/index.html"), encoding: .utf8)
        #expect(days.prefix(50).allSatisfy { first.contains("reports/\($0)/index.html") } && !first.contains("reports/\(days[50])/index.html"))
        #expect(days.dropFirst(50).allSatisfy { second.contains("reports/\($0)/index.html") })
        #expect(first.contains("href=\"../reports/page/2/index.html\">Older reports") && second.contains("href=\"../../../reports/index.html\">Newer reports"),
                "\(first.suffix(600))")
        #expect(!FileManager.default.fileExists(atPath: site.appendingPathComponent("reports/page/3").path))
        let sitemap = try String(contentsOf: site.appendingPathComponent("sitemap.xml"), encoding: .utf8)
        for day in days { #expect(sitemap.contains("/reports/\(day)/</loc><lastmod>\(day)</lastmod>"), "\(day)") }
        #expect(sitemap.contains("<loc>https://test.example.com/</loc><lastmod>2026-11-26</lastmod>"))
        #expect(sitemap.contains("/reports/page/2/</loc>"))
    }
}

@Suite("Track record")
struct TrackRecordTests {
    @Test("every call's closes, return, days held and verdict match a direct computation from the CSV files")
    func matchesTheData() throws {
        let root = EditionArchiveTests().nightly()
        let site = root.appendingPathComponent("site")
        let pro = try BundleArchive.unzip([UInt8](Data(contentsOf: site.appendingPathComponent("bundles/pro/2026-11-27/pro-2026-11-27.zip"))))
        let json = try #require(pro["track-record.json"])
        let record = try JSONDecoder().decode(TrackRecord.self, from: Data(json))
        #expect(record.tier == "pro" && record.asOf == "2026-11-27")
        #expect(!record.calls.isEmpty, "the fixture's editions hold calls")
        var closes: [String: [(day: String, close: Double)]] = [:]
        for symbol in ["AAAX", "BBBX", "CCCX", "DDDX"] {
            let text = try String(contentsOf: root.appendingPathComponent("content/data/\(symbol).csv"), encoding: .utf8)
            closes[symbol] = text.split(separator: "\n").dropFirst().map { line in
                let fields = line.split(separator: ",")
                return (String(fields[0]), Double(fields[4])!)
            }
        }
        for call in record.calls {
            let bars = try #require(closes[call.symbol])
            let start = try #require(bars.firstIndex { $0.day == call.date }), end = try #require(bars.firstIndex { $0.day == call.endDate })
            #expect(bars[start].close == call.close && bars[end].close == call.endClose, "\(call)")
            let change = bars[end].close / bars[start].close - 1
            #expect(abs(call.return - (call.action == "SELL" ? -change : change)) < 1e-12 && abs(call.buyAndHoldReturn - change) < 1e-12, "\(call)")
            #expect(call.right == (call.return > 0) && call.daysHeld == end - start, "\(call)")
            #expect(call.endedBy == "open" ? call.endDate == "2026-11-27" : true)
        }
        // Per symbol and per watchlist, the summaries are those of the calls listed.
        for summary in record.symbols {
            let calls = record.calls.filter { $0.symbol == summary.name }
            let live = calls.filter(\.publishedLive)
            #expect(summary.calls == live.count && summary.notPublishedLive == calls.count - live.count && summary.hits == live.filter(\.right).count)
        }
        #expect(record.watchlists.map(\.name) == ["core", "extra"]
            && record.watchlists.map { $0.calls + $0.notPublishedLive }.reduce(0, +) == record.calls.count)
        // Built night by night with the clock on the 27th: the nights more than five days before were made after the fact.
        #expect(record.calls.allSatisfy { $0.publishedLive == ($0.date >= "2026-11-23") } && record.calls.contains { !$0.publishedLive },
                "\(record.calls.map { ($0.date, $0.publishedLive) })")
        #expect(record.method.closeOn == "hold" && record.method.disclosure.hasPrefix("Hypothetical results, before costs"))
        // Each call names the bundle its edition was published in, as the signed manifest has it.
        #expect(record.calls.contains { $0.editionSHA256 != nil && $0.date != "2026-11-27" }, "\(record.calls.map(\.date))")
        for call in record.calls where call.editionSHA256 != nil && call.date != "2026-11-27" {
            let manifest = try String(contentsOf: site.appendingPathComponent("bundles/pro/\(call.date)/manifest.json"), encoding: .utf8)
            #expect(manifest.contains(call.editionSHA256!), "\(call.date)")
        }
        let page = String(decoding: try #require(pro["track-record/index.html"]), as: UTF8.self)
        #expect(page.contains("<h1>Track record</h1>") && record.calls.allSatisfy { page.contains(">\($0.symbol)<") })
        // The page names watchlists by their titles (the JSON keeps their ids).
        #expect(page.contains("<th scope=\"row\">Core</th>") && page.contains("<th scope=\"row\">Extra</th>") && !page.contains("<th scope=\"row\">core</th>"))
    }
}
