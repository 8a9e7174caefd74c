import Charts
import Core
import Foundation
import MarketData
import Project
import Signals

/// Renders an edition into pages with relative links, so the same files work at the site root,
/// inside a bundle, and opened from `file://`. Symbol pages are rendered one symbol at a time as
/// the build streams (`renderSymbol`); the pages that list symbols are rendered last, from the
/// editions' summaries (`renderIndexPages`). Every file goes to `emit` as soon as it exists.
public struct SiteRenderer: Sendable {
    public typealias Emit = (_ path: String, _ bytes: [UInt8]) -> Void

    public var config: SiteConfig
    public var templates: TemplateRenderer
    /// The fingerprinted stylesheet and icon, e.g. `assets/style.1a2b3c4d5e.css`.
    public var assets: Assets
    /// Shown on every page (e.g. that the data is synthetic); empty for none.
    public var notice: String
    public var disclaimerSlug: String?
    /// Every tier's offer, lowest first, for the public site's pricing page; empty for none.
    public var offers: [TierOffer] = []

    public init(config: SiteConfig, templates: TemplateRenderer, assets: Assets, notice: String, disclaimerSlug: String?) {
        self.config = config
        self.templates = templates
        self.assets = assets
        self.notice = notice
        self.disclaimerSlug = disclaimerSlug
    }

    // MARK: Symbols

    /// A symbol's page, sparkline, chart and exports, as its tier has them. Charts, sparklines and
    /// exports depend only on the analysis, so tiers that share a date share them through `shared`.
    public func renderSymbol(_ entry: SymbolEntry, _ edition: Edition, shared: SharedRenderings, emit: Emit) throws(ConfigError) {
        let symbol = entry.symbol
        let path = "symbols/\(symbol)/index.html"
        emit(path, try page("symbol", edition, path: path, title: symbol.value,
                            description: "\(symbol) signal, reasons, indicators and statistics", view: symbolView(entry, edition)))
        let key = "\(symbol)@\(edition.asOf)"
        emit("symbols/\(symbol)/sparkline.svg", shared.value("sparkline \(key)") {
            Sparkline.bytes(symbol: symbol.value, close: entry.analysis.series.close)
        })
        if edition.showsCharts {
            let series = entry.analysis.series
            emit("symbols/\(symbol)/chart.svg", shared.value("chart \(key)") { PriceChart().bytes(entry.analysis) })
            emit("symbols/\(symbol)/chart-narrow.svg", shared.value("narrow \(key)") { PriceChart(narrow: true).bytes(entry.analysis) })
            let tearsheet = Tearsheet(series: series)
            for (suffix, layout) in [("", TearsheetCharts.Layout.wide), ("-narrow", .narrow)] {
                emit("symbols/\(symbol)/drawdown\(suffix).svg", shared.value("drawdown\(suffix) \(key)") { TearsheetCharts.underwaterBytes(series, tearsheet, layout: layout) })
                emit("symbols/\(symbol)/sharpe\(suffix).svg", shared.value("sharpe\(suffix) \(key)") { TearsheetCharts.rollingSharpeBytes(series, tearsheet, layout: layout) })
                emit("symbols/\(symbol)/monthly\(suffix).svg", shared.value("monthly\(suffix) \(key)") { TearsheetCharts.monthlyHeatmapBytes(series, tearsheet, layout: layout) })
            }
        }
        if edition.showsExports {
            let after = edition.exportsAfter
            emit("exports/\(symbol).csv", shared.value("csv \(key) \(after?.iso ?? "full")") { AnalysisExport.csvBytes(entry.analysis, after: after) })
            emit("exports/\(symbol).json", shared.value("json \(key)") { Array(AnalysisExport.json(entry.analysis).utf8) })
        }
    }

    // MARK: Editions

    /// `day`'s edition as this build publishes it, from the summaries (the report, its summaries,
    /// every symbol's call), to be kept and never made again.
    public func snapshot(_ day: Day, _ edition: Edition, calls: [EditionSnapshot.Call]) -> EditionSnapshot {
        EditionSnapshot(tier: edition.tier.id.value, date: day.iso, report: freshReportView(day, edition),
                               indexSummary: reportSummary(day, edition), feedSummary: SiteExtras(config: config).summary(day, edition),
                               calls: calls, bundle: nil)
    }

