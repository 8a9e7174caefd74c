import Build
import Core
import Foundation
import MarketData
import Testing
@testable import signalpress

#if canImport(FoundationXML)
import FoundationXML
#endif

/// The pages subscribers read: the screener, the tearsheet, the feeds and the tags that share them.
@Suite("Reader pages, end to end")
struct ReaderPagesTests {
    static let site = Fixtures.siteYAML.replacingOccurrences(of: "{ id: pro, price_cents: 1000,",
                                                             with: "{ id: pro, price_cents: 1000, subscribe_url: \"https://buy.stripe.com/test_pro\",")
        + "benchmark: IDXX\n"

    /// The fixture project with names and sectors, AAAX in both watchlists, and a benchmark in none.
    static func project(site: String = site) -> URL {
        let root = Fixtures.project(site: site)
        let lists = root.appendingPathComponent("content/watchlists")
        Fixtures.write("title: Core\nsymbols:\n  - { symbol: AAAX, name: Alpha Corp, sector: Energy }\n  - { symbol: BBBX, sector: Tech }\n",
                       to: lists.appendingPathComponent("core.yml"))
        Fixtures.write("title: Extra\nsymbols:\n  - { symbol: CCCX, name: Gamma, sector: Tech }\n  - DDDX\n  - AAAX\n", to: lists.appendingPathComponent("extra.yml"))
        let generator = SampleData(days: 320, seed: 10, lastDay: Day(iso: "2026-11-27")!)
        Fixtures.write(CSVWriter.csv(generator.series(symbol: "IDXX")), to: root.appendingPathComponent("content/data/IDXX.csv"))
        return root
    }

    static let built: (root: URL, pro: [String: String], site: URL) = {
        let root = project()
        precondition(SignalPress.run(["build", "--project", root.path, "--quiet"]) == 0)
        let site = root.appendingPathComponent("site")
        let zip = try! Data(contentsOf: site.appendingPathComponent("bundles/pro/2026-11-27/pro-2026-11-27.zip"))
        return (root, try! BundleArchiveReader.files(zip), site)
    }()

    func text(_ path: String) -> String { (try? String(contentsOf: Self.built.site.appendingPathComponent(path), encoding: .utf8)) ?? "" }

    /// The screener's rows as (symbol, score) in page order.
    func rows(_ html: String) -> [(symbol: String, score: Double?)] {
        html.components(separatedBy: "<tr data-action=").dropFirst().map { row in
            let symbol = row.components(separatedBy: "symbols/")[1].prefix { $0 != "/" }
            let score = row.components(separatedBy: "<td class=\"num score\" data-value=\"")[1].prefix { $0 != "\"" }
            return (String(symbol), Double(score))
        }
    }

    @Test("the dashboard lists each symbol once, strongest BUY first, tagged with every watchlist it is in")
    func screenerOrder() throws {
        let dashboard = try #require(Self.built.pro["index.html"])
        let listed = rows(dashboard)
        #expect(listed.map(\.symbol).sorted() == ["AAAX", "BBBX", "CCCX", "DDDX"])
        let scores = listed.compactMap(\.score)
        #expect(scores == scores.sorted(by: >), "\(listed)")
        let aaax = dashboard.components(separatedBy: "<tr data-action=").first { $0.contains("symbols/AAAX/index.html\">AAAX") }!
        #expect(aaax.contains("data-watchlists=\"core extra\"") && aaax.contains("watchlists/core/index.html\">Core</a>")
                && aaax.contains("watchlists/extra/index.html\">Extra</a>"))
        #expect(aaax.contains("<td class=\"name\">Alpha Corp<span class=\"sector\">Energy</span></td>"))
        for column in ["1D", "1W", "1M", "3M", "YTD"] { #expect(dashboard.contains(">\(column)</th>")) }
        // Complete without script: the controls are hidden until the script shows them; the script is our own file.
        #expect(dashboard.contains("<form class=\"filters\" hidden"))
        let script = try #require(dashboard.components(separatedBy: "<script src=\"").dropFirst().first?.prefix { $0 != "\"" })
        #expect(script.hasPrefix("assets/screener.") && Self.built.pro[String(script)] != nil)
        #expect(!dashboard.contains("<script>") && !dashboard.contains(" style=\"") && !dashboard.contains(" onclick="))
        // A watchlist page is a screener of its own symbols, without the watchlist filter.
        let extra = try #require(Self.built.pro["watchlists/extra/index.html"])
        #expect(rows(extra).map(\.symbol).sorted() == ["AAAX", "CCCX", "DDDX"] && !extra.contains("data-filter=\"watchlists\""))
    }

