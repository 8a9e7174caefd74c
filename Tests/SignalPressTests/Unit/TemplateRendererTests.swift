import Foundation
import Mustache
@testable import Project
@testable import Publishing
import Testing

/// Small typed views, as the site's own are.
private struct Card: TemplateView {
    let name: String
    var nickname: String?
}

private struct Name: TemplateView { let name: String }

private struct Item: TemplateView { let label: String }

private struct List: TemplateView {
    let items: [Item]
}

private struct Root: TemplateView { let root: String }

private struct Value: TemplateView { let v: String }

private struct WatchlistNavigation: TemplateView { let navWatchlists: [WatchlistLink] }

@Suite("Templates")
struct TemplateRendererTests {
    func theme(_ files: [String: String]) -> Theme {
        var theme = Theme.defaults
        for (path, text) in files {
            theme.files[path] = Array(text.utf8)
            theme.origins[path] = "Templates/\(path)"
        }
        return theme
    }

    @Test("a value the view lacks fails with template, line, column and the name")
    func missingVariable() throws {
        let renderer = try TemplateRenderer(theme: theme(["card.mustache": "<p>\n  {{name}} {{nickname}}</p>\n"]))
        #expect(try renderer.render("card", Card(name: "A", nickname: "B")) == "<p>\n  A B</p>\n")
        // A view's optional that is nil is there and empty, not missing.
        #expect(try renderer.render("card", Card(name: "A", nickname: nil)) == "<p>\n  A </p>\n")
        #expect(throws: ConfigError(file: "Templates/card.mustache", line: 2, column: 12, message: "the view has no value named 'nickname'")) {
            try renderer.render("card", Name(name: "A"))
        }
    }

    @Test("names inside sections resolve through the stack; only names missing everywhere fail")
    func sections() throws {
        let renderer = try TemplateRenderer(theme: theme(["list.mustache": "{{#items}}{{label}}@{{root}};{{/items}}{{^items}}none{{/items}}"]))
        #expect(try renderer.render("list", List(items: [Item(label: "a"), Item(label: "b")]), Root(root: "/")) == "a@/;b@/;")
        #expect(try renderer.render("list", List(items: []), Root(root: "/")) == "none")
        #expect(throws: ConfigError.self) { try renderer.render("list", List(items: [Item(label: "a")])) }
    }

    @Test("the track record's rows as one piece of HTML are the bytes the callRows loop renders")
    func trackRecordRows() throws {
        let renderer = try TemplateRenderer(theme: theme(["loop.mustache": "{{#callRows}}{{{html}}}{{/callRows}}", "joined.mustache": "{{{callRowsHTML}}}"]))
        var view = TrackRecordView(TrackRecord(tier: "pro", watchlists: [], editions: [TrackRecord.Edition]()))
        #expect(try renderer.render("joined", view) == "")
        for row in ["<tr><td>A & B</td></tr>\n", "<tr><td>\"C\"</td></tr>\n", "", "<tr><td>é</td></tr>\n"] { view.append(row: row.utf8) }
        let joined = try renderer.render("joined", view)
        #expect(joined == (try renderer.render("loop", view)))
        #expect(joined == "<tr><td>A & B</td></tr>\n<tr><td>\"C\"</td></tr>\n<tr><td>é</td></tr>\n")
        #expect(view.callRows.map(\.html) == ["<tr><td>A & B</td></tr>\n", "<tr><td>\"C\"</td></tr>\n", "", "<tr><td>é</td></tr>\n"])
    }

    @Test("the layout's watchlist links, rendered once a page, are the bytes the navWatchlists loop renders")
    func watchlistNavigation() throws {
        let loop = "{{#navWatchlists}}<a href=\"{{root}}watchlists/{{id}}/index.html\">{{title}}</a>\n{{/navWatchlists}}"
        let renderer = try TemplateRenderer(theme: theme(["nav.mustache": loop]))
        let links = [WatchlistLink(id: "core", title: "Core"), WatchlistLink(id: "r&d", title: "Growth & \"Value\" <EU> 'x'"),
                     WatchlistLink(id: "ünï", title: "Énergie")]
        for root in ["", "../", "../../", "/a'b&c/"] {
            let rendered = try renderer.render("nav", Root(root: root), WatchlistNavigation(navWatchlists: links))
            #expect(WatchlistLink.navigation(links, root: root) == rendered)
            #expect(rendered.contains("&amp;") && rendered.components(separatedBy: "</a>\n").count == 4)
        }
        #expect(WatchlistLink.navigation([], root: "../") == "")
    }

    @Test("a template that does not parse is named with its line and column, as Mustache reads the theme's file")
    func parseError() {
        for source in ["line one\n{{#open}} never closed\n", "{{/stray}}", "a\nb\n  {{#x}}{{/y}}"] {
            var expected: (line: Int, column: Int)?
            do { _ = try MustacheTemplate(string: source) } catch let error as MustacheTemplate.ParserError {
                expected = (error.context.lineNumber, error.context.columnNumber)
            } catch {}
            #expect {
                _ = try TemplateRenderer(theme: theme(["broken.mustache": source]))
            } throws: { error in
                guard let error = error as? ConfigError else { return false }
                return error.file == "Templates/broken.mustache" && error.message.contains("does not parse")
                    && error.line == expected?.line && error.column == expected?.column
            }
        }
    }

    @Test("values are escaped exactly as Mustache's own HTML escape does, and a template's first line is kept as written")
    func escapeAsMustache() throws {
        let renderer = try TemplateRenderer(theme: theme(["t.mustache": "{{v}}", "s.mustache": "{{#items}}\n{{label}}\n{{/items}}\n"]))
        let alphabet = Array("ab <>&\"'é€😀\n\t=;#/")
        var generator = SystemRandomNumberGenerator()
        for length in 0..<300 {
            let text = String((0..<length % 40).map { _ in alphabet.randomElement(using: &generator)! })
            let mustache = try MustacheTemplate(string: "{{v}}").render(Value(v: text))
            #expect(try renderer.render("t", Value(v: text)) == mustache, "\(text)")
        }
        // A standalone tag on the theme's first line still takes its line break with it.
        #expect(try renderer.render("s", List(items: [Item(label: "a"), Item(label: "b")])) == "a\nb\n")
    }

    @Test("HTML templates escape values; the Markdown report does not but its values are sanitised")
    func escaping() throws {
        let renderer = try TemplateRenderer(theme: theme(["t.mustache": "{{v}}|{{{v}}}", "m.md.mustache": "{{%CONTENT_TYPE:TEXT}}{{v}}"]))
        #expect(try renderer.render("t", Value(v: "<script>\"&'")) == "&lt;script&gt;&quot;&amp;&#39;|<script>\"&'")
        #expect(try renderer.render("m.md", Value(v: "a|b")) == "a|b")
        #expect(Escaping.markdown("a|b *c* <x>") == "a\\|b \\*c\\* &lt;x&gt;")
        // A watchlist titled "Growth & Europe" is a heading that reads as written, not "Growth &amp; Europe".
        #expect(Escaping.markdown("Growth & Europe") == "Growth & Europe")
        #expect(Escaping.markdown("AT&T; &copy; &#169;") == "AT\\&T; \\&copy; \\&\\#169;")
        #expect(Escaping.xml("<a href='x'>&</a>") == "&lt;a href=&apos;x&apos;&gt;&amp;&lt;/a&gt;")
        #expect(Escaping.json("\"<\n") == "\\\"\\u003c\\n")
    }
}

