import Core
import Foundation
import MarketData
import Project
import Publishing

extension BuildStep {
    /// Reads every symbol's data once to validate it and learn the trading calendar, keeping only
    /// the last few dates of each (series are read again, one at a time, when they stream). With
    /// `data.source: http` the fetch comes first, through the cache.
    public static let loadMarketData = BuildStep(name: "data") { (context: inout BuildContext) throws(BuildError) in
        context.progress("loading market data")
        let project = try context.loadedProject().project
        var warnings: [String] = []
        let source: MarketSource
        if let http = project.config.data.http {
            source = try context.fetch(http, project: project, warnings: &warnings)
        } else {
            source = MarketSource(.files(FileProvider(directory: project.dataDirectory, displayDirectory: "content/\(project.config.data.directory)",
                                                       root: project.root, prices: project.config.data.prices,
                                                       dates: project.config.data.dateFormat)))
        }
        // Enough days for every tier's delay and its ten report days.
        let keep = (project.config.tiers.map(\.delayDays).max() ?? 0) + 11
        let symbols = source.available(project.dataSymbols)
        let scanned = Slots<Result<(tail: [Day], warnings: [String]?), DataIssue>>(count: symbols.count)
        let (limit, since) = (context.options.latestDay, context.options.calendarSince)
        let counter = context.seriesInMemory
        let atEnds = context.readsAtEnds(source, project: project)
        Parallel.forEach(symbols.count, jobs: context.options.jobs) { index in
            let symbol = symbols[index]
            if atEnds.contains(symbol), case let .files(provider) = source.origin, let dates = provider.datesAtEnd(symbol),
               let window = Self.calendarWindow(dates, keep: keep, through: limit, since: since, whole: false) {
                // Read whole, and its warnings told, when it streams.
                return scanned.set(index, .success((window, nil)))
            }
            scanned.set(index, counter.holding {
                Result { () throws(DataIssue) in
                    let result = try source.load(symbol)
                    return (Self.calendarWindow(result.series.dates, keep: keep, through: limit, since: since, whole: true)!, result.warnings.map(\.description))
                }
            })
        }
        var issues: [DataIssue] = []
        var days = Set<Day>()
        var readAtEnds: Set<Symbol> = []
        for index in symbols.indices {
            switch scanned.get(index) {
            case let .success(scan):
                days.formUnion(scan.tail)
                if scan.warnings == nil { readAtEnds.insert(symbols[index]) }
                if case .files = source.origin { warnings += scan.warnings ?? [] }
            case let .failure(issue): issues.append(issue)
            }
        }
        guard issues.isEmpty else { throw .data(issues) }
        let fileWarningsAt = context.summary.warnings.count + warnings.count
        let calendar = days.sorted()
        guard let latest = calendar.last else { throw .noData(asOf: context.options.latestDay, problems: []) }
        if let requested = context.options.asOf, !calendar.contains(requested) {
            warnings.append("--as-of \(requested) is not a trading day in the data; using the last trading day before it")
        }
        let backfilled = context.options.calendarSince.map { since in calendar.filter { $0 >= since } } ?? []
        let tradingDays = backfilled.isEmpty ? Array(calendar.filter { $0 <= latest }.suffix(keep)) : backfilled
        context.market = MarketSnapshot(source: source, tradingDays: tradingDays, asOf: tradingDays.last ?? latest,
                                        readAtEnds: readAtEnds, fileWarningsAt: fileWarningsAt)
        context.summary.asOf = tradingDays.last ?? latest
        context.summary.warnings += warnings
    }

    /// The dates of a series the calendar takes: its last `keep` on or before `limit`, and
    /// every one from `since`. From the newest dates of a file alone (`whole` false), nil when
    /// those may not be all the window holds.
    static func calendarWindow(_ dates: [Day], keep: Int, through limit: Day, since: Day?, whole: Bool) -> [Day]? {
        var end = dates.count
        while end > 0 && dates[end - 1] > limit { end -= 1 }
        guard whole || (end >= keep && since.map { since in dates.first.map { $0 <= since } ?? false } ?? true) else { return nil }
        var start = max(0, end - keep)
        if let since { start = min(start, dates.firstIndex { $0 >= since } ?? start) }
        return Array(dates[start..<end])
    }
}

extension BuildContext {
    /// The symbols whose files the calendar may read at their two ends only
    /// (`FileProvider.datesAtEnd`), since the stream reads them whole anyway and tells their
    /// warnings and problems then: every streamed symbol of a build of the whole site. Not the
    /// benchmark (read whole, apart), not a preview (which may reuse a symbol without reading it)
    /// and not with a post-analysis hook, which would otherwise run before a defect is found.
    func readsAtEnds(_ source: MarketSource, project: Project) -> Set<Symbol> {
        guard case .files = source.origin, options.only == nil, options.memo == nil, project.config.hooks.postAnalysis == nil else { return [] }
        return Set(project.symbols).subtracting([project.config.benchmark].compactMap { $0 })
    }

    /// `data.source: http`: every symbol through the fetcher (cache, retries, politeness).
    mutating func fetch(_ http: HTTPSource, project: Project, warnings: inout [String]) throws(BuildError) -> MarketSource {
        let fetcher = project.marketFetcher(http, today: options.clock.today, offline: options.offline)
        let started = DispatchTime.now()
        let progress = self.progress
        let outcomes = fetcher.fetch(project.dataSymbols, to: options.latestDay, keepingCachedSeries: false) { done, total in
            progress("fetching market data \(done)/\(total)")
        }
        summary.fetch = FetchSummary(outcomes, seconds: started.secondsAgo)
        var held: [Symbol: CSVReader.Result] = [:]
        var cached: Set<Symbol> = []
        var notRefreshed: [Symbol: String] = [:]
        var failed: [String: String] = [:]
        var problems: [SymbolProblem] = []
        for outcome in outcomes {
            if let result = outcome.result { held[outcome.symbol] = result } else if outcome.inCache { cached.insert(outcome.symbol) }
            warnings += outcome.warnings.map(\.description)
            switch outcome.state {
            case let .stale(reason):
                notRefreshed[outcome.symbol] = reason
                problems.append(SymbolProblem(symbol: outcome.symbol, kind: .stale(reason)))
            case let .failed(reason):
                failed[outcome.symbol.value] = reason
                problems.append(SymbolProblem(symbol: outcome.symbol, kind: .failed(reason)))
            default: continue
            }
            summary.warningSymbols[problems.last!.description] = outcome.symbol.value
        }
        if options.strict, !problems.isEmpty { throw .strict(problems) }
        warnings += problems.map(\.description)
        guard !held.isEmpty || !cached.isEmpty else { throw .noData(asOf: nil, problems: problems) }
        summary.seriesHeldAfterFetch = held.count
        return MarketSource(.fetched(held: held, cached: cached, fetcher: fetcher), notRefreshed: notRefreshed, failed: failed)
    }
}