    /// `track-record/index.html` and `track-record.json`.
    /// Returns the track record's reading of the editions, for the next build to go on from:
    /// it reads only the editions after those `edition.trackRecordStart` read, when that began
    /// with the same days under the same rule, and writes again the rows and JSON of the calls
    /// that fold had ended (`edition.trackRecordEnded`) rather than render them.
    /// `ended` hears what was written anew of the ended calls, from the first not reused (its
    /// place among them) on, for the next build to keep.
    @discardableResult
    public func renderTrackRecord(_ edition: Edition, emit: Emit, ended: (_ first: Int, [TrackRecord.EndedCallOutput]) -> Void = { _, _ in })
        throws(ConfigError) -> TrackRecord.Fold {
        let closeOn = config.trackRecord.closeOn
        let start = edition.trackRecordStart.flatMap { $0.closeOn == closeOn && $0.begins(edition.editionDays) ? $0 : nil }
        var fold = start ?? TrackRecord.Fold(closeOn: closeOn)
        var outputs = start == nil ? [] : Array(edition.trackRecordEnded.prefix(fold.ended.count))
        let reused = outputs.count
        // The edition this build makes of its own day learns its bundle's hash only once the bundle
        // is sealed: the next build reads it again, from before it.
        var resumable: TrackRecord.Fold?
        for next in edition.trackRecordEditions(skipping: fold.days.count) {
            if next.day == edition.asOf, edition.made.summaries[next.day] != nil { resumable = fold }
            fold.add(next)
        }
        let record = TrackRecord(tier: edition.tier.id.value, watchlists: edition.watchlists, fold: fold, chainHead: edition.chainHead)
        var view = TrackRecordView(record, titles: Dictionary(edition.watchlists.map { ($0.id, $0.title) }, uniquingKeysWith: { first, _ in first }))
        let calls = fold.ended
        for call in calls[outputs.count...] {
            let row = Array(try templates.render("track-record-call", TrackRecordView.Call(call)).utf8)
            outputs.append(.init(row: row[...], object: TrackRecord.jsonObject(call)[...]))
        }
        for index in record.calls.indices.reversed() {
            if let place = record.endedIndex[index] {
                view.append(row: outputs[place].row)
            } else {
                view.append(row: try templates.render("track-record-call", TrackRecordView.Call(record.calls[index])).utf8)
            }
        }
        ended(reused, Array(outputs[reused...]))
        emit("track-record/index.html", try page("track-record", edition, path: "track-record/index.html", title: "Track record",
                                                 description: "Every call published, and how it turned out", view: view))
        emit("track-record.json", record.json { outputs[$0].object })
        return resumable ?? fold
    }

    /// The revisions and retractions of `day`'s edition, as its report shows them: a delayed
    /// tier does not see a day after its own, even as the date of a correction, and only the
    /// public site has the revised bundle to link to.
    func corrections(_ day: Day, _ edition: Edition, isPublic: Bool) -> [CorrectionNotice] {
        (edition.archive.corrections[day] ?? []).map {
            CorrectionNotice(revised: $0.revised, on: $0.on <= edition.asOf.iso ? $0.on : nil, reason: $0.reason, bundle: isPublic ? $0.bundle : nil)
        }
    }

    /// Notes edited after the report they belong to was published and frozen: the report keeps
    /// the note as it was, and the publisher should hear that the edit changed nothing.
    public func frozenNoteEdits(_ edition: Edition) -> [String] {
        edition.notes.compactMap { note in
            guard let day = edition.reportDays.filter({ $0 >= note.date! }).min(), edition.made.summaries[day] == nil,
                  edition.archive.summaries[day] != nil, let published = edition.archive.load(day) else { return nil }
            let source = note.allowsHTML ? note.source : Escaping.markdownSourceWithoutHTML(note.source)
            guard published.report.note?.source != source || published.report.note?.title != note.title else { return nil }
            return "\(note.file): changed after the report of \(day) was published; that report keeps the note as it was "
                + "(a published edition never changes; `signalpress editions revise` publishes a correction)"
        }
    }

    // MARK: Index pages

    /// The dashboard, watchlists, content pages, reports and 404 of an edition whose summaries are complete.
    public func renderIndexPages(_ edition: Edition, emit: Emit, keep: (String) -> Void = { _ in },
                                 rendered: (Day, FeedEntryContent) -> Void = { _, _ in }, jobs: Int = 1) throws(ConfigError) {
        try renderPricing(edition, emit: emit)
        try renderSignIn(edition, emit: emit)
        try renderMethodology(edition, emit: emit)
        emit("index.html", try page("dashboard", edition, path: "index.html", title: "Dashboard",
                                    description: config.description.isEmpty ? "Daily signals" : config.description,
                                    view: dashboardView(edition)))
        for watchlist in edition.watchlists {
            let path = "watchlists/\(watchlist.id)/index.html"
            emit(path, try page("watchlist", edition, path: path, title: watchlist.title,
                                description: "Signals for the \(watchlist.title) watchlist",
                                view: WatchlistView(title: watchlist.title, descriptionHTML: Markdown.html(watchlist.description),
                                                    counts: counts(watchlist.symbols, edition),
                                                    screener: screener(watchlist.symbols, edition, showsWatchlists: false))))
        }
        for content in edition.pages {
            let path = "pages/\(content.slug)/index.html"
            emit(path, try page("page", edition, path: path, title: content.title, description: content.description,
                                view: ContentView(title: content.title, date: content.date?.iso, contentHTML: content.html)))
        }
        if edition.showsReports { try renderReports(edition, emit: emit, keep: keep, rendered: rendered, jobs: jobs) }
        emit("404.html", try page("404", edition, path: "404.html", title: "Page not found", description: "Page not found", view: EmptyView()))
    }

