import Core
import Foundation
import MarketData
import Project
import Publishing
import Signals
import Tiers

/// One symbol's part of `streamSymbols`, run on any thread: read once, analysed once over its
/// history up to the build date, rendered for every tier that sees it (a delayed tier reads the
/// same analysis at an earlier bar), written into the staging site and each tier's bundle
/// (leak-checked as it is written), summarised for the index pages, and dropped.
struct SymbolWork: Sendable {
    /// A symbol's summaries by edition date, and whether its prices were adjusted.
    typealias Summaries = (byDate: [Day: SymbolSummary], adjusted: Bool)

    let market: MarketSource
    let tiers: [TierOutput]
    let renderer: SiteRenderer
    let config: SignalConfig
    let asOf: Day
    let commentary: [Symbol: Commentary]
    let staleAfter: Int
    /// Each symbol's exchange calendar (its first watchlist's that names one, else `data.calendar`): a
    /// series without the expected session is stale, with no grace days.
    let calendars: [Symbol: ExchangeCalendar]
    let defaultCalendar: ExchangeCalendar?
    /// The session each edition date should show, by calendar (nil: the weekday rule).
    let expectedBy: [ExchangeCalendar.Code?: [Day: Day]]
    /// Each tier's symbols, by rank.
    let sees: [Set<Symbol>]
    /// Every tier's edition date, and the report days of each not published before (never computed again).
    let dates: [Day]
    let reportDays: [Day: [Day]]
    /// The session each edition date should show (see `expectedSessions`).
    let expected: [Day: Day]
    /// The benchmark, read once and cut at each edition's date.
    let benchmarks: [Day: Series]
    let callLog: CallLog
    let problems = ProblemList()
    /// The warnings of the files the calendar read at their ends only, by symbol index.
    let readAtEnds: Set<Symbol>
    let fileWarnings: Slots<[String]>
    let done: ProgressCount
    let series: InMemoryCounter
    let analyses: InMemoryCounter
    /// A preview of one output reuses what an edit did not touch.
    let memo: PreviewMemo?
    let sharedKey: String
    /// The last preview, still in place while this one is staged.
    let previous: URL

    init(context: inout BuildContext, loaded: LoadedProject, snapshot: MarketSnapshot, tiers: [TierOutput], total: Int) throws(BuildError) {
        let project = loaded.project
        (market, self.tiers, renderer, config) = (snapshot.source, tiers, loaded.renderer, project.config.signals)
        (asOf, commentary, staleAfter) = (snapshot.asOf, context.commentary, project.config.data.staleAfterDays)
        sees = tiers.map { Set($0.edition.symbols) }
        dates = Array(Set(tiers.map(\.asOf))).sorted()
        // Sample data ends where it ends: a demo is never a dead feed.
        defaultCalendar = project.config.data.calendar
        calendars = Self.symbolCalendars(project)
        var expectedBy: [ExchangeCalendar.Code?: [Day: Day]] = [:]
        for calendar in Set(calendars.values.map(\.code)).map(ExchangeCalendar.init) + [defaultCalendar].compactMap({ $0 }) where !context.demo {
            expectedBy[calendar.code] = Self.expectedSessions(tiers, latest: context.options.latestDay, calendar: calendar)
        }
        self.expectedBy = expectedBy
        expected = context.demo ? [:] : Self.expectedSessions(tiers, latest: context.options.latestDay, calendar: defaultCalendar)
        var fresh: [Day: [Day]] = [:]
        for tier in tiers {
            let edition = tier.edition
            // The edition's own day always: a sealed one is compared with what it published.
            let days = edition.reportDays.filter { edition.archive.summaries[$0] == nil } + [edition.asOf]
            fresh[tier.asOf] = Array(Set(fresh[tier.asOf] ?? []).union(days)).sorted(by: >)
        }
        reportDays = fresh
        var cut: [Day: Series] = [:]
        if let benchmark = project.config.benchmark {
            do throws(DataIssue) {
                let series = try snapshot.source.load(benchmark).series
                for date in dates { cut[date] = series.through(date) }
            } catch { throw .data([error]) }
        }
        benchmarks = cut
        callLog = context.callLog
        (readAtEnds, fileWarnings) = (snapshot.readAtEnds, Slots(count: total))
        done = ProgressCount(total: total, progress: context.progress, label: "rendering")
        (series, analyses) = (context.seriesInMemory, context.analysesInMemory)
        memo = tiers.count == 1 ? context.options.memo : nil
        previous = context.options.output
        sharedKey = memo.map { _ in PreviewMemo.sharedKey(project, tier: tiers[0], tradingDays: snapshot.tradingDays, market: snapshot.source) } ?? ""
    }

    /// Every tier's bundle takes this symbol's files (none, for a tier that does not see it) as
    /// one batch, in symbol order, whatever happens here.
    func run(_ symbol: Symbol, index: Int) -> Summaries {
        let batches = tiers.map { _ in ZipWriter.Batch() }
        defer { for (tier, batch) in zip(tiers, batches) { tier.zip?.commit(batch, sequence: index) } }
        var memoKey: String?
        if let memo, let data = market.dataKey(symbol) {
            let key = sharedKey + " " + data + " " + (commentary[symbol].map { "\($0.text) \($0.confidenceAdjustment)" } ?? "")
            if let reused = reuse(symbol, key: key, memo: memo, batch: batches[0]) { return reused }
            memoKey = key
        }
        return series.holding {
            let bars: Series
            do throws(DataIssue) {
                let read = try market.load(symbol)
                if readAtEnds.contains(symbol) { fileWarnings.set(index, read.warnings.map(\.description)) }
                bars = read.series.through(asOf)
            } catch {
                problems.add(.data([error]))
                return ([:], false)
            }
            return analyses.holding { analyse(symbol, bars, batches: batches, memoKey: memoKey) }
        }
    }

