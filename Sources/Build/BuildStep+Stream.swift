import Core
import Foundation
import MarketData
import Project
import Publishing
import Signals
import Tiers

extension BuildStep {
    /// The heart of a build. Each symbol, on at most `--jobs` threads: read, analysed once over
    /// its history up to the build date, rendered for every tier that sees it (a delayed tier
    /// reads the same analysis at an earlier bar), written into the staging site and each tier's
    /// bundle (leak-checked as it is written), summarised for the index pages, and dropped.
    public static let streamSymbols = BuildStep(name: "stream") { (context: inout BuildContext) throws(BuildError) in
        try context.prepareOutputs()
        let project = context.project!
        // A preview of one output skips the symbols that output does not show.
        let shown = Set(context.tiers.flatMap(\.edition.symbols))
        let symbols = context.market.available(project.symbols).filter { context.options.only == nil || shown.contains($0) }
        let dates = Array(Set(context.tiers.map(\.edition.asOf))).sorted()
        // Summaries cover only the report days not published before: those are never computed again.
        var freshDays: [Day: [Day]] = [:]
        for tier in context.tiers {
            let fresh = tier.edition.reportDays.filter { tier.edition.archive.summaries[$0] == nil }
            freshDays[tier.edition.asOf] = Array(Set(freshDays[tier.edition.asOf] ?? []).union(fresh)).sorted(by: >)
        }
        let reportDays = freshDays
        let summaries = Slots<(byDate: [Day: SymbolSummary], adjusted: Bool)>(count: symbols.count)
        let problems = ProblemList()
        let done = ProgressCount(total: symbols.count, progress: context.progress, label: "rendering")
        let (market, tiers, renderer, config) = (context.market!, context.tiers, context.renderer!, project.config.signals)
        let (asOf, commentary) = (context.asOf, context.commentary)
        let staleAfter = project.config.data.staleAfterDays
        let sees = tiers.map { Set($0.edition.symbols) }
        let (series, analyses) = (context.seriesInMemory, context.analysesInMemory)
        let callLog = context.callLog
        // The benchmark is read once and held (one series), cut at each edition's date.
        var cut: [Day: Series] = [:]
        if let benchmark = project.config.benchmark {
            do throws(DataIssue) {
                let series = try market.load(benchmark).series
                for date in dates { cut[date] = series.through(date) }
            } catch { throw .data([error]) }
        }
        let benchmarks = cut
        // A preview of one output reuses what an edit did not touch (`PreviewMemo`).
        let memo = tiers.count == 1 ? context.options.memo : nil
        let previous = context.options.output // still the last preview while this one is staged
        let sharedKey = memo.map { _ in PreviewMemo.sharedKey(project, tier: tiers[0], tradingDays: context.tradingDays, market: market) } ?? ""
        memo?.begin()
        Parallel.forEach(symbols.count, jobs: context.options.jobs) { index in
            let symbol = symbols[index]
            // Every tier's bundle takes this symbol's files (none, for a tier that does not see it)
            // as one batch, in symbol order, whatever happens here.
            let batches = tiers.map { _ in ZipWriter.Batch() }
            defer { for (tier, batch) in zip(tiers, batches) { tier.zip?.commit(batch, sequence: index) } }
            var memoKey: String?
            if let memo, let data = market.dataKey(symbol) {
                let key = sharedKey + " " + data + " " + (commentary[symbol].map { "\($0.text) \($0.confidenceAdjustment)" } ?? "")
                if let entry = memo.entry(symbol, key: key), let files = PreviewMemo.read(entry.paths, from: previous) {
                    for (path, bytes) in files { tiers[0].add(path, bytes, batch: batches[0]) }
                    for logged in entry.calls { callLog.append(logged.call, date: logged.date, day: logged.day) }
                    memo.remember(symbol, entry, reused: true)
                    summaries.set(index, entry.summary)
                    done.advance()
                    return
                }
                memoKey = key
            }
            summaries.set(index, series.holding {
                let bars: Series
                do throws(DataIssue) { bars = try market.load(symbol).series.through(asOf) } catch {
                    problems.add(.data([error]))
                    return ([:], false)
                }
                return analyses.holding {
                    let full = Analysis(series: bars, config: config)
                    var entries: [Day: SymbolEntry] = [:]
                    for date in dates {
                        let analysis = full.through(date)
                        let last = analysis.series.dates.last
                        // Behind by a holiday or two is not stale; more than stale_after_days calendar days is.
                        let stale = market.notRefreshed[symbol] ?? last.map { $0.adding(days: staleAfter) < date
                            ? "its last bar is \($0), more than \(staleAfter) days before \(date)" : nil } ?? "no bars at or before \(date)"
                        entries[date] = SymbolEntry(symbol: symbol, analysis: analysis, stale: stale, commentary: date == asOf ? commentary[symbol] : nil,
                                                    editionDate: date,
                                                    benchmark: benchmarks[date])
                    }
                    let shared = SharedRenderings()
                    var paths: [String] = []
                    for (rank, (tier, batch)) in zip(tiers, batches).enumerated() where sees[rank].contains(symbol) {
                        do throws(ConfigError) {
                            try renderer.renderSymbol(entries[tier.edition.asOf]!, tier.edition, shared: shared) {
                                tier.add($0, $1, batch: batch)
                                paths.append($0)
                            }
                        } catch {
                            problems.add(.template(error))
                        }
                    }
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
            })
        }
        context.summary.symbolsReused = memo?.reusedSoFar ?? 0
        callLog.close()
        if let problem = problems.error { throw problem }
        if let failure = callLog.failure { throw .callLogNotWritten(path: failure.path, reason: failure.reason) }
        for tier in context.tiers {
            let visible = Set(tier.edition.symbols)
            for (index, symbol) in symbols.enumerated() where visible.contains(symbol) {
                tier.edition.summaries[symbol] = summaries.get(index).byDate[tier.edition.asOf]
            }
        }
        let behind = symbols.indices.filter { summaries.get($0).byDate[asOf]?.stale != nil }
        context.summary.symbolsStale = behind.count
        // File data too (a fetch reports its own): a stale symbol is named in the summary, and fails a --strict build.
        var staleFiles: [SymbolProblem] = []
        for index in behind where context.market.notRefreshed[symbols[index]] == nil {
            let problem = SymbolProblem(symbol: symbols[index], kind: .stale(summaries.get(index).byDate[asOf]!.stale!))
            staleFiles.append(problem)
            context.summary.warningSymbols[problem.description] = symbols[index].value
        }
        if context.options.strict, !staleFiles.isEmpty { throw .strict(staleFiles) }
        context.summary.warnings += staleFiles.map(\.description)
        context.summary.symbolsOK = symbols.count - behind.count
        context.summary.symbolsFailed = context.market.failed.count
        context.summary.symbolsAdjusted = symbols.indices.filter { summaries.get($0).adjusted }.count
        context.summary.notesScheduled = project.notes.compactMap(\.date).filter { $0 > asOf }.sorted()
    }
}

extension BuildContext {
    /// The signing key, the staging site, and one output (edition, bundle, leak boundary) per tier.
    mutating func prepareOutputs() throws(BuildError) {
        let keys = KeyStore(directory: state.keys)
        do throws(TiersError) {
            if let key = try keys.current() {
                signingKey = key
            } else if options.checkOnly {
                signingKey = SigningKey(privateKey: .init())
            } else {
                signingKey = try keys.generate()
                summary.generatedKey = signingKey.id
            }
        } catch { throw .tiers(error) }
        do throws(TiersError) { publicKeys = try keys.publishedKeys() } catch { throw .tiers(error) }
        if !publicKeys.contains(where: { $0.id == signingKey.id }) { publicKeys.append(.init(signingKey)) }
        let site: StagingSite
        do throws(PublishingError) { site = try StagingSite(output: options.output) } catch { throw .publishing(error) }
        staging = site
        for (rank, tier) in project.config.tiers.enumerated() where options.only.map({ $0 == .publicSite ? rank == 0 : $0 == .tier(tier.id) }) ?? true {
            let date = tradingDays[max(0, tradingDays.count - 1 - tier.delayDays)]
            let bundle = BundlePath(tier: tier.id, date: asOf)
            // `serve --tier` shows the tier's files as a subscriber unzips them: no zip to make and unpack.
            let unzipped = options.only == .tier(tier.id) && rank > 0
            var zip: ZipWriter?
            if !unzipped {
                site.prepare(bundle.archive)
                do throws(TiersError) { zip = try ZipWriter(archive: site.url(bundle.archive), modified: BundleArchive.timestamp(asOf)) } catch {
                    throw .tiers(error)
                }
            }
            tiers.append(TierOutput(edition: edition(rank: rank, date: date), rank: rank, bundle: bundle, zip: zip,
                                    boundary: leakBoundary(rank: rank, date: date), site: rank == 0 || unzipped ? site : nil))
        }
    }

