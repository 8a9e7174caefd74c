import Core
import MarketData
import Project
import Signals

/// The files only the public site root has: what a CDN and a crawler need, and machine-readable status.
public struct SiteExtras: Sendable {
    public var config: SiteConfig

    public init(config: SiteConfig) { self.config = config }


    /// The public site's own files, for an edition whose summaries are complete and whose HTML
    /// `pages` are known. The feed is here too for a public tier without reports (an empty feed).
    public func files(pages: [String], edition: Edition, problems: [String: String]) -> [(path: String, text: String)] {
        var files = [("sitemap.xml", sitemap(pages, asOf: edition.asOf))]
        if !edition.showsReports {
            var feeds = ReportFeeds(self, edition: edition)
            let empty = feeds.finish()
            files += [("feed.xml", String(decoding: empty.atom, as: UTF8.self)), ("feed.json", String(decoding: empty.json, as: UTF8.self))]
        }
        files += [("robots.txt", "User-agent: *\nDisallow: /bundles/\nDisallow: /members/\nSitemap: \(config.baseURL)/sitemap.xml\n"), ("_headers", headers()),
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

    var host: String { config.baseURL.split(separator: "/").dropFirst(1).first.map(String.init) ?? "localhost" }

    func summary(_ day: Day, _ edition: Edition) -> String {
        let counts = edition.actionCounts(on: day)
        let stale = edition.summaries.values.filter { $0.stale != nil }.count
        return "\(counts.buy) BUY, \(counts.hold) HOLD, \(counts.sell) SELL" + (stale > 0 ? "; \(stale) stale symbol\(stale == 1 ? "" : "s") left out" : "")
    }


    public func headers() -> String {
        "/*\n" + SecurityHeaders.all.map { "  \($0.name): \($0.value)\n" }.joined() + """
        /assets/*
          Cache-Control: \(SecurityHeaders.CacheControl.assets)
        /bundles/*
          Cache-Control: \(SecurityHeaders.CacheControl.bundles)
        /members/*
          Cache-Control: \(SecurityHeaders.CacheControl.members)

        """
    }

    func status(_ edition: Edition, problems: [String: String]) -> String {
        var out = "{\n  \"as_of\": \"\(edition.asOf)\",\n  \"tier\": \"\(Escaping.json(edition.tier.id.value))\",\n"
        // The edition log's head before this edition: the hash its bundle's manifest names as `previous`.
        out += "  \"chain_head\": " + (edition.chainHead.map { "\"\($0)\"" } ?? "null") + ",\n  \"symbols\": [\n"
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
            let latest = edition.summaries[symbol]!.latest!
            out += "    {\"symbol\": \"\(symbol)\", \"date\": \"\(latest.date)\", \"action\": \"\(latest.action.rawValue)\", \"score\": \(NumberText.shortest((latest.score * 10000).rounded() / 10000)), \"top_reason\": \"\(Escaping.json(latest.topReason))\"}"
            out += index + 1 < symbols.count ? ",\n" : "\n"
        }
        return out + "  ]\n}\n"
    }
}