    /// The last preview's files and calls for `symbol`, when nothing it depends on changed.
    func reuse(_ symbol: Symbol, key: String, memo: PreviewMemo, batch: ZipWriter.Batch) -> Summaries? {
        guard let entry = memo.entry(symbol, key: key), let files = PreviewMemo.read(entry.paths, from: previous) else { return nil }
        for (path, bytes) in files { tiers[0].add(path, bytes, batch: batch) }
        for logged in entry.calls { callLog.append(logged.call, date: logged.date, day: logged.day) }
        memo.remember(symbol, entry, reused: true)
        done.advance()
        return entry.summary
    }

    func analyse(_ symbol: Symbol, _ bars: Series, batches: [ZipWriter.Batch], memoKey: String?) -> Summaries {
        let dates = self.dates(of: symbol)
        let entries = self.entries(symbol, Analysis(series: bars, config: config), dates: dates)
        let paths = render(symbol, entries, batches: batches)
        done.advance()
        // Calls go to disk as they are made; the summaries kept in memory hold none.
        var calls: [PreviewMemo.Call] = []
        let summary = (Dictionary(uniqueKeysWithValues: dates.map { date in
            let full = SymbolSummary(entries[date]!, reportDays: reportDays[date] ?? [])
            for (day, call) in full.calls {
                callLog.append(call, date: date, day: day)
                if memo != nil { calls.append(.init(date: date, day: day, call: call)) }
            }
            return (date, full.withoutCalls())
        }), bars.adjusted)
        if let memo, let memoKey { memo.remember(symbol, .init(key: memoKey, paths: paths, summary: summary, calls: calls)) }
        return summary
    }

    /// The calendar of each symbol whose first watchlist with a `calendar:` names one.
    static func symbolCalendars(_ project: Project) -> [Symbol: ExchangeCalendar] {
        var calendars: [Symbol: ExchangeCalendar] = [:]
        for watchlist in project.watchlists {
            guard let calendar = watchlist.calendar else { continue }
            for symbol in watchlist.symbols where calendars[symbol] == nil { calendars[symbol] = calendar }
        }
        return calendars
    }

    /// The session each tier's edition should show: the last session (of `calendar`, else the
    /// last weekday) on or before the build's day (`--as-of`, else today), moved back by the
    /// tier's delay in sessions. Staleness is measured against it, not against the last day the
    /// data itself holds: a feed that died a week ago makes every series a week behind, not none.
    static func expectedSessions(_ tiers: [TierOutput], latest: Day, calendar: ExchangeCalendar? = nil) -> [Day: Day] {
        func weekdayOnOrBefore(_ day: Day) -> Day {
            calendar?.lastSession(onOrBefore: day) ?? (day.isWeekend ? weekdayOnOrBefore(day.adding(days: -1)) : day)
        }
        var expected: [Day: Day] = [:]
        for tier in tiers {
            var session = weekdayOnOrBefore(latest)
            for _ in 0..<tier.edition.tier.delayDays { session = weekdayOnOrBefore(session.adding(days: -1)) }
            expected[tier.asOf] = max(tier.asOf, min(session, expected[tier.asOf] ?? session))
        }
        return expected
    }

    /// The edition dates whose pages show `symbol`, and the build's own (its staleness is counted
    /// there): a delayed tier that does not list it keeps no summary of it, which at 10,000
    /// symbols and a free tier of 50 was half of what the stream held.
    func dates(of symbol: Symbol) -> [Day] {
        dates.filter { date in date == asOf || tiers.indices.contains { tiers[$0].asOf == date && sees[$0].contains(symbol) } }
    }

    /// The analysis cut at each of `dates`. Without a calendar, behind the expected session by
    /// a holiday or two is not stale; more than `stale_after_days` calendar days is. With one,
    /// a series that lacks the expected session is stale.
    func entries(_ symbol: Symbol, _ full: Analysis, dates: [Day]) -> [Day: SymbolEntry] {
        var entries: [Day: SymbolEntry] = [:]
        for date in dates {
            let analysis = full.through(date)
            let last = analysis.series.dates.last
            let calendar = calendars[symbol] ?? defaultCalendar
            let session = (calendar.flatMap { expectedBy[$0.code] } ?? expected)[date] ?? date
            let stale = market.notRefreshed[symbol] ?? last.map { last in
                if let calendar { return last < session ? "its last bar is \(last); the \(calendar.code.rawValue) session of \(session) is missing" : nil }
                return last.adding(days: staleAfter) < session ? "its last bar is \(last), more than \(staleAfter) days before \(session)" : nil
            } ?? "no bars at or before \(date)"
            entries[date] = SymbolEntry(symbol: symbol, analysis: analysis, stale: stale, commentary: date == asOf ? commentary[symbol] : nil,
                                        editionDate: date, benchmark: benchmarks[date])
        }
        return entries
    }

    /// The symbol's pages for every tier that sees it; the paths written.
    func render(_ symbol: Symbol, _ entries: [Day: SymbolEntry], batches: [ZipWriter.Batch]) -> [String] {
        let shared = SharedRenderings()
        let compressed = ZipWriter.SharedEntries()
        var paths: [String] = []
        for (rank, (tier, batch)) in zip(tiers, batches).enumerated() where sees[rank].contains(symbol) {
            do throws(ConfigError) {
                try renderer.renderSymbol(entries[tier.asOf]!, tier.edition, shared: shared) {
                    tier.add($0, $1, batch: batch, sharing: compressed)
                    paths.append($0)
                }
            } catch {
                problems.add(.template(error))
            }
        }
        return paths
    }
}
