import Core
import MarketData
import Project
import Signals

/// One symbol's analysis for an edition, and why it is stale if its data stops early.
public struct SymbolEntry: Sendable {
    public var symbol: Symbol
    public var analysis: Analysis
    /// Set when the symbol's last bar is more than `stale_after_days` before the edition's date.
    public var stale: String?
    /// From the `post_analysis` hook, shown marked as such.
    public var commentary: Commentary?
    /// The day of the edition this entry is for: a symbol without a bar that day shows no day's move.
    public var editionDate: Day?
    /// The site's benchmark, through the same date, when `site.yml` names one.
    public var benchmark: Series?

    public init(symbol: Symbol, analysis: Analysis, stale: String?, commentary: Commentary? = nil, editionDate: Day? = nil,
                benchmark: Series? = nil) {
        self.benchmark = benchmark
        self.symbol = symbol
        self.analysis = analysis
        self.stale = stale
        self.commentary = commentary
        self.editionDate = editionDate
    }
}

/// What one tier sees on one day: its watchlists, the pages and notes it is entitled to, its
/// (possibly delayed) date, and, once its symbols have streamed past, their summaries.
public struct Edition: Sendable {
    public var tier: TierConfig
    /// The date the tier's signals are as of (the build date less the tier's delay).
    public var asOf: Day
    public let watchlists: [Watchlist]
    /// Each symbol's name and sector, where a watchlist gives them.
    public let details: [Symbol: SymbolDetails]
    /// The watchlists each symbol is in, in configuration order.
    public let memberships: [Symbol: [Watchlist]]
    /// Filled as the symbols stream; the index pages are rendered from these alone.
    public var summaries: [Symbol: SymbolSummary] = [:]
    public var pages: [ContentPage]
    public var notes: [ContentPage]
    /// Trading days with a daily report, newest first.
    public var reportDays: [Day]
    /// The editions this build makes (the others of `reportDays` are in `archive`), kept on disk
    /// until they are published, so that they cost no memory either.
    public var made = EditionArchive()
    /// What earlier builds published.
    public var archive = EditionArchive()
    /// The hash of the tier's newest sealed edition with a bundle before this build (the edition
    /// log's chain head, which this build's bundle names as its predecessor).
    public var chainHead: String?
    /// The track record's reading of the editions as the last build left it, to go on from.
    public var trackRecordStart: TrackRecord.Fold?
    /// Past reports whose pages the site already has as this build would render them: carried
    /// over, not rendered again.
    public var unchangedReports: Set<Day> = []
    /// Past reports' content as the feeds carry it, rendered by an earlier build and unchanged
    /// since: a feed day found here is not rendered again.
    public var reportContent: [Day: KeptFeedEntry] = [:]
    /// What an earlier build under the same layout wrote of each call `trackRecordStart` had
    /// ended, in the order they ended: written again, not rendered.
    public var trackRecordEnded: [TrackRecord.EndedCallOutput] = []
    /// Whether past report pages are published (a tier without a site renders them only for its feeds).
    public var publishesReportPages = true
    /// Where the edition's pages are served, below `base_url`: empty for the public site,
    /// `members/<tier>/` for a paid tier's members' area. Its feeds link there.
    public var siteRoot = ""
    /// Feeds whose links are relative to the feed itself: a bundle's, which links only to what the bundle holds.
    public var feedsLinkWithin = false
    /// Nil on the night a bundle's exports carry every bar (the first bundle of its week); else
    /// the day of that full export: the exports carry only the bars after it.
    public var exportsAfter: Day?

    /// The public site's edition (`Entitlements.isPublic`): its pages have addresses on the site
    /// (canonical links, absolute links in `report.md`); a paid tier's are a subscriber's own copy.
    public let isPublic: Bool

    public init(tier: TierConfig, isPublic: Bool, asOf: Day, watchlists: [Watchlist], pages: [ContentPage], notes: [ContentPage], reportDays: [Day]) {
        self.tier = tier
        self.isPublic = isPublic
        self.asOf = asOf
        self.watchlists = watchlists
        (details, memberships) = (Watchlist.details(of: watchlists), Watchlist.memberships(of: watchlists))
        self.pages = pages
        self.notes = notes
        self.reportDays = reportDays
    }

    /// The same edition with only `day`'s report: what a day's bundle holds (its feeds link within it).
    public func holding(only day: Day) -> Edition {
        var edition = self
        edition.reportDays = reportDays.filter { $0 == day }
        edition.feedsLinkWithin = true
        // Rendered whole: a bundle carries nothing over.
        (edition.unchangedReports, edition.reportContent) = ([], [:])
        return edition
    }

    /// The same edition with only its newest `count` reports, for its feeds: no report page is published.
    public func feedsOnly(newest count: Int) -> Edition {
        var edition = holding(newest: count)
        edition.publishesReportPages = false
        return edition
    }

    /// The same edition with only its newest `count` reports.
    public func holding(newest count: Int) -> Edition {
        var edition = self
        edition.reportDays = Array(reportDays.prefix(count))
        return edition
    }

    /// Symbols in watchlist order, each once.
    public var symbols: [Symbol] {
        var seen = Set<Symbol>()
        return watchlists.flatMap(\.symbols).filter { seen.insert($0).inserted }
    }

    public var showsReports: Bool { tier.has(.reports) }
    public var showsCharts: Bool { tier.has(.charts) }
    public var showsExports: Bool { tier.has(.exports) }

    /// "3 BUY, 10 HOLD, 2 SELL" on `day`, counting the symbols that had an action that day.
    func actionCounts(on day: Day) -> (buy: Int, hold: Int, sell: Int) {
        var counts: [Action: Int] = [:]
        // A stale symbol's signal is not today's: it is marked, and left out of the totals.
        for summary in summaries.values where summary.stale == nil {
            if let action = summary.days[day]?.action { counts[action, default: 0] += 1 }
        }
        return (counts[.buy] ?? 0, counts[.hold] ?? 0, counts[.sell] ?? 0)
    }
}

/// What the post-analysis hook said about one symbol.
public struct Commentary: Sendable, Equatable {
    public var text: String
    /// Added to the signal's confidence, already within the configured bounds.
    public var confidenceAdjustment: Double

    public init(text: String, confidenceAdjustment: Double) {
        self.text = text
        self.confidenceAdjustment = confidenceAdjustment
    }
}