    /// How many of the newest reports the feeds carry.
    public static let feedEntries = ReportFeeds.entries

    /// Every report of `edition.reportDays` (page and `report.md`), the paged index of them, and
    /// (`withFeeds`) the Atom and JSON feeds of the newest.
    /// `keep` is told the pages of `edition.unchangedReports`, which are carried over, not rendered.
    /// `rendered` is told the content of each feed entry rendered anew, for the next build to reuse.
    /// `jobs` reports are rendered at once (a first build renders eleven, each listing every
    /// symbol); they are written, and the feeds filled, in order, so the output is the same.
    public func renderReports(_ edition: Edition, emit: Emit, withFeeds: Bool = true, keep: (String) -> Void = { _ in },
                              rendered: (Day, FeedEntryContent) -> Void = { _, _ in }, jobs: Int = 1) throws(ConfigError) {
        var feeds = ReportFeeds(SiteExtras(config: config), edition: edition)
        let (days, width) = (edition.reportDays, max(1, jobs))
        for start in stride(from: 0, to: days.count, by: width) {
            let window = start..<min(start + width, days.count)
            // Carried over: a page unchanged, and a feed entry only with its content kept.
            let carried = window.map { index in
                (edition.unchangedReports.contains(days[index]) || !edition.publishesReportPages)
                    && (!(withFeeds && index < ReportFeeds.entries) || edition.reportContent[days[index]] != nil)
            }
            // Only those rendered anew take threads: a night carries all but one or two.
            let fresh = carried.indices.filter { !carried[$0] }
            let reports = Slots<Result<RenderedReport, ConfigError>>(count: window.count)
            Parallel.forEach(fresh.count, jobs: jobs) { slot in
                let offset = fresh[slot]
                reports.set(offset, Result { () throws(ConfigError) in try renderReport(days[window.lowerBound + offset], edition) })
            }
            for (offset, index) in window.enumerated() {
                let (day, feedEntry) = (days[index], withFeeds && index < ReportFeeds.entries)
                if carried[offset] {
                    if edition.publishesReportPages {
                        keep("reports/\(day)/index.html")
                        keep("reports/\(day)/report.md")
                    }
                    if let cached = edition.reportContent[day], feedEntry {
                        feeds.add(day, summary: feedSummary(day, edition), kept: cached)
                    }
                    continue
                }
                let report = try reports.get(offset).get()
                if let page = report.page, let markdown = report.markdown {
                    emit("reports/\(day)/index.html", page)
                    emit("reports/\(day)/report.md", markdown)
                }
                // The feeds carry the whole report as the page shows it, every link absolute; kept
                // as they escaped it, for the next night.
                if feedEntry {
                    let escaped = feeds.add(day, noteTitle: report.noteTitle, summary: feedSummary(day, edition), content: report.content)
                    rendered(day, FeedEntryContent(content: report.content, noteTitle: report.noteTitle, escaped: escaped))
                }
            }
        }
        if withFeeds {
            let finished = feeds.finish()
            emit("feed.xml", finished.atom)
            emit("feed.json", finished.json)
        }
        // Pages of 50, newest first: reports/index.html, then reports/page/2/index.html and on.
        let pages = stride(from: 0, to: max(1, edition.reportDays.count), by: Self.reportsPerPage).map {
            Array(edition.reportDays[$0..<min($0 + Self.reportsPerPage, edition.reportDays.count)])
        }
        let pathOf = { (number: Int) in number == 1 ? "reports/index.html" : "reports/page/\(number)/index.html" }
        for (offset, days) in pages.enumerated() {
            let number = offset + 1
            emit(pathOf(number), try page("reports", edition, path: pathOf(number), title: number == 1 ? "Daily reports" : "Daily reports, page \(number)",
                                          description: "Archive of daily reports",
                                          view: ReportsIndexView(archive: days.map { .init(date: $0.iso, summary: reportSummary($0, edition)) },
                                                                 paged: pages.count > 1, newer: number > 1 ? pathOf(number - 1) : nil,
                                                                 older: number < pages.count ? pathOf(number + 1) : nil)))
        }
    }

