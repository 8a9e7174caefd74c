import Core
import Foundation
@testable import Project
@testable import Publishing
import Testing

/// The email edition's body: within Gmail's clipping limit however large the report, every
/// link absolute, colours inline.
@Suite("Email edition")
struct EmailEditionTests {
    static let config = try! SiteConfigReader.read("""
        title: Daily Signals
        base_url: https://signals.example.com
        tiers:
          - { id: free, price_cents: 0, watchlists: all }
          - { id: pro, price_cents: 900, watchlists: all }

        """, file: "content/site.yml", watchlists: ["core"])
    static let links = EmailEdition.Links(site: "https://signals.example.com", report: "https://signals.example.com/members/pro/reports/2026-11-27/",
                                          symbols: "https://signals.example.com/members/pro/symbols/", signIn: "https://signals.example.com/members/pro/signin?sub=a",
                                          unsubscribe: "https://signals.example.com/unsubscribe/?sub=a&sig=b")

    static func report(rows: Int, note: String? = nil) -> ReportView {
        let all = (0..<rows).map { index in
            ReportView.Row(symbol: "S\(index)", close: "123.45", change1D: "+1.2%", change1DClass: "up", action: index % 2 == 0 ? "BUY" : "HOLD",
                           actionClass: index % 2 == 0 ? "buy" : "hold", score: "0.42", topReason: String(repeating: "a reason that explains ", count: 4),
                           change: index % 7 == 0 ? "was SELL" : "unchanged", stale: nil)
        }
        return ReportView(date: "2026-11-27", summary: "Things moved.", watchlists: [ReportView.Watchlist(title: "Core", rows: all)], hasEvents: false,
                          events: [], hasCommentary: false, commentary: [],
                          note: note.map { ReportView.Note(title: "A note", contentHTML: $0, source: "A note's *Markdown*.") })
    }

    static func render(_ report: ReportView) throws -> EmailEdition {
        try EmailEdition(report: report, config: config, tier: config.tiers[1], links: links, templates: TemplateRenderer(theme: .defaults))
    }

    @Test("a report too large for one email is cut to its summary and changes, within 100 KB, with a link to the whole")
    func largeReport() throws {
        let whole = try Self.render(Self.report(rows: 40))
        #expect(!whole.html.contains("too long for one email") && whole.html.contains(">S39<"))
        let cut = try Self.render(Self.report(rows: 3000))
        #expect(cut.html.utf8.count <= EmailEdition.maximumHTMLBytes, "\(cut.html.utf8.count)")
        #expect(cut.html.contains("too long for one email") && cut.text.contains("The whole report: https://signals.example.com/members/pro/reports/2026-11-27/"))
        // The first changes of each kind stay, as many as fit; the unchanged rows go.
        #expect(cut.html.contains(">S0<") && cut.html.contains(">S7<") && !cut.html.contains(">S1<"))
        let rows = cut.html.components(separatedBy: "/symbols/S").count - 1
        #expect(rows >= 100 && rows <= 200, "\(rows)")
    }

    @Test("every link is absolute, a note's relative ones resolved against the report; colours are inline styles, not classes")
    func linksAndStyles() throws {
        let edition = try Self.render(Self.report(rows: 3, note: "<p>See <a href=\"../../symbols/S1/\">S1</a> and <a href=\"https://elsewhere.example/x\">this</a>.</p>"))
        let hrefs = edition.html.matches(of: /href="([^"]*)"/).map { String($0.1) }
        #expect(hrefs.allSatisfy { $0.hasPrefix("https://") }, "\(hrefs)")
        #expect(hrefs.contains("https://signals.example.com/members/pro/symbols/S1/") && hrefs.contains("https://elsewhere.example/x"))
        #expect(hrefs.contains("https://signals.example.com/unsubscribe/?sub=a&amp;sig=b") && hrefs.contains("https://signals.example.com/members/pro/signin?sub=a"))
        #expect(!edition.html.contains("class=") && edition.html.contains("color:#1a7f37"))
        #expect(edition.text.contains("A note's *Markdown*.") && edition.subject == "Daily Signals: Pro edition 2026-11-27")
    }
}
