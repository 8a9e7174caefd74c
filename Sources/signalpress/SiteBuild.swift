import Foundation
import Ledger
import MarketData
import Publishing
import Signals
import Tiers

/// One `build`, as a pipeline of named steps: load the project, load market data, analyse,
/// render every tier's edition, cut bundles, then swap the finished site in atomically.
/// Nothing is written to the output until every step has succeeded.
struct SiteBuild {
    struct Options {
        var root: URL
        var output: URL
        var asOf: Day?
        var jobs: Int = ProcessInfo.processInfo.activeProcessorCount
        /// Default: `.signalpress/ledger.sqlite` in the project.
        var ledger: String?
        /// `data.source: http`: use the cache only.
        var offline = false
        /// `data.source: http`: a symbol that cannot be refreshed fails the build.
        var strict = false
        /// False for previews (`serve`): nothing is published, so nothing is billed.
        var recordsLedger = true
    }

    struct Summary {
        var pages = 0
        var charts = 0
        var bundles = 0
        var files = 0
        var bytes = 0
        var asOf: Day
        var warnings: [String] = []
        var generatedKey: String?
        var ledgerEvents = 0
        var fetch: FetchSummary?
        var hookCommentaries: Int?
        var stages: [(stage: String, seconds: Double)] = []
        var symbolsOK = 0, symbolsStale = 0, symbolsFailed = 0
        /// The symbol a warning is about, by its text, for structured logs.
        var warningSymbols: [String: String] = [:]
        /// Nothing changed since the last build: the output was left exactly as it was.
        var unchanged = false
    }

    let options: Options
    let terminal: Terminal
    let clock = StageClock()