    /// One day's report as `renderReports` writes it: its content (for the page and the feeds),
    /// and, where the edition publishes report pages, the page and `report.md`.
    struct RenderedReport: Sendable {
        var content: String
        var noteTitle: String?
        var page: [UInt8]?
        var markdown: [UInt8]?
    }

    func renderReport(_ day: Day, _ edition: Edition) throws(ConfigError) -> RenderedReport {
        let view = reportView(day, edition)
        // The content is rendered once, from a root marker: the page links from its folder,
        // the feeds from the site's address.
        let content = try templates.render("report-content", view, FeedFrame(root: Self.rootMarker))
        var report = RenderedReport(content: content, noteTitle: view.note?.title)
        guard edition.publishesReportPages else { return report }
        let isPublic = isPublic(edition)
        report.page = try page("report", edition, path: "reports/\(day)/index.html", title: "Daily report \(day)", description: view.summary, asOf: day,
                               view: view, also: ReportContent(reportContentHTML: Self.rooted(content, at: "../../"),
                                                               corrections: corrections(day, edition, isPublic: isPublic)))
        let frame = MarkdownReportFrame(siteTitle: config.title, notice: notice.isEmpty ? nil : notice,
                                        disclaimer: "Signals are computed by rules from price and volume data and are not investment advice.",
                                        siteURL: isPublic ? config.baseURL : "../..", indexFile: isPublic ? "" : "index.html")
        report.markdown = Array(try templates.render("report.md", view.escaped(with: Escaping.markdown), frame.escaped(with: Escaping.markdown)).utf8)
        return report
    }

    // MARK: Layout

    func isPublic(_ edition: Edition) -> Bool { edition.isPublic }

    /// `asOf`: the date the page's data is of, when it is not the edition's (a past report's own day).
    /// `also`: a second view the template reads after the page's own (a report's rendered content).
    func page(_ template: String, _ edition: Edition, path: String, title: String, description: String, asOf: Day? = nil,
              view: some TemplateView, also: (any TemplateView)? = nil) throws(ConfigError) -> [UInt8] {
        let depth = path.split(separator: "/").count - 1
        let isPublic = isPublic(edition)
        // The 404 and expired pages are served for paths at any depth: only root-relative links work there.
        let servedAnywhere = isPublic && (path == "404.html" || path == Self.expiredPage)
        let root = servedAnywhere ? SiteExtras(config: config).sitePath : String(repeating: "../", count: depth)
        let watchlists = edition.watchlists.map { WatchlistLink(id: $0.id, title: $0.title) }
        let layout = LayoutView(
            pageTitle: title, pageDescription: description, siteTitle: config.title,
            siteDescription: config.description.isEmpty ? nil : config.description,
            root: root, stylesheet: assets.stylesheet, icon: assets.icon, script: assets.script,
            canonical: isPublic && !servedAnywhere ? SiteExtras(config: config).url(path) : nil,
            pageType: template == "report" ? "article" : "website",
            navWatchlists: watchlists,
            watchlistNav: WatchlistLink.navigation(watchlists, root: root),
            hasReports: edition.showsReports && !edition.reportDays.isEmpty,
            hasPricing: hasPricing(edition),
            hasFeed: edition.showsReports,
            navPages: edition.pages.map { .init(slug: $0.slug, title: $0.title) },
            notice: notice.isEmpty ? nil : notice,
            asOf: (asOf ?? edition.asOf).iso,
            delayDays: edition.tier.delayDays > 0 ? edition.tier.delayDays : nil,
            delay: edition.tier.delayDays > 0 ? NumberText.counted(edition.tier.delayDays, "trading day") : nil,
            tierLabel: "\(edition.tier.displayName) edition.",
            disclaimerSlug: disclaimerSlug.flatMap { slug in edition.pages.contains { $0.slug == slug } ? slug : nil })
        if let also { return Array(try templates.render(template, view, also, layout).utf8) }
        return Array(try templates.render(template, view, layout).utf8)
    }

    // MARK: Dashboard and watchlists

    func dashboardView(_ edition: Edition) -> DashboardView {
        let all = edition.symbols.compactMap { edition.summaries[$0] }
        let lastDates = all.compactMap(\.lastDate)
        let staleCount = all.filter { $0.stale != nil }.count
        var freshness = "Signals as of the close of \(edition.asOf)"
        if let oldest = lastDates.min(), oldest < edition.asOf { freshness += "; oldest data \(oldest)" }
        if staleCount > 0 { freshness += "; \(staleCount) symbol\(staleCount == 1 ? "" : "s") stale" }
        return DashboardView(counts: counts(edition.symbols, edition), freshness: freshness + ".",
                             screener: screener(edition.symbols, edition, showsWatchlists: true), upgrades: upgrades(edition))
    }