    func edition(rank: Int, date: Day) -> Edition {
        let tiers = project.config.tiers.map(\.id)
        let visible = { (page: ContentPage) in (page.tier.flatMap { tiers.firstIndex(of: $0) } ?? 0) <= rank }
        // The last ten trading days, and every day an earlier build published: the archive only grows.
        let archive = editions.archive(tiers[rank], through: date)
        let days = Set(tradingDays.filter { $0 <= date }.suffix(10)).union(archive.summaries.keys).sorted(by: >)
        // archive.keep_days: the newest editions stay published; the rest stay in the edition store.
        let kept = project.config.archiveKeepDays.map { Array(days.prefix($0)) } ?? days
        var edition = Edition(tier: project.config.tiers[rank], asOf: date, watchlists: project.watchlists(for: project.config.tiers[rank]),
                              pages: project.pages.filter(visible), notes: project.notes.filter { visible($0) && $0.date! <= date },
                              reportDays: kept)
        edition.archive = archive
        return edition
    }

    /// What tier `rank`'s output must not contain: higher tiers' symbols, pages and notes, and
    /// any trading day after the tier's delayed date.
    func leakBoundary(rank: Int, date: Day) -> LeakCheck.Boundary {
        let tiers = project.config.tiers
        let visible = Set(project.watchlists(for: tiers[rank]).flatMap(\.symbols).map(\.value))
        let rankOf = { (page: ContentPage) in page.tier.flatMap { id in tiers.firstIndex { $0.id == id } } ?? 0 }
        var fragments: [(text: String, item: String)] = []
        for page in project.pages where rankOf(page) > rank {
            let item = "the page '\(page.title)' (\(page.file)), which only \(tiers[rankOf(page)].id) and above may see"
            fragments.append(("pages/\(page.slug)/", item))
            if let text = LeakCheck.distinctiveText(of: page.source) { fragments.append((text, item)) }
        }
        for note in project.notes where rankOf(note) > rank || note.date.map({ $0 > date }) == true {
            if let text = LeakCheck.distinctiveText(of: note.source) {
                fragments.append((text, "text of the note \(note.file), which \(tiers[rank].id) may not see yet or at all"))
            }
        }
        return LeakCheck.Boundary(name: tiers[rank].id.value, symbols: Set(project.symbols.map(\.value)).subtracting(visible)
                                    // The benchmark is named on every tier's symbol pages, whichever watchlist also has it.
                                    .subtracting(project.config.benchmark.map { [$0.value] } ?? []),
                                  laterDays: Set(tradingDays.filter { $0 > date }.map(\.iso)), fragments: fragments, vocabulary: LeakCheck.defaultVocabulary)
    }
}

/// The problems seen by every thread of a parallel step.
final class ProblemList: @unchecked Sendable {
    private let lock = NSLock()
    private var problems: [BuildError] = []

    func add(_ problem: BuildError) {
        lock.lock()
        problems.append(problem)
        lock.unlock()
    }

    /// Every problem seen, as one error (nil when there were none).
    var error: BuildError? {
        lock.lock()
        defer { lock.unlock() }
        return BuildError.combining(problems)
    }
}

/// "rendering 120/500 symbols", as symbols finish on any thread.
final class ProgressCount: @unchecked Sendable {
    private let lock = NSLock()
    private var done = 0
    let total: Int
    let progress: @Sendable (String) -> Void
    let label: String

    init(total: Int, progress: @escaping @Sendable (String) -> Void, label: String) {
        self.total = total
        self.progress = progress
        self.label = label
    }

    func advance() {
        lock.lock()
        done += 1
        let now = done
        lock.unlock()
        progress("\(label) \(now)/\(total) symbols")
    }
}