/// The row types that answer names themselves (for speed) answer every name they hold.
@Suite("Template views")
struct TemplateViewTests {
    func labels(_ value: Any) -> [String] { Mirror(reflecting: value).children.compactMap(\.label) }

    @Test("views that look names up by hand know every one of their properties, and nothing else")
    func handWrittenLookups() {
        let views: [any TemplateView] = [
            SymbolRow(symbol: "A", close: "1", stale: nil, sparkline: true, changes: [], action: "BUY", actionClass: "buy", score: "0.5",
                      topReason: "r", scoreValue: "0.5"),
            SymbolRow.Change(column: "c-d1", text: "+1.0%", changeClass: "up", value: "0.01"),
            ScreenerRow(row: SymbolRow(symbol: "A", close: "1", stale: nil, sparkline: true, changes: [], action: "BUY", actionClass: "buy",
                                       score: "0.5", topReason: "r", scoreValue: "0.5"),
                        name: "Acme", sector: "Tech", watchlists: [], watchlistIDs: "core"),
            ReportView.Row(symbol: "A", close: "1", change1D: "", change1DClass: "", action: "", actionClass: "", score: "", topReason: "", change: "",
                           stale: nil),
            ScreenerTable(rows: [], hasDetails: true, hasSectors: true, showsWatchlists: true, watchlistOptions: [], sectorOptions: []),
            DashboardView(counts: ActionCounts(buy: 1, hold: 2, sell: 3), freshness: "f",
                          screener: ScreenerTable(rows: [], hasDetails: false, hasSectors: false, showsWatchlists: true, watchlistOptions: [], sectorOptions: []),
                          upgrades: []),
            WatchlistView(title: "t", descriptionHTML: "d", counts: ActionCounts(buy: 1, hold: 2, sell: 3),
                          screener: ScreenerTable(rows: [], hasDetails: false, hasSectors: false, showsWatchlists: false, watchlistOptions: [], sectorOptions: [])),
            ReportView(date: "d", summary: "s", watchlists: [], hasEvents: false, events: [], hasCommentary: false, commentary: [], note: nil,
                       previous: nil, next: nil),
            ReportView.Watchlist(title: "t", rows: []),
            ReportView.SymbolText(symbol: "A", text: "t", directionClass: nil),
            MarkdownReportFrame(siteTitle: "t", notice: nil, disclaimer: "d", siteURL: "u", indexFile: ""),
            FeedFrame(root: "/"),
            SymbolView.NamedValue(name: "n", value: "v"),
            SymbolView.HistoryRow(date: "d", action: "a", actionClass: "c", score: "s", close: "c"),
            SymbolView.Vote(rule: "r", value: "v", weight: "w", reason: "r", voteClass: "c"),
            SymbolView.Event(date: "d", text: "t", directionClass: "c"),
            SymbolView.BacktestRow(side: "BUY", days: 5, count: 1, average: "", hit: "", base: ""),
            SymbolView(symbol: "A", stale: nil, close: "1", lastDate: "d", chart: true, chartAlt: "", underwaterAlt: "", sharpeAlt: "", monthlyAlt: "",
                       name: nil, sector: nil, signalChanges: "", comparison: nil, exports: false, commentary: nil, hookAdjustment: nil,
                       confidence: "", eventDays: 10, watchlistLinks: [], action: "", actionClass: "", score: "", topReason: "",
                       votes: [], hasEvents: false, events: [], indicators: [], statistics: [], history: [], backtest: []),
            WatchlistLink(id: "w", title: "W"),
            TrackRecordView.Call(symbol: "A", date: "d", action: "BUY", actionClass: "buy", close: "1", endDate: "e", endClose: "2", open: false,
                                 daysHeld: 3, result: "+1%", resultClass: "up", right: "right", buyAndHold: "+1%", notLive: false),
            TrackRecordView.CallRow(html: "<tr></tr>"),
            TrackRecordView(TrackRecord(tier: "pro", watchlists: [], editions: [TrackRecord.Edition]())),
            ReportsIndexView(archive: [.init(date: "d", summary: "s")], paged: true, newer: nil, older: "reports/page/2/index.html"),
            ReportsIndexView.Row(date: "d", summary: "s"),
            TrackRecordView.Summary(name: "n", calls: 1, hitRate: "h", averageReturn: "a", averageReturnClass: "c", medianReturn: "m", buyAndHold: "b", notLive: 0),
            LayoutView.PageLink(slug: "s", title: "S"),
            SignInView(areas: [], linkLife: "7 days", expired: false),
            SignInView.Area(id: "pro", name: "Pro", symbolCount: "3 symbols"),
            LayoutView(pageTitle: "", pageDescription: "", siteTitle: "", siteDescription: nil, root: "", stylesheet: "", icon: "",
                       script: "", canonical: nil, pageType: "website", navWatchlists: [], watchlistNav: "", hasReports: false, hasPricing: false, hasFeed: false, navPages: [], notice: nil, asOf: "", delayDays: nil, delay: nil,
                       tierLabel: "", disclaimerSlug: nil),
        ]
        for view in views {
            for label in labels(view) { #expect(view.child(named: label) != nil, "\(type(of: view)).\(label)") }
            #expect(view.child(named: "noSuchName") == nil)
        }
        // Every type whose lookup is written by hand is in the list above: one added later cannot be missed.
        let listed = Set(views.map { String(reflecting: type(of: $0)).split(separator: ".").dropFirst().joined(separator: ".") })
        #expect(Self.handWritten().subtracting(listed).isEmpty, "hand-written lookups not checked: \(Self.handWritten().subtracting(listed).sorted())")
    }

    @Test("every name the default templates use is a property of some view")
    func templateKeysAnswered() throws {
        let properties = Self.viewSources().reduce(into: Set<String>()) { names, text in
            let pattern = /(?:let|var)\s+(\w+)\s*:/
            for match in text.matches(of: pattern) { names.insert(String(match.1)) }
        }
        let templates = SharedData.repositoryRoot.appendingPathComponent("Templates")
        var unanswered: [String] = []
        for file in try FileManager.default.contentsOfDirectory(atPath: templates.path).sorted() where file.hasSuffix(".mustache") {
            let text = try String(contentsOf: templates.appendingPathComponent(file), encoding: .utf8)
            for match in text.matches(of: /\{\{\{?[#^]?\s*([A-Za-z_][A-Za-z0-9_.]*)/) {
                for key in match.1.split(separator: ".") where !properties.contains(String(key)) { unanswered.append("\(file): \(key)") }
            }
        }
        #expect(!properties.isEmpty)
        #expect(unanswered.isEmpty, "\(unanswered)")
    }

    /// The Swift sources of the views (and the renderer's own small views).
    static func viewSources() -> [String] {
        let publishing = SharedData.repositoryRoot.appendingPathComponent("Sources/Publishing")
        let files = ((try? FileManager.default.contentsOfDirectory(atPath: publishing.appendingPathComponent("Views").path)) ?? []).map { "Views/" + $0 }
            + ["TemplateRenderer.swift", "SiteRenderer.swift"]
        return files.compactMap { try? String(contentsOf: publishing.appendingPathComponent($0), encoding: .utf8) }
    }

    /// The types whose `child(named:)` is a hand-written switch, found in the sources.
    static func handWritten() -> Set<String> {
        var types = Set<String>()
        for text in viewSources() {
            var enclosing: String?
            for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
                if let match = line.firstMatch(of: /^(?:public )?(?:extension|struct|final class) ([A-Za-z.]+)/) { enclosing = String(match.1) }
                if line.contains("public func child(named"), let enclosing { types.insert(enclosing) }
            }
        }
        // The protocol's own default looks names up by reflection, for every other view.
        types.remove("TemplateView")
        return types
    }
}