    /// `pricing/index.html`, on the public site when there is a paid tier to sell.
    func renderPricing(_ edition: Edition, emit: Emit) throws(ConfigError) {
        guard hasPricing(edition) else { return }
        emit("pricing/index.html", try page("pricing", edition, path: "pricing/index.html", title: "Pricing",
                                            description: "What each edition includes, and what it costs", view: PricingView(tiers: offers)))
    }

    /// `sign-in/index.html` and `sign-in/expired/index.html`, on the public site when there is a
    /// members' area: where the edge sends a reader it turns away (the expired page as a 410).
    func renderSignIn(_ edition: Edition, emit: Emit) throws(ConfigError) {
        guard hasPricing(edition) else { return }
        let areas = offers.dropFirst().map { SignInView.Area(id: $0.id, name: $0.name, symbolCount: $0.symbolCount) }
        let days = config.gating.linkTTLSeconds / 86_400
        let life = days >= 1 && config.gating.linkTTLSeconds % 86_400 == 0 ? NumberText.counted(days, "day")
            : NumberText.counted(max(1, config.gating.linkTTLSeconds / 3600), "hour")
        emit("sign-in/index.html", try page("sign-in", edition, path: "sign-in/index.html", title: "Members",
                                            description: "Sign in to read your edition", view: SignInView(areas: areas, linkLife: life, expired: false)))
        emit(Self.expiredPage, try page("sign-in", edition, path: Self.expiredPage, title: "Sign-in link expired",
                                        description: "How to get a new sign-in link", view: SignInView(areas: areas, linkLife: life, expired: true)))
    }

    /// Served by the edge for any members' path whose token has expired: its links start at the site's root.
    static let expiredPage = "sign-in/expired/index.html"

    /// `methodology/index.html`, on every site and in every bundle: how this site's signals are made.
    func renderMethodology(_ edition: Edition, emit: Emit) throws(ConfigError) {
        emit("methodology/index.html", try page("methodology", edition, path: "methodology/index.html", title: "Methodology",
                                                description: "How the signals are made: the rules, what BUY, HOLD and SELL mean, and how a call is closed",
                                                view: MethodologyView(config.signals)))
    }

    /// The public site sells the paid tiers: it has a pricing page when there is one to sell.
    func hasPricing(_ edition: Edition) -> Bool { edition.isPublic && offers.count > 1 }

    /// What each paid tier adds to the public edition: symbols it does not show, and the watchlists they are in.
    func upgrades(_ edition: Edition) -> [Upgrade] {
        guard hasPricing(edition), let own = offers.first(where: { $0.id == edition.tier.id.value }) else { return [] }
        return offers.filter { $0.symbols > own.symbols }.map { offer in
            let more = offer.symbols - own.symbols
            return Upgrade(name: offer.name, more: more == 1 ? "1 more symbol" : "\(more) more symbols", watchlists: offer.watchlists)
        }
    }

    /// `symbols` once each, strongest BUY first and strongest SELL last (by score, then symbol;
    /// symbols still warming up at the end), with their watchlists, names and sectors.
    func screener(_ symbols: [Symbol], _ edition: Edition, showsWatchlists: Bool) -> ScreenerTable {
        let summaries = symbols.compactMap { edition.summaries[$0] }.sorted { a, b in
            switch (a.score, b.score) {
            case let (x?, y?) where x != y: x > y
            case (.some, nil): true
            case (nil, .some): false
            default: a.symbol.value < b.symbol.value
            }
        }
        let rows = summaries.map { summary in
            let lists = edition.memberships[summary.symbol] ?? []
            let details = edition.details[summary.symbol]
            return ScreenerRow(row: summary.row, name: details?.name, sector: details?.sector,
                               watchlists: lists.map { .init(id: $0.id, title: $0.title) }, watchlistIDs: lists.map(\.id).joined(separator: " "))
        }
        let sectors = Set(rows.compactMap(\.sector)).sorted()
        return ScreenerTable(rows: rows, hasDetails: rows.contains { $0.name != nil || $0.sector != nil }, hasSectors: !sectors.isEmpty,
                             showsWatchlists: showsWatchlists,
                             watchlistOptions: showsWatchlists ? edition.watchlists.map { .init(value: $0.id, label: $0.title) } : [],
                             sectorOptions: sectors.map { .init(value: $0, label: $0) })
    }

    func counts(_ symbols: [Symbol], _ edition: Edition) -> ActionCounts {
        var counts: [Action: Int] = [:]
        for symbol in symbols { if let summary = edition.summaries[symbol] { counts[summary.action, default: 0] += 1 } }
        return ActionCounts(buy: counts[.buy] ?? 0, hold: counts[.hold] ?? 0, sell: counts[.sell] ?? 0)
    }

    // MARK: Symbol page

