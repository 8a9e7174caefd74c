import Project

/// A daily report, as `report.mustache` and `report.md.mustache` read it. The Markdown one is
/// the same view with every text made safe for Markdown (`escaped(with:)`), since that
/// template renders unescaped.
public struct ReportView: TemplateView, Codable {
    public struct Row: TemplateView, Sendable, Codable {
        let symbol: String
        let close: String
        let change1D: String
        let change1DClass: String
        let action: String
        let actionClass: String
        let score: String
        let topReason: String
        let change: String
        /// Why the symbol's data is stale, when it is.
        let stale: String?

        func escaped(with text: (String) -> String) -> Row {
            Row(symbol: text(symbol), close: text(close), change1D: text(change1D), change1DClass: text(change1DClass), action: text(action),
                actionClass: text(actionClass), score: text(score), topReason: text(topReason), change: text(change), stale: stale.map(text))
        }
    }

    public struct Watchlist: TemplateView, Codable {
        let title: String
        let rows: [Row]
    }

    public struct SymbolText: TemplateView, Codable {
        let symbol: String
        let text: String
        /// Only events carry a direction.
        let directionClass: String?
    }

    public struct Note: TemplateView, Codable {
        let title: String
        let contentHTML: String
        /// The note's Markdown, for the Markdown report.
        let source: String
    }

    public struct DateLink: TemplateView, Codable {
        let date: String
    }

    let date: String
    let summary: String
    let watchlists: [Watchlist]
    let hasEvents: Bool
    let events: [SymbolText]
    let hasCommentary: Bool
    let commentary: [SymbolText]
    let note: Note?
    /// The neighbouring reports (older and newer), so that a published report's page changes
    /// only once: when the next one comes out.
    var previous: DateLink?
    var next: DateLink?

    /// The calls that changed on the report's day, each symbol once (it can be in several
    /// watchlists), as the report shows them first: new calls (to BUY or SELL), then exits (to HOLD).
    public struct ChangeGroup: TemplateView {
        let title: String
        /// What the group means, when its title does not say it all.
        let explanation: String?
        let rows: [Row]
    }

    var changeGroups: [ChangeGroup] {
        var seen = Set<String>()
        let changed = watchlists.flatMap(\.rows).filter { $0.change.hasPrefix("was ") && seen.insert($0.symbol).inserted }
        return [ChangeGroup(title: "New calls", explanation: nil, rows: changed.filter { $0.action != "HOLD" }),
                ChangeGroup(title: "Exits", explanation: "Calls closed today: these symbols are HOLD again.", rows: changed.filter { $0.action == "HOLD" })]
            .filter { !$0.rows.isEmpty }
    }
    var hasChanges: Bool { watchlists.contains { $0.rows.contains { $0.change.hasPrefix("was ") } } }

    func escaped(with text: (String) -> String) -> ReportView {
        func each(_ items: [SymbolText]) -> [SymbolText] {
            items.map { SymbolText(symbol: text($0.symbol), text: text($0.text), directionClass: $0.directionClass.map(text)) }
        }
        return ReportView(date: text(date), summary: text(summary),
                          watchlists: watchlists.map { Watchlist(title: text($0.title), rows: $0.rows.map { $0.escaped(with: text) }) },
                          hasEvents: hasEvents, events: each(events), hasCommentary: hasCommentary, commentary: each(commentary),
                          note: note.map { Note(title: text($0.title), contentHTML: text($0.contentHTML), source: $0.source) },
                          previous: previous.map { DateLink(date: text($0.date)) }, next: next.map { DateLink(date: text($0.date)) })
    }
}

/// What the Markdown report reads besides the report: the site's title, notice and disclaimer.
public struct MarkdownReportFrame: TemplateView {
    let siteTitle: String
    let notice: String?
    let disclaimer: String
    /// The public site's address; `../..` inside a bundle, whose pages are not on the public site.
    let siteURL: String
    /// What a folder link ends with: nothing on a web server, `index.html` in an unzipped bundle.
    let indexFile: String
}

// Report rows are looked up for every symbol of every report day: answered by name, not by reflection.
extension ReportView.Row {
    public func child(named name: String) -> Any? {
        switch name {
        case "symbol": symbol
        case "close": close
        case "change1D": change1D
        case "change1DClass": change1DClass
        case "action": action
        case "actionClass": actionClass
        case "score": score
        case "topReason": topReason
        case "change": change
        case "stale": orAbsent(stale)
        default: nil
        }
    }
}

/// What the report's content reads besides the report when it goes into a feed: links from the
/// site's address, since a feed reader shows it away from the site.
struct FeedFrame: TemplateView {
    let root: String
}

/// A report's content, rendered once from `report-content.mustache`, as its page shows it.
struct ReportContent: TemplateView {
    let reportContentHTML: String
    /// Revisions and retractions of this edition, above it: the edition itself is never changed.
    let corrections: [CorrectionNotice]
}

/// "Revised on 2026-12-01: the close of AAPL was wrong", with the revised bundle on the public site.
struct CorrectionNotice: TemplateView {
    let revised: Bool
    /// The day it was sealed; nil where the tier's delay does not let it see that day yet.
    let on: String?
    let reason: String
    /// The revised edition's bundle, linked where the page is on the public site.
    let bundle: String?
}

// Every cell of every report row looks `root` up through these: answered by name, not by reflection.
extension ReportView {
    public func child(named name: String) -> Any? {
        switch name {
        case "date": date
        case "summary": summary
        case "watchlists": watchlists
        case "hasChanges": hasChanges
        case "changeGroups": changeGroups
        case "hasEvents": hasEvents
        case "events": events
        case "hasCommentary": hasCommentary
        case "commentary": commentary
        case "note": orAbsent(note)
        case "previous": orAbsent(previous)
        case "next": orAbsent(next)
        default: nil
        }
    }
}

extension ReportView.Watchlist {
    public func child(named name: String) -> Any? {
        switch name {
        case "title": title
        case "rows": rows
        default: nil
        }
    }
}

extension ReportView.SymbolText {
    public func child(named name: String) -> Any? {
        switch name {
        case "symbol": symbol
        case "text": text
        case "directionClass": orAbsent(directionClass)
        default: nil
        }
    }
}

extension MarkdownReportFrame {
    public func child(named name: String) -> Any? {
        switch name {
        case "siteTitle": siteTitle
        case "notice": orAbsent(notice)
        case "disclaimer": disclaimer
        case "siteURL": siteURL
        case "indexFile": indexFile
        default: nil
        }
    }
}

extension FeedFrame {
    public func child(named name: String) -> Any? { name == "root" ? root : nil }
}
