import Core
import Foundation
import Synchronization
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
        let (loaded, snapshot) = (try context.loadedProject(), try context.marketSnapshot())
        let outputs = try context.prepareOutputs(loaded, snapshot)
        // A preview of one output skips the symbols that output does not show.
        let shown = Set(outputs.tiers.flatMap(\.edition.symbols))
        let symbols = snapshot.source.available(loaded.project.symbols).filter { context.options.only == nil || shown.contains($0) }
        let summaries = Slots<SymbolWork.Summaries>(count: symbols.count)
        let work = try SymbolWork(context: &context, loaded: loaded, snapshot: snapshot, tiers: outputs.tiers, total: symbols.count)
        work.memo?.begin()
        Parallel.forEach(symbols.count, jobs: context.options.jobs) { index in
            summaries.set(index, work.run(symbols[index], index: index))
        }
        context.summary.symbolsReused = work.memo?.reusedSoFar ?? 0
        work.callLog.close()
        if let problem = work.problems.error { throw problem }
        let fileWarnings = symbols.indices.flatMap { work.fileWarnings.taken($0) ?? [] }
        context.summary.warnings.insert(contentsOf: fileWarnings, at: min(snapshot.fileWarningsAt, context.summary.warnings.count))
        if let failure = work.callLog.failure { throw .callLogNotWritten(path: failure.path, reason: failure.reason) }
        for tier in outputs.tiers {
            tier.update { edition, _ in
                let visible = Set(edition.symbols)
                for (index, symbol) in symbols.enumerated() where visible.contains(symbol) {
                    edition.summaries[symbol] = summaries.get(index).byDate[tier.asOf]
                }
            }
        }
        try context.summarise(symbols, summaries, snapshot: snapshot, project: loaded.project)
    }
}

extension BuildContext {
    /// Counts the symbols by state; a stale symbol is named in the summary, and fails a `--strict` build.
    mutating func summarise(_ symbols: [Symbol], _ summaries: Slots<SymbolWork.Summaries>, snapshot: MarketSnapshot, project: Project) throws(BuildError) {
        let asOf = snapshot.asOf
        let behind = symbols.indices.filter { summaries.get($0).byDate[asOf]?.stale != nil }
        summary.symbolsStale = behind.count
        // File data too (a fetch reports its own).
        var staleFiles: [SymbolProblem] = []
        for index in behind where snapshot.source.notRefreshed[symbols[index]] == nil {
            let problem = SymbolProblem(symbol: symbols[index], kind: .stale(summaries.get(index).byDate[asOf]!.stale!))
            staleFiles.append(problem)
            summary.warningSymbols[problem.description] = symbols[index].value
        }
        if options.strict, !staleFiles.isEmpty { throw .strict(staleFiles) }
        summary.warnings += staleFiles.map(\.description)
        summary.symbolsOK = symbols.count - behind.count
        summary.symbolsFailed = snapshot.source.failed.count
        summary.symbolsAdjusted = symbols.indices.filter { summaries.get($0).adjusted }.count
        summary.notesScheduled = project.notes.compactMap(\.date).filter { $0 > asOf }.sorted()
    }

    /// The signing key, the staging site, and one output (edition, bundle, leak boundary) per tier.
    mutating func prepareOutputs(_ loaded: LoadedProject, _ snapshot: MarketSnapshot) throws(BuildError) -> StagedOutputs {
        let keys = KeyStore(directory: state.keys)
        let signingKey: SigningKey
        var publicKeys: [KeyStore.PublishedKey]
        do throws(TiersError) {
            if let key = try keys.current() {
                signingKey = key
            } else if options.checkOnly {
                signingKey = SigningKey(privateKey: .init())
            } else {
                signingKey = try keys.generate()
                summary.generatedKey = signingKey.id
            }
            publicKeys = try keys.publishedKeys()
        } catch { throw .tiers(error) }
        if !publicKeys.contains(where: { $0.id == signingKey.id }) { publicKeys.append(.init(signingKey)) }
        let site: StagingSite
        do throws(PublishingError) { site = try StagingSite(output: options.output, reuse: options.recordsLedger && !options.checkOnly) } catch { throw .publishing(error) }
        staging = site
        layoutKey = ReportPageMemo.layout(loaded.project, keys: state.keys) + " " + options.output.standardizedFileURL.path
        // Each tier's track record as the last build kept it (every ended call, with its row and
        // JSON): side by side.
        let ids = loaded.entitlements.tiers.map(\.id)
        let kept = Mutex<[TierID: KeptTrackRecord.Kept]>([:])
        let (folder, layout) = (state, layoutKey)
        Parallel.forEach(ids.count, jobs: options.jobs) { index in
            guard let read = KeptTrackRecord.load(ids[index], layout: layout, folder) else { return }
            kept.withLock { $0[ids[index]] = read }
        }
        let read = kept.withLock { $0 }
        keptTrackRecords = read.mapValues(\.mark)
        var tiers: [TierOutput] = []
        let spool = pendingEditions.appendingPathComponent("report-content")
        for (rank, tier) in loaded.entitlements.tiers.enumerated() where options.only.map({ $0 == .publicSite ? loaded.entitlements.isPublic(tier.id) : $0 == .tier(tier.id) }) ?? true {
            tiers.append(try output(rank: rank, loaded, snapshot, site: site, spool: spool.appendingPathComponent(tier.id.value)))
        }
        for tier in tiers {
            guard let kept = read[tier.tier.id] else { continue }
            tier.update { edition, _ in (edition.trackRecordStart, edition.trackRecordEnded) = (kept.fold, kept.ended) }
        }
        let outputs = StagedOutputs(signingKey: signingKey, publicKeys: publicKeys, staging: site, tiers: tiers)
        // Past report pages that would render as they are published are carried over, and the
        // feed entries of those the feeds carry read back.
        if let memo = ReportPageMemo.load(state), options.revising == nil {
            for tier in tiers {
                let (days, content) = memo.unchanged(tier, layout: layoutKey, state: state)
                tier.update { edition, _ in (edition.unchangedReports, edition.reportContent) = (days, content) }
            }
        }
        self.outputs = outputs
        return outputs
    }