    func run() throws -> Summary {
        let started = Date()
        clock.enter("load")
        terminal.progress("loading project")
        let project: Project
        do { project = try Project.load(from: options.root) } catch { throw UserError(error.description) }
        let theme = Theme.load(overridesFrom: project.templatesDirectory)
        let templates: TemplateRenderer
        do { templates = try TemplateRenderer(theme: theme) } catch { throw UserError(error.description) }

        // A build whose inputs and output are exactly as the last build left them has nothing to do.
        // The inputs are hashed once: before loading files, or after fetching (the cache is an input).
        let inputFolders = [project.contentDirectory, project.templatesDirectory]
            + (project.config.data.http == nil ? [] : [project.marketCacheDirectory])
        var inputs: String?
        if options.recordsLedger, project.config.data.http == nil {
            inputs = fingerprint(project, folders: inputFolders)
            if let skipped = try unchangedBuild(project, inputs: inputs!, started: started) { return skipped }
        }

        clock.enter("data")
        terminal.progress("loading market data")
        var warnings: [String] = []
        let market = try loadMarketData(project, warnings: &warnings)
        if options.recordsLedger, project.config.data.http != nil {
            inputs = fingerprint(project, folders: inputFolders, market: market)
            if let skipped = try unchangedBuild(project, inputs: inputs!, started: started, warnings: warnings, fetch: market.fetch) { return skipped }
        }
        let loaded = market.series
        let calendar = Array(Set(loaded.values.flatMap(\.dates))).sorted()
        guard let latest = calendar.last else { throw UserError("no market data at or before the as-of date") }
        let asOf = options.asOf ?? latest
        if let requested = options.asOf, !calendar.contains(requested) {
            warnings.append("--as-of \(requested) is not a trading day in the data; using the last trading day before it")
        }
        let tradingDays = calendar.filter { $0 <= asOf }
        guard !tradingDays.isEmpty else { throw UserError("no market data at or before \(asOf)") }

        var summary = Summary(asOf: tradingDays.last!)
        summary.fetch = market.fetch
        summary.warningSymbols = market.warningSymbols
        let keys = KeyStore(directory: project.stateDirectory.appendingPathComponent("keys"))
        var signingKey: SigningKey
        do {
            if let key = try keys.current() {
                signingKey = key
            } else {
                signingKey = try keys.generate()
                summary.generatedKey = signingKey.id
            }
        } catch { throw UserError(error.description) }
        let publicKeys = (try? keys.all()) ?? [signingKey]

        let assets = Assets(theme: theme)
        var renderer = SiteRenderer(config: project.config, templates: templates, assets: assets,
                                    notice: project.config.notice,
                                    disclaimerSlug: project.pages.contains { $0.slug == "disclaimer" } ? "disclaimer" : nil)
        renderer.jobs = options.jobs
        var analysesByDate: [Day: [Symbol: SymbolEntry]] = [:]
        if let hookPath = project.config.hooks.postAnalysis {
            clock.enter("analysis")
            terminal.progress("running the post_analysis hook")
            let latest = summary.asOf
            var entries = analyse(project, loaded, through: latest, notRefreshed: market.stale)
            let hook = PostAnalysisHook(executable: project.contentDirectory.appendingPathComponent(hookPath), displayPath: "content/\(hookPath)",
                                        config: project.config.hooks, cacheDirectory: project.stateDirectory.appendingPathComponent("hooks"))
            let result = hook.run(entries, symbols: project.symbols, asOf: latest)
            for (symbol, commentary) in result.commentary { entries[symbol]?.commentary = commentary }
            analysesByDate[latest] = entries
            warnings += result.problems
            summary.hookCommentaries = result.commentary.count
        }
        var site = OutputFiles()
        var artifacts: [LedgerStore.Artifact] = []
        var leaks: [LeakCheck.Leak] = []
        let tierDates = project.config.tiers.map { tradingDays[max(0, tradingDays.count - 1 - $0.delayDays)] }
        for (rank, tier) in project.config.tiers.enumerated() {
            let tierDate = tierDates[rank]
            clock.enter("analysis")
            terminal.progress("analysing for \(tier.id) as of \(tierDate)")
            if analysesByDate[tierDate] == nil {
                analysesByDate[tierDate] = analyse(project, loaded, through: tierDate, notRefreshed: market.stale)
            }
            let edition = makeEdition(project, tier: tier, rank: rank, date: tierDate, entries: analysesByDate[tierDate]!,
                                      tradingDays: tradingDays)
            clock.enter("render")
            terminal.progress("rendering \(tier.id)")
            var files: OutputFiles
            do { files = try renderer.render(edition) } catch { throw UserError(error.description) }
            files.merge(assets.files)
            files.add("keys/signing.pub", signingKey.publicKeyFile)
            if edition.showsReports { files.add("feed.xml", SiteExtras(config: project.config).feed(edition)) }
            clock.enter("leak_check")
            let boundary = leakBoundary(project, rank: rank, date: tierDate, tradingDays: tradingDays)
            if rank == 0 {
                files.merge(SiteExtras(config: project.config).files(pages: files.paths, edition: edition, problems: market.failed))
                site.merge(files)
                for key in publicKeys { site.add("keys/\(key.id).pub", key.publicKeyFile) }
                leaks += LeakCheck().leaks(in: site, boundary: boundary)
                summary.pages = files.paths.filter { $0.hasSuffix(".html") }.count
                summary.charts = files.paths.filter { $0.hasSuffix(".svg") }.count
            } else {
                leaks += LeakCheck().leaks(in: files, prefix: "bundles/\(tier.id)/\(summary.asOf)/\(tier.id)-\(summary.asOf).zip:", boundary: boundary)
            }
            clock.enter("bundles")
            terminal.progress("bundling \(tier.id)")
            artifacts.append(try addBundle(files, tier: tier, date: summary.asOf, key: signingKey, to: &site))
            summary.bundles += 1
            // Analyses are the largest thing in memory: drop a date's once no later tier needs it.
            if !tierDates[(rank + 1)...].contains(tierDate) { analysesByDate[tierDate] = nil }
        }

        guard leaks.isEmpty else {
            throw UserError(leaks.prefix(20).map(\.description).joined(separator: "\n")
                            + (leaks.count > 20 ? "\n... and \(leaks.count - 20) more" : "") + "\nnothing was published")
        }

        // Opened (and migrated) before the swap, so a ledger that cannot be written stops the build
        // while the previous site is still in place.
        let ledgerPath = options.ledger ?? project.stateDirectory.appendingPathComponent("ledger.sqlite").path
        var ledger: LedgerStore?
        if options.recordsLedger {
            do { ledger = try LedgerStore(path: ledgerPath) } catch { throw UserError("\(ledgerPath): cannot open the ledger: \(error)") }
        }

        clock.enter("write")
        terminal.progress("writing \(options.output.path)")
        do { try AtomicWriter(output: options.output).write(site) } catch { throw UserError(error.description) }
        summary.files = site.count
        summary.bytes = site.byteCount
        summary.warnings = warnings
        let behind = loaded.filter { market.stale[$0.key] != nil || ($0.value.dates.last.map { $0 < summary.asOf } ?? true) }
        summary.symbolsStale = behind.count
        summary.symbolsOK = loaded.count - behind.count
        summary.symbolsFailed = market.failed.count

        // The ledger records what was actually published, so it is written after the swap.
        clock.enter("ledger")
        terminal.progress("recording in the ledger")
        do {
            summary.ledgerEvents = try ledger?.recordBuild(asOf: summary.asOf.iso, started: started, finished: Date(), outcome: "published",
                                                          files: summary.files, bytes: summary.bytes, artifacts: artifacts).events.recorded ?? 0
        } catch {
            throw UserError("the site was published but the ledger could not record it: \(error)")
        }
        if var inputs {
            // A key created by this build is part of the next build's inputs.
            if summary.generatedKey != nil {
                inputs = fingerprint(project, folders: inputFolders, market: project.config.data.http == nil ? nil : market)
            }
            BuildState(fingerprint: inputs,
                       output: options.output.standardizedFileURL.path, asOf: summary.asOf.iso,
                       counts: ["pages": summary.pages, "charts": summary.charts, "bundles": summary.bundles, "files": summary.files, "bytes": summary.bytes],
                       files: BuildState.scan(options.output)).save(project.root)
        }
        clock.finish()
        summary.stages = clock.table
        terminal.clearProgress()
        return summary
    }

