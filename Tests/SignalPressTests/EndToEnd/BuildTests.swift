import Build
import Core
import Foundation
import MarketData
import Testing
import Tiers
@testable import signalpress

#if canImport(FoundationXML)
import FoundationXML
#endif

@Suite("Build, end to end")
struct BuildTests {
    func build(_ root: URL, output: URL? = nil, extra: [String] = []) -> Int32 {
        var arguments = ["build", "--project", root.path, "--quiet"]
        if let output { arguments += ["--output", output.path] }
        return SignalPress.run(arguments + extra)
    }

    func text(_ url: URL) -> String { (try? String(contentsOf: url, encoding: .utf8)) ?? "" }

    @Test("a full build publishes the public tier's watchlists and every symbol somewhere")
    func fullBuild() throws {
        let root = Fixtures.project()
        #expect(build(root) == 0)
        let site = root.appendingPathComponent("site")
        let index = text(site.appendingPathComponent("index.html"))
        #expect(index.contains("href=\"symbols/AAAX/index.html\"") && index.contains("href=\"symbols/BBBX/index.html\""))
        #expect(!index.contains("CCCX") && !index.contains("DDDX"))
        #expect(index.contains("Synthetic test data."))
        for page in ["symbols/AAAX/index.html", "symbols/AAAX/sparkline.svg", "watchlists/core/index.html", "pages/methodology/index.html",
                     "reports/index.html", "404.html", "sitemap.xml", "feed.xml", "robots.txt", "_headers", "status.json", "latest.json",
                     "keys/signing.pub"] {
            #expect(FileManager.default.fileExists(atPath: site.appendingPathComponent(page).path), "\(page)")
        }
        // The free tier has no charts and is delayed by a day: its pages stop at the day before.
        #expect(!FileManager.default.fileExists(atPath: site.appendingPathComponent("symbols/AAAX/chart.svg").path))
        #expect(index.contains("Data as of 2026-11-26"))
        #expect(!FileManager.default.fileExists(atPath: site.appendingPathComponent("reports/2026-11-27").path))
        #expect(FileManager.default.fileExists(atPath: site.appendingPathComponent("reports/2026-11-26/report.md").path))
        // Paid symbols are published only inside the paid bundles.
        let pro = try BundleArchive.unzip([UInt8](Data(contentsOf: site.appendingPathComponent("bundles/pro/2026-11-27/pro-2026-11-27.zip"))))
        for symbol in ["AAAX", "BBBX", "CCCX", "DDDX"] {
            #expect(pro["symbols/\(symbol)/index.html"] != nil && pro["symbols/\(symbol)/chart.svg"] != nil)
        }
        #expect(String(decoding: pro["index.html"]!, as: UTF8.self).contains("Data as of 2026-11-27"))
        let free = try BundleArchive.unzip([UInt8](Data(contentsOf: site.appendingPathComponent("bundles/free/2026-11-27/free-2026-11-27.zip"))))
        #expect(free["symbols/CCCX/index.html"] == nil)
        // `exports`: every indicator and signal of every symbol the tier sees, as CSV and JSON.
        for symbol in ["AAAX", "CCCX"] {
            let csv = String(decoding: try #require(pro["exports/\(symbol).csv"]), as: UTF8.self)
            #expect(csv.hasPrefix("Date,sma_20,") && csv.split(separator: "\n").count == 321)
            let json = try JSONSerialization.jsonObject(with: Data(try #require(pro["exports/\(symbol).json"]))) as? [String: Any]
            #expect(json?["symbol"] as? String == symbol && json?["as_of"] as? String == "2026-11-27")
            #expect((json?["latest_indicators"] as? [String: Any])?.count == 21 && (json?["signal_changes"] as? [Any])?.isEmpty == false)
            #expect((json?["latest_signal"] as? [String: Any])?["reasons"] is [Any])
        }
        #expect(free.keys.allSatisfy { !$0.hasPrefix("exports/") })
        let symbolPage = text(site.appendingPathComponent("symbols/AAAX/index.html"))
        #expect(symbolPage.contains("RSI(14)") && symbolPage.contains("SMA(200)"))
        #expect(FileManager.default.fileExists(atPath: root.appendingPathComponent("site/README.md").path) == false)
        // The report's note and Markdown.
        let report = text(site.appendingPathComponent("reports/2026-11-26/report.md"))
        #expect(report.contains("| Symbol | Close | 1D | Signal |") && report.contains("A quiet day") && report.contains("Nothing *moved*."))
    }

    @Test("two builds of the same inputs and as-of date are byte-identical")
    func deterministic() {
        let root = Fixtures.project()
        let first = root.appendingPathComponent("out1"), second = root.appendingPathComponent("out2")
        #expect(build(root, output: first, extra: ["--as-of", "2026-11-25"]) == 0)
        #expect(build(root, output: second, extra: ["--as-of", "2026-11-25", "--jobs", "1"]) == 0)
        let a = Fixtures.tree(first), b = Fixtures.tree(second)
        #expect(a.count > 30)
        #expect(a == b)
        #expect(a["bundles/pro/2026-11-25/pro-2026-11-25.zip"] != nil)
    }

    @Test("a failing build exits 1 and leaves the previous site byte for byte", arguments: [
        ("Templates/symbol.mustache", "{{#votes}} never closed"),
        ("Templates/dashboard.mustache", "{{<layout}}{{$body}}{{noSuchValue}}{{/body}}{{/layout}}"),
        ("content/site.yml", "title: T\nbase_url: https://x.example\ncolour: blue\n"),
        ("content/data/CCCX.csv", "Date,Open,High,Low,Close\n2026-01-02,1,2,1,NaN\n"),
    ])
    func atomic(path: String, contents: String) throws {
        let root = Fixtures.project()
        Fixtures.write("# kept\n", to: root.appendingPathComponent("site/README.md"))
        #expect(build(root) == 0)
        let before = Fixtures.tree(root.appendingPathComponent("site"))
        #expect(before["README.md"] == Data("# kept\n".utf8))
        Fixtures.write(contents, to: root.appendingPathComponent(path))
        #expect(build(root) == 1)
        #expect(Fixtures.tree(root.appendingPathComponent("site")) == before)
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: root.path).filter { $0.contains("staging") || $0.contains(".old-") }
        #expect(leftovers.isEmpty)
    }

    @Test("an unknown key in site.yml is reported as content/site.yml:LINE:COL")
    func unknownKey() throws {
        let root = Fixtures.project(site: Fixtures.siteYAML + "colour: blue\n")
        #expect(throws: BuildError.self) { try Build(options: BuildOptions(root: root, output: root.appendingPathComponent("site"), clock: Fixtures.clock)).run() }
        do {
            _ = try Build(options: BuildOptions(root: root, output: root.appendingPathComponent("site"), clock: Fixtures.clock)).run()
        } catch {
            #expect("\(error)".hasPrefix("content/site.yml:7:1: unknown key 'colour'"))
        }
        #expect(build(root) == 1)
    }

    @Test("a missing template value names the template, line, column and variable")
    func missingValue() {
        let root = Fixtures.project()
        Fixtures.write("{{<layout}}{{$body}}\n<p>{{noSuchValue}}</p>{{/body}}{{/layout}}", to: root.appendingPathComponent("Templates/404.mustache"))
        do {
            _ = try Build(options: BuildOptions(root: root, output: root.appendingPathComponent("site"), clock: Fixtures.clock)).run()
            Issue.record("build succeeded")
        } catch {
            #expect("\(error)" == "Templates/404.mustache:2:4: the view has no value named 'noSuchValue'")
        }
    }

    @Test("hostile titles and notes are escaped everywhere they appear")
    func hostileInput() throws {
        let root = Fixtures.project()
        Fixtures.write("title: <script>alert(1)</script>\nsymbols: [AAAX, BBBX]\n", to: root.appendingPathComponent("content/watchlists/core.yml"))
        Fixtures.write("---\ntitle: <img src=x onerror=alert(2)>\n---\n<script>alert(3)</script> and *text*\n", to: root.appendingPathComponent("content/notes/2026-11-26.md"))
        #expect(build(root) == 0)
        var files = Fixtures.tree(root.appendingPathComponent("site"))
        for (path, data) in files where path.hasSuffix(".zip") {
            for (inner, bytes) in try BundleArchive.unzip([UInt8](data)) { files["\(path)!\(inner)"] = Data(bytes) }
        }
        var seen = 0
        for (path, data) in files where !path.hasSuffix(".zip") && !path.hasSuffix(".sig") {
            let content = String(decoding: data, as: UTF8.self)
            #expect(!content.contains("<script>alert"), "\(path)")
            #expect(!content.contains("<img src=x"), "\(path)")
            if content.contains("&lt;script&gt;alert(1)") || content.contains("\\<script\\>alert(1)") { seen += 1 }
        }
        #expect(seen >= 3)
    }

    @Test("every SVG, the feed and the sitemap parse as XML; charts stay small")
    func wellFormed() throws {
        let root = Fixtures.project(days: 2520)
        #expect(build(root) == 0)
        let site = root.appendingPathComponent("site")
        let pro = try BundleArchive.unzip([UInt8](Data(contentsOf: site.appendingPathComponent("bundles/pro/2026-11-27/pro-2026-11-27.zip"))))
        var documents = Fixtures.tree(site).filter { $0.key.hasSuffix(".svg") || $0.key.hasSuffix(".xml") }
        for (path, bytes) in pro where path.hasSuffix(".svg") { documents["pro/" + path] = Data(bytes) }
        #expect(documents.count > 10)
        for (path, data) in documents {
            let parser = XMLParser(data: data)
            #expect(parser.parse(), "\(path): \(String(describing: parser.parserError))")
        }
        let chart = try #require(pro["symbols/CCCX/chart.svg"])
        #expect(chart.count <= 80_000)
        let chartText = String(decoding: chart, as: UTF8.self)
        #expect(!chartText.contains("<script") && !chartText.contains("style=\"") && chartText.contains("<title id=\"title\">") && chartText.contains("viewBox"))
        // Its only style is the dark colour scheme.
        #expect(chartText.components(separatedBy: "<style>").count == 2 && chartText.contains("<style>@media (prefers-color-scheme:dark){"))
    }

    @Test("every internal link and image in the built site resolves to a file")
    func linksResolve() throws {
        let root = Fixtures.project()
        #expect(build(root) == 0)
        let site = root.appendingPathComponent("site")
        let pro = try BundleArchive.unzip([UInt8](Data(contentsOf: site.appendingPathComponent("bundles/pro/2026-11-27/pro-2026-11-27.zip"))))
        let trees: [[String: Data]] = [Fixtures.tree(site), pro.mapValues { Data($0) }]
        let pattern = try NSRegularExpression(pattern: "(?:href|src)=\"([^\"#]+)\"")
        var checked = 0
        for tree in trees {
            for (path, data) in tree where path.hasSuffix(".html") {
                let html = String(decoding: data, as: UTF8.self)
                for match in pattern.matches(in: html, range: NSRange(html.startIndex..., in: html)) {
                    let link = String(html[Range(match.range(at: 1), in: html)!])
                    guard !link.hasPrefix("http"), !link.hasPrefix("mailto:") else { continue }
                    let base = URL(fileURLWithPath: "/" + path).deletingLastPathComponent()
                    let target = String(URL(fileURLWithPath: link, relativeTo: base).standardizedFileURL.path.dropFirst())
                    #expect(tree[target] != nil, "\(path) links to missing \(link)")
                    checked += 1
                }
            }
        }
        #expect(checked > 100)
    }

    @Test("each tier's bundle verifies, and any changed byte is caught")
    func bundlesVerify() throws {
        let root = Fixtures.project()
        #expect(build(root, extra: ["--as-of", "2026-11-26"]) == 0 && build(root) == 0)
        let site = root.appendingPathComponent("site")
        let key = site.appendingPathComponent("keys/signing.pub").path
        for tier in ["free", "pro"] {
            let zip = site.appendingPathComponent("bundles/\(tier)/2026-11-27/\(tier)-2026-11-27.zip")
            #expect(SignalPress.run(["verify", zip.path, "--public-key", key]) == 0)
        }
        // The free bundle with its own manifest and signature, renamed to pass for pro: genuine, but not pro.
        let disguise = Fixtures.temporaryDirectory("disguise")
        for name in ["manifest.json", "manifest.sig"] {
            try FileManager.default.copyItem(at: site.appendingPathComponent("bundles/free/2026-11-27/\(name)"), to: disguise.appendingPathComponent(name))
        }
        try FileManager.default.copyItem(at: site.appendingPathComponent("bundles/free/2026-11-27/free-2026-11-27.zip"),
                                         to: disguise.appendingPathComponent("pro-2026-11-27.zip"))
        #expect(SignalPress.run(["verify", disguise.appendingPathComponent("pro-2026-11-27.zip").path, "--public-key", key]) == 1)
        // Several bundles in one run, as the Quick start's glob gives them from the second day on, or their folders;
        // one bad bundle among good ones fails the run and is named.
        let days = ["2026-11-26", "2026-11-27"].map { site.appendingPathComponent("bundles/pro/\($0)/pro-\($0).zip").path }
        let both = try Binary.capture(["verify"] + days + ["--public-key", key])
        #expect(both.status == 0 && both.output.components(separatedBy: "OK: ").count == 3, "\(both.output)")
        #expect(try Binary.capture(["verify", site.appendingPathComponent("bundles/pro/2026-11-27").path, "--public-key", key]).status == 0)
        let mixed = try Binary.capture(["verify", days[0], disguise.appendingPathComponent("pro-2026-11-27.zip").path, "--public-key", key])
        #expect(mixed.status == 1 && mixed.output.contains("OK: pro-2026-11-26.zip") && mixed.output.contains("1 of 2 bundles failed"), "\(mixed.output)")
        let folder = site.appendingPathComponent("bundles/pro/2026-11-27")
        let zip = folder.appendingPathComponent("pro-2026-11-27.zip")
        var bytes = try Data(contentsOf: zip)
        bytes[bytes.count / 2] ^= 0x01
        // As a copy of the site would be changed (a new file): the site's files are links to the sealed ones.
        try bytes.write(to: zip, options: .atomic)
        #expect(SignalPress.run(["verify", zip.path, "--public-key", key]) == 1)
        let manifest = folder.appendingPathComponent("manifest.json")
        #expect(build(root) == 0)
        var manifestBytes = try Data(contentsOf: manifest)
        manifestBytes[manifestBytes.count / 2] ^= 0x01
        try manifestBytes.write(to: manifest, options: .atomic)
        #expect(SignalPress.run(["verify", zip.path, "--public-key", key]) == 1)
        let other = Fixtures.temporaryDirectory()
        #expect(SignalPress.run(["keys", "generate", "--project", other.path]) == 0)
        #expect(build(root) == 0)
        #expect(SignalPress.run(["verify", zip.path, "--public-key", site.appendingPathComponent("keys/signing.pub").path]) == 0)
    }
}