    func symbolView(_ entry: SymbolEntry, _ edition: Edition) -> SymbolView {
        let analysis = entry.analysis
        let series = analysis.series
        let last = series.count - 1
        let signal = SignalFields(analysis.signal)
        let percent = { (value: Double?) in value.map { Format.signedPercent($0) } ?? "n/a" }
        let share = { (value: Double?) in value.map { Format.percent($0, 0) } ?? "n/a" }
        let details = edition.details[entry.symbol]
        let changes = analysis.signalChanges()
        let year = min(252, max(0, series.count - 1))
        return SymbolView(
            symbol: entry.symbol.value,
            stale: entry.stale,
            close: last >= 0 ? Format.price(series.close[last]) : "n/a",
            lastDate: last >= 0 ? series.dates[last].iso : "n/a",
            chart: edition.showsCharts && series.count >= 2,
            chartAlt: PriceChart.summary(analysis),
            underwaterAlt: "Drawdown of \(entry.symbol) from its running high" + (analysis.statistics.maxDrawdown.map { ", deepest \(Format.percent($0.depth))" } ?? ""),
            sharpeAlt: "Rolling 6-month Sharpe ratio of \(entry.symbol)",
            monthlyAlt: "Monthly returns of \(entry.symbol) by year and month",
            name: details?.name, sector: details?.sector,
            signalChanges: year < 252 ? "\(NumberText.counted(changes, "signal change")) in the \(year) trading days of history"
                : "\(NumberText.counted(changes, "signal change")) in the last year (252 trading days)",
            comparison: entry.benchmark.flatMap { comparisonView(series, benchmark: $0) },
            exports: edition.showsExports,
            commentary: entry.commentary?.text,
            hookAdjustment: entry.commentary.flatMap { $0.confidenceAdjustment == 0 ? nil : Format.signedPercent($0.confidenceAdjustment) },
            confidence: analysis.signal.map { Format.percent(min(1, max(0, $0.confidence + (entry.commentary?.confidenceAdjustment ?? 0))), 0) } ?? "n/a",
            eventDays: config.signals.eventDays,
            watchlistLinks: (edition.memberships[entry.symbol] ?? []).map { .init(id: $0.id, title: $0.title) },
            action: signal.action, actionClass: signal.actionClass, score: signal.score, topReason: signal.topReason,
            votes: (analysis.signal?.votes ?? []).map {
                .init(rule: $0.rule, value: Format.fixed($0.value, 2), weight: Format.fixed($0.weight, 2), reason: $0.reason, voteClass: changeClass($0.value))
            },
            hasEvents: !analysis.events.isEmpty,
            events: analysis.events.map { .init(date: $0.date.iso, text: $0.text, directionClass: changeClass(Double($0.direction))) },
            indicators: indicatorRows(analysis),
            statistics: priceBasisRows(analysis.series) + statisticRows(analysis.statistics, since: analysis.series.dates.first),
            history: historyRows(analysis),
            backtest: [("BUY", analysis.backtest.buy), ("SELL", analysis.backtest.sell)].flatMap { side, result in
                [SymbolView.BacktestRow(side: side, days: 5, count: result.count, average: percent(result.averageReturn5Day),
                                        hit: share(result.hitRate5Day), base: share(result.baseRate5Day)),
                 SymbolView.BacktestRow(side: side, days: 20, count: result.count20Day, average: percent(result.averageReturn20Day),
                                        hit: share(result.hitRate20Day), base: share(result.baseRate20Day))]
            })
    }

    func comparisonView(_ series: Series, benchmark: Series) -> SymbolView.Comparison? {
        guard benchmark.symbol != series.symbol, !benchmark.isEmpty else { return nil }
        let comparison = BenchmarkComparison(series, benchmark: benchmark)
        return .init(benchmark: comparison.benchmark,
                     rows: comparison.windows.map {
                         .init(period: $0.period.label, symbol: Format.signedPercent($0.symbol), benchmark: Format.signedPercent($0.benchmark),
                               excess: Format.signedPercent($0.excess), excessClass: percentClass($0.excess))
                     },
                     beta: comparison.beta.map { Format.fixed($0, 2) } ?? "n/a", correlation: comparison.correlation.map { Format.fixed($0, 2) } ?? "n/a",
                     days: comparison.days)
    }