    /// The inputs of a build; with an HTTP source also which symbols could not be refreshed, since
    /// that changes the pages even when the cache did not change.
    func fingerprint(_ project: Project, folders: [URL], market: MarketData? = nil) -> String {
        BuildState.fingerprint(folders: folders, keys: project.stateDirectory.appendingPathComponent("keys"),
                               options: ["as-of \(options.asOf?.iso ?? "latest")", "offline \(options.offline)", "strict \(options.strict)",
                                         "output \(options.output.standardizedFileURL.path)",
                                         "stale " + (market?.stale.map { "\($0.key)=\($0.value)" }.sorted().joined(separator: ";") ?? ""),
                                         "failed " + (market?.failed.map { "\($0.key)=\($0.value)" }.sorted().joined(separator: ";") ?? "")])
    }

    /// The summary of a skipped build when nothing changed, or nil when there is work to do.
    func unchangedBuild(_ project: Project, inputs: String, started: Date, warnings: [String] = [], fetch: FetchSummary? = nil) throws -> Summary? {
        guard let state = BuildState.load(project.root), let asOf = Day(iso: state.asOf),
              state.output == options.output.standardizedFileURL.path, state.fingerprint == inputs,
              BuildState.scan(options.output) == state.files else { return nil }
        var summary = Summary(asOf: asOf)
        summary.unchanged = true
        summary.pages = state.counts["pages"] ?? 0
        summary.charts = state.counts["charts"] ?? 0
        summary.bundles = state.counts["bundles"] ?? 0
        summary.files = state.counts["files"] ?? 0
        summary.bytes = state.counts["bytes"] ?? 0
        summary.warnings = warnings
        summary.fetch = fetch
        let ledgerPath = options.ledger ?? project.stateDirectory.appendingPathComponent("ledger.sqlite").path
        do {
            try LedgerStore(path: ledgerPath).recordBuild(asOf: state.asOf, started: started, finished: Date(), outcome: "unchanged",
                                                          files: summary.files, bytes: summary.bytes, artifacts: [])
        } catch { throw UserError("\(ledgerPath): cannot record the build: \(error)") }
        clock.finish()
        summary.stages = clock.table
        return summary
    }

    struct MarketData {
        var series: [Symbol: Series]
        /// Symbols built from an older cached series, with why they could not be refreshed.
        var stale: [Symbol: String] = [:]
        /// Symbols left out of this build, with why (status.json reports them).
        var failed: [String: String] = [:]
        var fetch: FetchSummary?
        var hookCommentaries: Int?
        var stages: [(stage: String, seconds: Double)] = []
        var symbolsOK = 0, symbolsStale = 0, symbolsFailed = 0
        /// The symbol a warning is about, by its text, for structured logs.
        var warningSymbols: [String: String] = [:]
    }

    func loadMarketData(_ project: Project, warnings: inout [String]) throws -> MarketData {
        guard let http = project.config.data.http else { return MarketData(series: try loadFiles(project, warnings: &warnings)) }
        let fetcher = project.marketFetcher(http, offline: options.offline)
        let started = Date()
        let terminal = self.terminal
        let outcomes = fetcher.fetch(project.symbols, to: options.asOf ?? Day.today) { done, total in
            terminal.progress("fetching market data \(done)/\(total)")
        }
        var market = MarketData(series: [:])
        market.fetch = FetchSummary(outcomes, seconds: Date().timeIntervalSince(started))
        var problems: [String] = []
        for outcome in outcomes {
            if let result = outcome.result {
                market.series[outcome.symbol] = result.series
                warnings += result.warnings.map(\.description)
            }
            switch outcome.state {
            case let .stale(reason):
                market.stale[outcome.symbol] = reason
                problems.append("\(outcome.symbol) is stale: \(reason)")
            case let .failed(reason):
                market.failed[outcome.symbol.value] = reason
                problems.append("\(outcome.symbol) failed: \(reason)")
            default: continue
            }
            market.warningSymbols[problems.last!] = outcome.symbol.value
        }
        if options.strict, !problems.isEmpty {
            throw UserError(problems.joined(separator: "\n") + "\n--strict: nothing was published")
        }
        warnings += problems
        guard !market.series.isEmpty else { throw UserError(problems.joined(separator: "\n") + "\nno symbol has data; nothing was published") }
        return market
    }