    /// Tier `rank`'s output: its edition at its delayed date, its bundle (none for a paid tier
    /// previewed by `serve --tier`, shown as a subscriber unzips it), and what it must not show.
    func output(rank: Int, _ loaded: LoadedProject, _ snapshot: MarketSnapshot, site: StagingSite, spool: URL) throws(BuildError) -> TierOutput {
        let tier = loaded.entitlements.tiers[rank]
        let date = loaded.entitlements.date(rank: rank, tradingDays: snapshot.tradingDays)
        let bundle = BundlePath(tier: tier.id, date: snapshot.asOf,
                                revision: revising(tier.id, date) ? sealed.revisions(tier.id, date) + 1 : nil)
        let unzipped = options.only == .tier(tier.id) && !loaded.entitlements.isPublic(tier.id)
        var zip: ZipWriter?
        if !unzipped {
            site.prepare(bundle.archive)
            do throws(TiersError) { zip = try ZipWriter(archive: site.fresh(bundle.archive), modified: BundleArchive.timestamp(snapshot.asOf)) } catch {
                throw .tiers(error)
            }
        }
        let boundary = loaded.entitlements.boundary(rank: rank, date: date, tradingDays: snapshot.tradingDays, vocabulary: LeakCheck.defaultVocabulary)
        var edition = edition(rank: rank, date: date, loaded, tradingDays: snapshot.tradingDays)
        // A paid tier's exports: full history in the first bundle of each week, the bars since it
        // on the other nights. The public site's stay whole (they are replaced, not kept, each night).
        let monday = snapshot.asOf.adding(days: -((snapshot.asOf.weekday + 6) % 7))
        edition.exportsAfter = edition.isPublic ? nil : sealed.bundleDates(tier.id).first { $0 >= monday && $0 < snapshot.asOf }
        // A paid tier's pages are also its members' area, except in a preview of one tier.
        let area: StagingSite.Area? = loaded.entitlements.isPublic(tier.id) || unzipped ? StagingSite.Area(site)
            : options.only == nil ? .members(site, tier: tier.id.value) : nil
        // Its feeds link into its members' area, from the bundle and a preview too.
        edition.siteRoot = loaded.entitlements.isPublic(tier.id) ? "" : StagingSite.Area.membersPrefix(tier.id.value)
        return TierOutput(edition: edition, rank: rank, bundle: bundle, zip: zip, boundary: boundary, site: area, spool: spool)
    }

    func edition(rank: Int, date: Day, _ loaded: LoadedProject, tradingDays: [Day]) -> Edition {
        let (project, entitlements) = (loaded.project, loaded.entitlements)
        let visible = { (page: ContentPage) in entitlements.rank(of: page) <= rank }
        // The last ten trading days, and every day an earlier build published: the archive only grows.
        let id = entitlements.tiers[rank].id
        // A revision makes the day again: the edition as first published stays sealed beside it.
        let revised = revising(id, date)
        let archive = editions.archive(id, sealed: sealed.rows(id).filter { !(revised && $0.kind == .edition && $0.date == date.iso) }, through: date)
        let days = Set(tradingDays.filter { $0 <= date }.suffix(10)).union(archive.summaries.keys).sorted(by: >)
        // archive.keep_days: the newest editions stay published; the rest stay in the edition store.
        let kept = project.config.archiveKeepDays.map { Array(days.prefix($0)) } ?? days
        var edition = Edition(tier: entitlements.tiers[rank], isPublic: entitlements.isPublic(entitlements.tiers[rank].id), asOf: date, watchlists: entitlements.watchlists(rank: rank),
                              pages: project.pages.filter(visible), notes: project.notes.filter { visible($0) && $0.date! <= date },
                              reportDays: kept)
        edition.archive = archive
        // A sealed day shows the head its edition was sealed after, so building it again changes no byte.
        edition.chainHead = revised ? sealed.head(id) : sealed.edition(id, date).map(\.previousHash) ?? sealed.head(id)
        return edition
    }
}

/// The problems seen by every thread of a parallel step.
final class ProblemList: Sendable {
    private let problems = Mutex<[BuildError]>([])

    func add(_ problem: BuildError) { problems.withLock { $0.append(problem) } }

    /// Every problem seen, as one error (nil when there were none).
    var error: BuildError? { BuildError.combining(problems.withLock { $0 }) }
}

/// "rendering 120/500 symbols", as symbols finish on any thread.
final class ProgressCount: Sendable {
    private let done = Atomic<Int>(0)
    let total: Int
    let progress: @Sendable (String) -> Void
    let label: String

    init(total: Int, progress: @escaping @Sendable (String) -> Void, label: String) {
        self.total = total
        self.progress = progress
        self.label = label
    }

    func advance() {
        let now = done.wrappingAdd(1, ordering: .relaxed).newValue
        progress("\(label) \(now)/\(total) symbols")
    }
}