    func indicatorRows(_ analysis: Analysis) -> [SymbolView.NamedValue] {
        let last = analysis.series.count - 1
        guard last >= 0 else { return [] }
        let labels = ["SMA 20", "SMA 50", "SMA 200", "EMA 12", "EMA 26", "RSI 14", "MACD", "MACD signal", "MACD histogram",
                      "Bollinger upper", "Bollinger middle", "Bollinger lower", "ATR 14", "Stochastic %K", "Stochastic %D",
                      "ADX 14", "OBV", "Williams %R 14", "CCI 20", "ROC 10", "MFI 14"]
        var rows: [SymbolView.NamedValue] = []
        // No volume in the MFI's window (an index, a halted stock) is no money flow, not an MFI of 0.
        let volume = analysis.series.volume ?? []
        let quietWindow = volume.count > 14 && volume.suffix(15).allSatisfy { $0 == 0 }
        for (label, column) in zip(labels, analysis.market.indicators.columns) {
            guard let column else {
                rows.append(.init(name: label, value: "n/a (no volume)"))
                continue
            }
            let value = column[last]
            if label == "MFI 14" && quietWindow {
                rows.append(.init(name: label, value: "n/a (no volume in the last 14 days)"))
                continue
            }
            // A missing volume (an empty cell) in the indicator's window: not a warm-up.
            if value.isNaN, label == "OBV" || label == "MFI 14", volume.suffix(label == "OBV" ? 1 : 14).contains(where: \.isNaN) {
                rows.append(.init(name: label, value: "n/a (volume missing)"))
                continue
            }
            rows.append(.init(name: label, value: value.isNaN ? "warming up" : label == "OBV" ? Format.grouped(value) : Format.fixed(value, 2)))
        }
        let ind = analysis.market.indicators
        for (label, values) in [("+DI 14", ind.directional.plusDI), ("-DI 14", ind.directional.minusDI), ("NATR 14", ind.natr14),
                                ("52-week high", ind.high52Week), ("52-week low", ind.low52Week)] {
            rows.append(.init(name: label, value: values[last].isNaN ? "warming up" : Format.fixed(values[last], 2)))
        }
        return rows
    }

    /// Which prices the numbers are computed from, when it is not simply the file's prices as traded.
    func priceBasisRows(_ series: Series) -> [SymbolView.NamedValue] {
        if series.adjusted { return [.init(name: "Prices", value: "adjusted for splits and dividends (each day's Adj Close / Close)")] }
        if config.data.prices == .raw { return [.init(name: "Prices", value: "as traded (data.prices: raw)")] }
        return []
    }

    /// The statistics; those over the whole history (`since` its first bar) say so, beside returns over fixed periods.
    func statisticRows(_ stats: Statistics, since first: Day?) -> [SymbolView.NamedValue] {
        let percent = { (value: Double?) in value.map { Format.signedPercent($0) } ?? "n/a" }
        let ratio = { (value: Double?) in value.map { Format.fixed($0, 2) } ?? "n/a" }
        let whole = first.map { " since \($0)" } ?? ""
        var rows: [SymbolView.NamedValue] = ReturnPeriod.allCases.map { .init(name: "Return \($0.label)", value: percent(stats.returns[$0])) }
        rows.append(.init(name: "CAGR" + whole, value: percent(stats.cagr)))
        rows.append(.init(name: "Volatility (20 days, annualised)", value: stats.volatility20Day.map { Format.percent($0) } ?? "n/a"))
        rows.append(.init(name: "Volatility (1 year, annualised)", value: stats.volatility1Year.map { Format.percent($0) } ?? "n/a"))
        rows.append(.init(name: "Sharpe ratio" + whole, value: ratio(stats.sharpe)))
        rows.append(.init(name: "Sortino ratio" + whole, value: ratio(stats.sortino)))
        if let drawdown = stats.maxDrawdown {
            let recovery = drawdown.recovery.map { "recovered \($0)" } ?? "not recovered"
            rows.append(.init(name: "Maximum drawdown" + whole, value: "\(Format.percent(drawdown.depth)) (\(drawdown.peak) to \(drawdown.trough), \(recovery))"))
        } else {
            rows.append(.init(name: "Maximum drawdown" + whole, value: "n/a"))
        }
        rows.append(.init(name: "Calmar ratio" + whole, value: ratio(stats.calmar)))
        rows.append(.init(name: "Up days" + whole, value: stats.upDayShare.map { Format.percent($0) } ?? "n/a"))
        rows.append(.init(name: "Distance from 52-week high", value: percent(stats.distanceFrom52WeekHigh)))
        return rows
    }

    /// The last 20 changes of the composite signal, newest first.
    func historyRows(_ analysis: Analysis) -> [SymbolView.HistoryRow] {
        var rows: [SymbolView.HistoryRow] = []
        var index = analysis.actions.count - 1
        while index >= 0 && rows.count < 20 {
            if let action = analysis.actions[index], index == 0 || analysis.actions[index - 1] != action {
                rows.append(.init(date: analysis.series.dates[index].iso, action: action.rawValue, actionClass: action.rawValue.lowercased(),
                                  score: Format.fixed(analysis.scores[index], 2), close: Format.price(analysis.series.close[index])))
            }
            index -= 1
        }
        return rows
    }