    func loadFiles(_ project: Project, warnings: inout [String]) throws -> [Symbol: Series] {
        let provider = FileProvider(directory: project.dataDirectory, displayDirectory: "content/\(project.config.data.directory)")
        let symbols = project.symbols
        let results = Slots<Result<CSVReader.Result, DataIssue>>(count: symbols.count)
        Parallel.forEach(symbols.count, jobs: options.jobs) { index in
            results.set(index, Result { () throws(DataIssue) -> CSVReader.Result in try provider.load(symbols[index]) })
        }
        var loaded: [Symbol: Series] = [:]
        var errors: [String] = []
        for (index, symbol) in symbols.enumerated() {
            switch results.get(index) {
            case let .success(result):
                warnings += result.warnings.map(\.description)
                loaded[symbol] = result.series
            case let .failure(issue):
                errors.append(issue.description)
            }
        }
        guard errors.isEmpty else { throw UserError(errors.joined(separator: "\n")) }
        return loaded
    }

    /// Every symbol analysed on its bars up to `date`, in parallel; results do not depend on the order.
    func analyse(_ project: Project, _ loaded: [Symbol: Series], through date: Day, notRefreshed: [Symbol: String] = [:]) -> [Symbol: SymbolEntry] {
        let symbols = project.symbols.filter { loaded[$0] != nil }
        let results = Slots<SymbolEntry>(count: symbols.count)
        let config = project.config.signals
        Parallel.forEach(symbols.count, jobs: options.jobs) { index in
            let symbol = symbols[index]
            let series = loaded[symbol]!.through(date)
            let last = series.dates.last
            let stale: String? = notRefreshed[symbol] ?? last.map { $0 < date ? "last bar \($0) is older than \(date)" : nil } ?? "no bars at or before \(date)"
            results.set(index, SymbolEntry(symbol: symbol, analysis: Analysis(series: series, config: config), stale: stale))
        }
        var entries: [Symbol: SymbolEntry] = [:]
        for (index, symbol) in symbols.enumerated() { entries[symbol] = results.get(index) }
        return entries
    }

    func makeEdition(_ project: Project, tier: TierConfig, rank: Int, date: Day, entries: [Symbol: SymbolEntry],
                     tradingDays: [Day]) -> Edition {
        let tiers = project.config.tiers.map(\.id)
        let visible = { (page: ContentPage) in (page.tier.flatMap { tiers.firstIndex(of: $0) } ?? 0) <= rank }
        let watchlists = project.watchlists(for: tier)
        let symbols = Set(watchlists.flatMap(\.symbols))
        let days = tradingDays.filter { $0 <= date }.suffix(10).reversed()
        return Edition(tier: tier, asOf: date, watchlists: watchlists, entries: entries.filter { symbols.contains($0.key) },
                       pages: project.pages.filter(visible), notes: project.notes.filter { visible($0) && $0.date! <= date },
                       reportDays: Array(days))
    }

    /// What tier `rank`'s output must not contain: higher tiers' symbols, pages and notes, and
    /// any trading day after the tier's delayed date.
    func leakBoundary(_ project: Project, rank: Int, date: Day, tradingDays: [Day]) -> LeakCheck.Boundary {
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
        return LeakCheck.Boundary(name: tiers[rank].id,
                                  symbols: Set(project.symbols.map(\.value)).subtracting(visible),
                                  laterDays: Set(tradingDays.filter { $0 > date }.map(\.iso)),
                                  fragments: fragments, vocabulary: LeakCheck.vocabulary)
    }

    func addBundle(_ files: OutputFiles, tier: TierConfig, date: Day, key: SigningKey, to site: inout OutputFiles) throws -> LedgerStore.Artifact {
        let folder = "bundles/\(tier.id)/\(date)"
        let name = "\(tier.id)-\(date).zip"
        do {
            let zip = try BundleArchive.zip(files, date: date, jobs: options.jobs)
            let manifest = try Manifest(tier: tier.id, date: date.iso, keyID: key.id, archiveName: name, archive: zip, files: files).encoded()
            site.add("\(folder)/\(name)", bytes: zip)
            site.add("\(folder)/manifest.json", bytes: manifest)
            site.add("\(folder)/manifest.sig", bytes: try key.sign(manifest))
            return LedgerStore.Artifact(tier: tier.id, date: date.iso, path: "\(folder)/\(name)", bytes: zip.count, sha256: Assets.sha256(zip))
        } catch {
            throw UserError("cannot build the \(tier.id) bundle: \(error)")
        }
    }
}
