import Foundation
import MarketData
import Signals

/// The files only the public site root has: what a CDN and a crawler need, and machine-readable status.
public struct SiteExtras: Sendable {
    public var config: SiteConfig

    public init(config: SiteConfig) { self.config = config }

    public static let contentSecurityPolicy = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"

    /// The public site's own files, for an edition whose summaries are complete and whose HTML
    /// `pages` are known. The feed is here too for a public tier without reports (an empty feed).
    public func files(pages: [String], edition: Edition, problems: [String: String]) -> [(path: String, text: String)] {
        var files = [("sitemap.xml", sitemap(pages, asOf: edition.asOf))]
        if !edition.showsReports { files += [("feed.xml", feed(edition)), ("feed.json", jsonFeed(edition))] }
        files += [("robots.txt", "User-agent: *\nDisallow: /bundles/\nSitemap: \(config.baseURL)/sitemap.xml\n"), ("_headers", headers()),
                  ("status.json", status(edition, problems: problems)), ("latest.json", latest(edition))]
        return files
    }

    /// The path the site is served under, e.g. `/` or `/signals/` for `https://example.com/signals`.
    var sitePath: String {
        let afterScheme = config.baseURL.components(separatedBy: "://").last ?? ""
        guard let slash = afterScheme.firstIndex(of: "/") else { return "/" }
        return String(afterScheme[slash...]) + "/"
    }

    func url(_ path: String) -> String {
        let trimmed = path.hasSuffix("index.html") ? String(path.dropLast("index.html".count)) : path
        return config.baseURL + "/" + trimmed
    }

    /// Every published page with `lastmod`: a report's own date (it never changes after), the
    /// build's date for the pages that change with every edition.
    func sitemap(_ pages: [String], asOf: Day) -> String {
        var out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n"
        for page in pages.sorted() where page.hasSuffix(".html") && page != "404.html" {
            let parts = page.split(separator: "/")
            let day = parts.count == 3 && parts[0] == "reports" ? Day(iso: String(parts[1])) : nil
            out += "  <url><loc>\(Escaping.xml(url(page)))</loc><lastmod>\((day ?? asOf).iso)</lastmod></url>\n"
        }
        return out + "</urlset>\n"
    }

    /// The Atom feed of the edition's daily reports; every bundle with reports carries its own.
    public static let feedEntries = 30

    /// One report as a feed carries it: its HTML (links absolute), its Markdown, and its note's title.
    public struct FeedContent: Sendable {
        var html: String
        var text: String
        var noteTitle: String?
    }

    func entryTitle(_ day: Day, _ content: FeedContent?) -> String {
        "Daily report \(day)" + (content?.noteTitle.map { ": \($0)" } ?? "")
    }

    /// `contents`: each report's content by day (the feed of a tier without reports has none).
    public func feed(_ edition: Edition, contents: [Day: FeedContent] = [:]) -> String {
        let host = config.baseURL.split(separator: "/").dropFirst(1).first.map(String.init) ?? "localhost"
        let updated = (edition.reportDays.first ?? edition.asOf).iso + "T00:00:00Z"
        var out = "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\">\n"
        out += "  <title>\(Escaping.xml(config.title)) daily reports</title>\n"
        out += "  <id>tag:\(Escaping.xml(host)),2000:signalpress/reports</id>\n"
        out += "  <link rel=\"self\" href=\"\(Escaping.xml(config.baseURL))/feed.xml\"/>\n"
        out += "  <link rel=\"alternate\" href=\"\(Escaping.xml(config.baseURL))/\"/>\n"
        out += "  <updated>\(updated)</updated>\n  <author><name>\(Escaping.xml(config.title))</name></author>\n"
        if edition.showsReports {
            // The newest 30: a reader that polls the feed needs the recent ones, and the archive has the rest.
            for day in edition.reportDays.prefix(Self.feedEntries) {
                out += "  <entry>\n    <title>\(Escaping.xml(entryTitle(day, contents[day])))</title>\n"
                out += "    <id>tag:\(Escaping.xml(host)),\(day):signalpress/reports/\(day)</id>\n"
                out += "    <link rel=\"alternate\" href=\"\(Escaping.xml(url("reports/\(day)/index.html")))\"/>\n"
                out += "    <updated>\(day)T00:00:00Z</updated>\n"
                out += "    <summary>\(Escaping.xml(edition.summaries(day)?.feedSummary ?? summary(day, edition)))</summary>\n"
                // The whole report, as its page shows it, so a feed reader needs no click.
                if let content = contents[day] { out += "    <content type=\"html\">\(Escaping.xml(content.html))</content>\n" }
                out += "  </entry>\n"
            }
        }
        return out + "</feed>\n"
    }

