import Core
import Foundation
import Project

/// The email edition of one tier's report: a subject, an HTML body that mail clients show as
/// the site does (a table layout, styles inline, nothing fetched from elsewhere) and its text
/// twin. The HTML stays within 100 KB so that Gmail does not clip it: a larger report is cut
/// to its summary and changes, with a link to the whole.
public struct EmailEdition: Sendable, Equatable {
    /// Where the email's links go, all absolute.
    public struct Links: Sendable, Equatable {
        /// The public site.
        public var site: String
        /// The report: in the members' area for a paid tier.
        public var report: String
        /// Symbol pages: `<symbols>ACME/`.
        public var symbols: String
        /// The subscriber's sign-in link to the members' area, when they have one.
        public var signIn: String?
        public var unsubscribe: String?

        public init(site: String, report: String, symbols: String, signIn: String?, unsubscribe: String?) {
            self.site = site
            self.report = report
            self.symbols = symbols
            self.signIn = signIn
            self.unsubscribe = unsubscribe
        }
    }

    public static let maximumHTMLBytes = 100 * 1024
    public static let disclaimer = "Signals are computed by rules from price and volume data and are not investment advice."

    public var subject: String
    public var html: String
    public var text: String

    public init(report: ReportView, config: SiteConfig, tier: TierConfig, links: Links, templates: TemplateRenderer) throws(ConfigError) {
        subject = "\(config.title): \(tier.displayName) edition \(report.date)"
        var view = Self.view(report, config: config, tier: tier, links: links, subject: subject, changes: nil)
        html = Self.absolute(try templates.render("email/edition.html", view), base: links.report)
        // Too large: the summary and the changes (at most 200 of each kind, fewer until it fits).
        var changes = 200
        while html.utf8.count > Self.maximumHTMLBytes && changes > 0 {
            view = Self.view(report, config: config, tier: tier, links: links, subject: subject, changes: changes)
            html = Self.absolute(try templates.render("email/edition.html", view), base: links.report)
            changes /= 2
        }
        text = try templates.render("email/edition.txt", view)
    }

    /// The whole report's view, or with `changes` its summary and at most that many changes of each kind.
    /// Stand-ins for a reader's own links: the edition is rendered once per tier with these, and
    /// each reader's message made by putting their links in (`personalized`).
    public static let signInMarker = "https://signalpress.invalid/personal/sign-in"
    public static let unsubscribeMarker = "https://signalpress.invalid/personal/unsubscribe"

    /// This edition, rendered with the markers, with one reader's links in their place: the same
    /// text as rendering it with those links.
    public func personalized(signIn: String?, unsubscribe: String) -> EmailEdition {
        var edition = self
        for (marker, link) in [(Self.signInMarker, signIn), (Self.unsubscribeMarker, unsubscribe)] {
            guard let link else { continue }
            edition.html = edition.html.replacingOccurrences(of: marker, with: XML.escape(link))
            edition.text = edition.text.replacingOccurrences(of: marker, with: link)
        }
        return edition
    }

    static func view(_ report: ReportView, config: SiteConfig, tier: TierConfig, links: Links, subject: String, changes: Int?) -> EmailEditionView {
        let summaryOnly = changes != nil
        func row(_ row: ReportView.Row) -> EmailEditionView.Row {
            EmailEditionView.Row(symbol: row.symbol, symbolURL: links.symbols + row.symbol + "/", close: row.close, change1D: row.change1D,
                                 change1DColor: color(row.change1DClass), action: row.action, actionColor: color(row.actionClass), score: row.score,
                                 topReason: row.topReason, change: row.change, stale: row.stale)
        }
        let groups = report.changeGroups.map { group in
            EmailEditionView.Group(title: group.title, explanation: group.explanation, rows: group.rows.prefix(changes ?? .max).map(row))
        }
        return EmailEditionView(
            subject: subject, siteTitle: config.title, siteURL: links.site, tierName: tier.displayName, date: report.date, summary: report.summary,
            notice: config.notice.isEmpty ? nil : config.notice, changeGroups: groups, hasChanges: !groups.isEmpty,
            watchlists: summaryOnly ? [] : report.watchlists.map { EmailEditionView.Group(title: $0.title, explanation: nil, rows: $0.rows.map(row)) },
            events: summaryOnly ? [] : report.events.map { EmailEditionView.Item(symbol: $0.symbol, text: $0.text) },
            hasEvents: !summaryOnly && !report.events.isEmpty,
            note: summaryOnly ? nil : report.note.map { EmailEditionView.Note(title: $0.title, html: $0.contentHTML, text: $0.source) },
            summaryOnly: summaryOnly, readURL: links.report, signInURL: links.signIn, unsubscribeURL: links.unsubscribe, disclaimer: disclaimer)
    }

    /// The site's colours for a class of the report (`buy`, `sell`, `up`, `down`), as an inline style's colour.
    static func color(_ cssClass: String) -> String {
        switch cssClass {
        case "buy", "up": "#1a7f37"
        case "sell", "down": "#cf222e"
        default: "#57606a"
        }
    }

    /// Every `href` made absolute against `base`: a note's Markdown may link relative to its report.
    static func absolute(_ html: String, base: String) -> String {
        guard let baseURL = URL(string: base) else { return html }
        return html.replacing(/href="([^"]*)"/) { match in
            let target = String(match.1)
            // A provider's placeholders (`%recipient.signin%`, `{{ UnsubscribeURL }}`) are filled in by the provider.
            if target.hasPrefix("https://") || target.hasPrefix("http://") || target.hasPrefix("mailto:") || target.hasPrefix("%") || target.hasPrefix("{{") {
                return "href=\"\(target)\""
            }
            let resolved = URL(string: target.replacingOccurrences(of: "&amp;", with: "&"), relativeTo: baseURL)?.absoluteString ?? base
            return "href=\"\(resolved.replacingOccurrences(of: "&", with: "&amp;"))\""
        }
    }
}
