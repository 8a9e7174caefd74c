import Core
import Foundation
import Project
import Testing
import Tiers
@testable import signalpress

/// The small fixed project built once (with names, sectors, a symbol in two watchlists and a
/// benchmark), and its charts, pages, report and feeds compared with golden files.
@Suite("Golden files")
struct GoldenTests {
    static let built: (site: URL, pro: [String: [UInt8]]) = {
        let root = ReaderPagesTests.project()
        let status = SignalPress.run(["build", "--project", root.path, "--quiet"])
        precondition(status == 0, "the golden fixture project failed to build")
        let site = root.appendingPathComponent("site")
        let zip = try! Data(contentsOf: site.appendingPathComponent("bundles/pro/2026-11-27/pro-2026-11-27.zip"))
        return (site, try! BundleArchive.unzip([UInt8](zip)))
    }()

    func publicFile(_ path: String) throws -> String {
        try String(contentsOf: Self.built.site.appendingPathComponent(path), encoding: .utf8)
    }

    func proFile(_ path: String) throws -> String {
        String(decoding: try #require(Self.built.pro[path], "\(path) missing from the pro bundle"), as: UTF8.self)
    }

    @Test("a symbol's price chart")
    func chart() throws { try Golden.assertMatches(try proFile("symbols/CCCX/chart.svg"), named: "chart-CCCX.svg") }

    @Test("a sparkline")
    func sparkline() throws { try Golden.assertMatches(try publicFile("symbols/AAAX/sparkline.svg"), named: "sparkline-AAAX.svg") }

    @Test("the public dashboard")
    func dashboard() throws { try Golden.assertMatches(try publicFile("index.html"), named: "dashboard.html") }

    @Test("the pricing page, from the tiers")
    func pricing() throws { try Golden.assertMatches(try publicFile("pricing/index.html"), named: "pricing.html") }

    @Test("the members' sign-in and expired-link pages, from the tiers and gating:")
    func signIn() throws {
        try Golden.assertMatches(try publicFile("sign-in/index.html"), named: "sign-in.html")
        try Golden.assertMatches(try publicFile("sign-in/expired/index.html"), named: "sign-in-expired.html")
    }

    @Test("the methodology page, from signals:")
    func methodology() throws { try Golden.assertMatches(try publicFile("methodology/index.html"), named: "methodology.html") }

    @Test("a symbol page with chart, reasons, statistics and backtest")
    func symbolPage() throws { try Golden.assertMatches(try proFile("symbols/CCCX/index.html"), named: "symbol-CCCX.html") }

    @Test("a content page")
    func contentPage() throws { try Golden.assertMatches(try publicFile("pages/methodology/index.html"), named: "page-methodology.html") }

    @Test("the Markdown report")
    func report() throws { try Golden.assertMatches(try proFile("reports/2026-11-27/report.md"), named: "report-2026-11-27.md") }

    @Test("the Atom feed, the JSON Feed and status.json")
    func feedAndStatus() throws {
        try Golden.assertMatches(try publicFile("feed.xml"), named: "feed.xml")
        try Golden.assertMatches(try publicFile("feed.json"), named: "feed.json")
        try Golden.assertMatches(try publicFile("status.json"), named: "status.json")
    }

    @Test("the narrow chart and the tearsheet's drawdown, rolling Sharpe and monthly heatmap, wide and narrow")
    func tearsheetCharts() throws {
        for name in ["chart-narrow", "drawdown", "sharpe", "monthly", "drawdown-narrow", "sharpe-narrow", "monthly-narrow"] {
            try Golden.assertMatches(try proFile("symbols/CCCX/\(name).svg"), named: "\(name)-CCCX.svg")
        }
    }

    @Test("the screener of a paid tier, a watchlist page and the 404 page")
    func screenerPages() throws {
        try Golden.assertMatches(try proFile("index.html"), named: "dashboard-pro.html")
        try Golden.assertMatches(try proFile("watchlists/extra/index.html"), named: "watchlist-extra.html")
        try Golden.assertMatches(try publicFile("404.html"), named: "404.html")
    }
}