    @Test("a charts tier's symbol page has the narrow chart, the tearsheet, the benchmark comparison and the signal changes")
    func tearsheet() throws {
        let page = try #require(Self.built.pro["symbols/CCCX/index.html"])
        #expect(page.contains("<source media=\"(max-width: 639px)\" srcset=\"chart-narrow.svg\""))
        #expect(page.contains("alt=\"CCCX closed "))
        for file in ["chart-narrow.svg", "drawdown.svg", "sharpe.svg", "monthly.svg"] {
            #expect(page.contains("src=\"\(file)\"") || page.contains("srcset=\"\(file)\""))
            #expect(Self.built.pro["symbols/CCCX/\(file)"]?.hasPrefix("<svg") == true, "\(file)")
        }
        #expect(page.contains("<h2>Against IDXX</h2>") && page.contains("Beta ") && page.contains("<th scope=\"row\">1M</th>"))
        #expect(page.contains(" signal change") && page.contains("in the last year (252 trading days)"))
        #expect(page.contains("A <strong>hit</strong> is a BUY") && page.contains(">Base rate</th>") && page.contains("<td class=\"num\">20 days</td>"))
        #expect(page.contains("<span class=\"company\">Gamma</span>"))
        // The free tier has no charts: no tearsheet, but the comparison is a table it shows too.
        let free = text("symbols/AAAX/index.html")
        #expect(!free.contains("drawdown.svg") && free.contains("<h2>Against IDXX</h2>"))
        // The benchmark is in no watchlist: it is read, but it has no page.
        #expect(Self.built.pro["symbols/IDXX/index.html"] == nil)
    }

    @Test("the Atom and JSON feeds carry each report's whole HTML, with absolute links, and the day's note title")
    func feeds() throws {
        let atom = text("feed.xml")
        #expect(XMLParser(data: Data(atom.utf8)).parse())
        #expect(atom.contains("<title>Daily report 2026-11-26: A quiet day</title>") && atom.contains("<content type=\"html\">&lt;p class=\"lead\"&gt;"))
        #expect(atom.contains("href=\"https://test.example.com/symbols/AAAX/index.html\""))
        let json = try #require(try JSONSerialization.jsonObject(with: Data(text("feed.json").utf8)) as? [String: Any])
        #expect(json["version"] as? String == "https://jsonfeed.org/version/1.1")
        #expect(json["feed_url"] as? String == "https://test.example.com/feed.json" && json["home_page_url"] as? String == "https://test.example.com/")
        let items = try #require(json["items"] as? [[String: Any]])
        #expect(items.count == atom.components(separatedBy: "<entry>").count - 1 && !items.isEmpty)
        let newest = items[0]
        #expect(newest["title"] as? String == "Daily report 2026-11-26: A quiet day")
        #expect((newest["content_html"] as? String)?.contains("<h2>Analyst note: A quiet day</h2>") == true)
        #expect((newest["content_html"] as? String)?.contains("href=\"https://test.example.com/symbols/") == true)
        #expect(newest["id"] as? String == "https://test.example.com/reports/2026-11-26/" && newest["date_published"] as? String == "2026-11-26T00:00:00Z")
        // Every page announces both feeds.
        #expect(text("index.html").contains("type=\"application/feed+json\"") && text("index.html").contains("type=\"application/atom+xml\""))
    }

    @Test("public pages carry canonical, OpenGraph and Twitter tags and a skip link; a bundle's pages no canonical address")
    func sharing() throws {
        let report = text("reports/2026-11-26/index.html")
        #expect(report.contains("<link rel=\"canonical\" href=\"https://test.example.com/reports/2026-11-26/\">"))
        #expect(report.contains("<meta property=\"og:type\" content=\"article\">") && report.contains("<meta name=\"twitter:card\" content=\"summary\">"))
        #expect(report.contains("<meta property=\"og:title\" content=\"Daily report 2026-11-26\">"))
        let body = try #require(text("index.html").components(separatedBy: "<body>\n").last)
        #expect(body.hasPrefix("<a class=\"skip\" href=\"#main\">Skip to content</a>") && body.contains("<main id=\"main\""))
        let bundled = try #require(Self.built.pro["index.html"])
        #expect(!bundled.contains("rel=\"canonical\"") && bundled.contains("og:title"))
        // The Markdown report links back with absolute addresses on the public site.
        let markdown = text("reports/2026-11-26/report.md")
        #expect(markdown.contains("Read it on the site: <https://test.example.com/reports/2026-11-26/>"))
        #expect(markdown.contains("[AAAX](<https://test.example.com/symbols/AAAX/>)"))
    }

    @Test("the 404 page works at any depth: its assets and links are root-relative, under base_url's path")
    func notFoundAnywhere() throws {
        let notFound = text("404.html")
        #expect(notFound.contains("<link rel=\"stylesheet\" href=\"/assets/style.") && notFound.contains("href=\"/index.html\""))
        #expect(!notFound.contains("href=\"assets/") && !notFound.contains("rel=\"canonical\""))
        let root = Self.project(site: Fixtures.siteYAML.replacingOccurrences(of: "https://test.example.com", with: "https://example.com/signals/"))
        #expect(SignalPress.run(["build", "--project", root.path, "--quiet"]) == 0)
        let nested = try String(contentsOf: root.appendingPathComponent("site/404.html"), encoding: .utf8)
        #expect(nested.contains("href=\"/signals/assets/style.") && nested.contains("href=\"/signals/index.html\""))
    }

    @Test("a benchmark without data fails the build with a clear error and publishes nothing")
    func missingBenchmark() throws {
        let root = Self.project(site: Fixtures.siteYAML + "benchmark: NONE\n")
        let result = try Binary.capture(["build", "--project", root.path])
        #expect(result.status == 1)
        #expect(result.output.contains("NONE"), "\(result.output)")
        #expect(!FileManager.default.fileExists(atPath: root.appendingPathComponent("site/index.html").path))
    }
}
