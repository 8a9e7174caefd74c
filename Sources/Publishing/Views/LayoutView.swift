import Core

/// A link to a watchlist's page, in the navigation and on a symbol page.
public struct WatchlistLink: TemplateView {
    let id: String
    let title: String
}

/// What `layout.mustache` reads on every page: the site, the navigation and the edition's footer.
public struct LayoutView: TemplateView {
    public struct PageLink: TemplateView {
        let slug: String
        let title: String
    }

    let pageTitle: String
    let pageDescription: String
    let siteTitle: String
    let siteDescription: String?
    /// `../` once per folder level, so every link is relative and works from `file://`.
    let root: String
    let stylesheet: String
    let icon: String
    let script: String
    /// The page's address on the public site (also its OpenGraph URL); nil inside a bundle, whose
    /// pages are a subscriber's own copy.
    let canonical: String?
    /// `article` for a daily report, `website` for the rest.
    let pageType: String
    let navWatchlists: [WatchlistLink]
    /// The same links as HTML, rendered once here: a whole market has hundreds of watchlists,
    /// and each page looping over them in Mustache (three lookups a link) made a page's cost
    /// grow with the watchlists, so 10,000 symbols cost 25% more a symbol than 2,000.
    let watchlistNav: String
    let hasReports: Bool
    /// The public site links its pricing page from every page.
    let hasPricing: Bool
    let hasFeed: Bool
    let navPages: [PageLink]
    let notice: String?
    let asOf: String
    let delayDays: Int?
    /// The delay in words, its noun agreeing: `1 trading day`, `3 trading days`.
    let delay: String?
    let tierLabel: String
    let disclaimerSlug: String?
}

// Every page looks up every layout name: answered by name, not by reflection.
extension LayoutView {
    public func child(named name: String) -> Any? {
        switch name {
        case "pageTitle": pageTitle
        case "pageDescription": pageDescription
        case "siteTitle": siteTitle
        case "siteDescription": orAbsent(siteDescription)
        case "root": root
        case "stylesheet": stylesheet
        case "icon": icon
        case "script": script
        case "canonical": orAbsent(canonical)
        case "pageType": pageType
        case "navWatchlists": navWatchlists
        case "watchlistNav": watchlistNav
        case "hasReports": hasReports
        case "hasPricing": hasPricing
        case "hasFeed": hasFeed
        case "navPages": navPages
        case "notice": orAbsent(notice)
        case "asOf": asOf
        case "delayDays": orAbsent(delayDays)
        case "delay": orAbsent(delay)
        case "tierLabel": tierLabel
        case "disclaimerSlug": orAbsent(disclaimerSlug)
        default: nil
        }
    }
}

extension WatchlistLink {
    /// The navigation's links, exactly as the layout's `{{#navWatchlists}}` loop renders them.
    static func navigation(_ links: [WatchlistLink], root: String) -> String {
        let root = HTML.escape(root)
        var out = ""
        for link in links { out += "<a href=\"" + root + "watchlists/" + HTML.escape(link.id) + "/index.html\">" + HTML.escape(link.title) + "</a>\n" }
        return out
    }

    public func child(named name: String) -> Any? {
        switch name {
        case "id": id
        case "title": title
        default: nil
        }
    }
}

extension LayoutView.PageLink {
    public func child(named name: String) -> Any? {
        switch name {
        case "slug": slug
        case "title": title
        default: nil
        }
    }
}