    /// JSON Feed 1.1 (https://jsonfeed.org/version/1.1) of the same reports as the Atom feed.
    public func jsonFeed(_ edition: Edition, contents: [Day: FeedContent] = [:]) -> String {
        struct Author: Encodable { let name: String }
        struct Item: Encodable {
            let id, url, title, summary: String
            let content_html: String?
            let content_text: String?
            let date_published: String
        }
        struct Feed: Encodable {
            let version = "https://jsonfeed.org/version/1.1"
            let title, home_page_url, feed_url, description, language: String
            let authors: [Author]
            let items: [Item]
        }
        let days = edition.showsReports ? Array(edition.reportDays.prefix(Self.feedEntries)) : []
        let feed = Feed(title: "\(config.title) daily reports", home_page_url: config.baseURL + "/", feed_url: config.baseURL + "/feed.json",
                        description: config.description.isEmpty ? "Daily signal reports" : config.description, language: "en",
                        authors: [Author(name: config.title)],
                        items: days.map { day in
                            Item(id: url("reports/\(day)/index.html"), url: url("reports/\(day)/index.html"), title: entryTitle(day, contents[day]),
                                 summary: edition.summaries(day)?.feedSummary ?? summary(day, edition),
                                 content_html: contents[day]?.html, content_text: contents[day]?.text, date_published: "\(day)T00:00:00Z")
                        })
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        // `<`, `>` and `&` as \u escapes (the same strings to a JSON parser): a title or note is
        // never markup to a careless reader that pastes JSON into a page.
        let json = (try? encoder.encode(feed)).flatMap { String(data: $0, encoding: .utf8) } ?? "{}"
        return json.replacingOccurrences(of: "&", with: "\\u0026").replacingOccurrences(of: "<", with: "\\u003c")
            .replacingOccurrences(of: ">", with: "\\u003e") + "\n"
    }

    func summary(_ day: Day, _ edition: Edition) -> String {
        let counts = edition.actionCounts(on: day)
        let stale = edition.summaries.values.filter { $0.stale != nil }.count
        return "\(counts.buy) BUY, \(counts.hold) HOLD, \(counts.sell) SELL" + (stale > 0 ? "; \(stale) stale symbol\(stale == 1 ? "" : "s") left out" : "")
    }

    /// Sent with every response, by `_headers` on Netlify/Cloudflare Pages and by the nginx config.
    public static let securityHeaders: [(name: String, value: String)] = [
        ("Content-Security-Policy", contentSecurityPolicy),
        ("Strict-Transport-Security", "max-age=31536000; includeSubDomains"),
        ("X-Content-Type-Options", "nosniff"),
        ("Referrer-Policy", "strict-origin-when-cross-origin"),
        ("Permissions-Policy", "camera=(), microphone=(), geolocation=(), interest-cohort=()"),
    ]

    public func headers() -> String {
        "/*\n" + Self.securityHeaders.map { "  \($0.name): \($0.value)\n" }.joined() + """
          Cache-Control: public, max-age=300, must-revalidate
        /assets/*
          Cache-Control: public, max-age=31536000, immutable
        /bundles/*
          Cache-Control: private, no-store

        """
    }

    func status(_ edition: Edition, problems: [String: String]) -> String {
        var out = "{\n  \"as_of\": \"\(edition.asOf)\",\n  \"tier\": \"\(Escaping.json(edition.tier.id.value))\",\n  \"symbols\": [\n"
        let symbols = edition.symbols
        for (index, symbol) in symbols.enumerated() {
            let summary = edition.summaries[symbol]
            let last = summary?.lastDate?.iso ?? ""
            let problem = problems[symbol.value] ?? summary?.stale
            out += "    {\"symbol\": \"\(symbol)\", \"last_bar\": \"\(last)\", \"fresh\": \(problem == nil ? "true" : "false")"
            if let problem { out += ", \"problem\": \"\(Escaping.json(problem))\"" }
            out += "}\(index + 1 < symbols.count ? "," : "")\n"
        }
        return out + "  ]\n}\n"
    }

    func latest(_ edition: Edition) -> String {
        var out = "{\n  \"as_of\": \"\(edition.asOf)\",\n  \"signals\": [\n"
        let symbols = edition.symbols.filter { edition.summaries[$0]?.latest != nil }
        for (index, symbol) in symbols.enumerated() {
            let (signal, reason) = edition.summaries[symbol]!.latest!
            out += "    {\"symbol\": \"\(symbol)\", \"date\": \"\(signal.date)\", \"action\": \"\(signal.action.rawValue)\", \"score\": \(NumberText.shortest((signal.score * 10000).rounded() / 10000)), \"top_reason\": \"\(Escaping.json(reason))\"}"
            out += index + 1 < symbols.count ? ",\n" : "\n"
        }
        return out + "  ]\n}\n"
    }
}