    // MARK: Reports

    static let reportsPerPage = 50

    /// Where a report's content links from: replaced by `../../` on its page and by the site's
    /// address in the feeds. A control character XML forbids, which every input has had removed
    /// (`XML.removingForbidden`), so no content can contain it.
    static let rootMarker = "\u{1}"

    /// `content` with every root marker replaced by `root`, byte by byte (Foundation's
    /// `replacingOccurrences` goes through UTF-16 and was a tenth of the index step).
    static func rooted(_ content: String, at root: String) -> String {
        let marker = rootMarker.utf8.first!
        var content = content
        return content.withUTF8 { bytes in
            // Copied run by run: the feeds root every report they carry, every night.
            var out: [UInt8] = []
            out.reserveCapacity(bytes.count + 256)
            var start = 0
            while let found = bytes[start...].firstIndex(of: marker) {
                out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start..<found]))
                out += root.utf8
                start = found + 1
            }
            out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start...]))
            return String(decoding: out, as: UTF8.self)
        }
    }

    /// `day`'s report: as published before, or made now from the summaries, with links to the
    /// reports before and after it (the reports index has them all).
    func reportView(_ day: Day, _ edition: Edition) -> ReportView {
        var view = edition.snapshot(day)?.report ?? freshReportView(day, edition)
        let index = edition.reportDays.firstIndex(of: day)
        view.previous = index.flatMap { $0 + 1 < edition.reportDays.count ? .init(date: edition.reportDays[$0 + 1].iso) : nil }
        view.next = index.flatMap { $0 > 0 ? .init(date: edition.reportDays[$0 - 1].iso) : nil }
        return view
    }

    func freshReportView(_ day: Day, _ edition: Edition) -> ReportView {
        let watchlists = edition.watchlists.map { watchlist in
            ReportView.Watchlist(title: watchlist.title, rows: watchlist.symbols.compactMap { edition.summaries[$0]?.days[day]?.row })
        }
        var events: [ReportView.SymbolText] = []
        for symbol in edition.symbols {
            for event in edition.summaries[symbol]?.days[day]?.events ?? [] {
                events.append(.init(symbol: symbol.value, text: event.text, directionClass: changeClass(Double(event.direction))))
            }
        }
        // A note dated on a day without trading (a weekend, a holiday) goes with the next report.
        let note = edition.notes.filter { note in edition.reportDays.filter { $0 >= note.date! }.min() == day }.max { $0.date! < $1.date! }
        // Hook commentary belongs to the edition's own day only.
        let commentary = day != edition.asOf ? [] : edition.symbols.compactMap { symbol in
            edition.summaries[symbol]?.commentary.map { ReportView.SymbolText(symbol: symbol.value, text: $0.text, directionClass: nil) }
        }
        return ReportView(
            date: day.iso, summary: reportSummary(day, edition), watchlists: watchlists,
            hasEvents: !events.isEmpty, events: events, hasCommentary: !commentary.isEmpty, commentary: commentary,
            note: note.map { .init(title: $0.title, contentHTML: $0.html,
                                   source: $0.allowsHTML ? $0.source : Escaping.markdownSourceWithoutHTML($0.source)) },
            previous: nil, next: nil)
    }

    /// The feed's summary of `day`: as published, or made now.
    func feedSummary(_ day: Day, _ edition: Edition) -> String {
        edition.summaries(day)?.feedSummary ?? SiteExtras(config: config).summary(day, edition)
    }

    /// A day's line in the reports index: what changed first (the calls a reader acts on), then
    /// the counts. An edition published before keeps the line it was published with.
    func reportSummary(_ day: Day, _ edition: Edition) -> String {
        if let summaries = edition.summaries(day) { return summaries.indexSummary }
        let counts = edition.actionCounts(on: day)
        let changed = edition.symbols.compactMap { symbol -> String? in
            guard let row = edition.summaries[symbol]?.days[day]?.row, row.change.hasPrefix("was ") else { return nil }
            return "\(symbol) \(row.action) (\(row.change))"
        }
        let changes = changed.isEmpty ? "No signal changed"
            : NumberText.counted(changed.count, "change") + ": " + changed.prefix(3).joined(separator: ", ") + (changed.count > 3 ? ", ..." : "")
        return "\(changes). \(counts.buy) BUY, \(counts.hold) HOLD, \(counts.sell) SELL across \(NumberText.counted(edition.symbols.count, "symbol"))."
    }
}

extension MarkdownReportFrame {
    func escaped(with text: (String) -> String) -> MarkdownReportFrame {
        MarkdownReportFrame(siteTitle: text(siteTitle), notice: notice.map(text), disclaimer: text(disclaimer), siteURL: siteURL, indexFile: indexFile)
    }
}
