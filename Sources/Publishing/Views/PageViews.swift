/// The views of the pages that list symbols: the dashboard and a watchlist.
public struct DashboardView: TemplateView {
    let counts: ActionCounts
    let freshness: String
    let screener: ScreenerTable
    /// On the public dashboard, what the paid tiers add (linked to the pricing page).
    let upgrades: [Upgrade]
}

public struct WatchlistView: TemplateView {
    let title: String
    let descriptionHTML: String
    let counts: ActionCounts
    let screener: ScreenerTable
}

/// How many symbols stand at BUY, HOLD and SELL.
public struct ActionCounts: TemplateView {
    let buy: Int
    let hold: Int
    let sell: Int
}

/// A content page (Markdown from `content/pages/`).
public struct ContentView: TemplateView {
    let title: String
    let date: String?
    let contentHTML: String
}

/// The list of daily reports.
public struct ReportsIndexView: TemplateView {
    public struct Row: TemplateView {
        let date: String
        let summary: String
    }

    let archive: [Row]
    /// Set when the archive has more than one page: the neighbours' paths from the site root.
    let paged: Bool
    let newer: String?
    let older: String?
}

/// A page that reads nothing but the layout (404).
public struct EmptyView: TemplateView {}

// Each row of the reports index looks `root` up through the row and the page's view: answered by
// name, not by reflection, since the index lists every report ever published.
extension ReportsIndexView {
    public func child(named name: String) -> Any? {
        switch name {
        case "archive": archive
        case "paged": paged
        case "newer": orAbsent(newer)
        case "older": orAbsent(older)
        default: nil
        }
    }
}

extension ReportsIndexView.Row {
    public func child(named name: String) -> Any? {
        switch name {
        case "date": date
        case "summary": summary
        default: nil
        }
    }
}

// A screener row's lookups of the table's flags and of `root` fall through these views once per
// row and cell: answered by name, not by reflection.
extension DashboardView {
    public func child(named name: String) -> Any? {
        switch name {
        case "counts": counts
        case "freshness": freshness
        case "screener": screener
        case "upgrades": upgrades
        default: nil
        }
    }
}

extension WatchlistView {
    public func child(named name: String) -> Any? {
        switch name {
        case "title": title
        case "descriptionHTML": descriptionHTML
        case "counts": counts
        case "screener": screener
        default: nil
        }
    }
}
