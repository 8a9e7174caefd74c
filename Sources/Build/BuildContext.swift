import Core
import Foundation
import Ledger
import MarketData
import Project
import Publishing
import Tiers

/// Everything the steps of one build hand on to each other. Each step reads what the steps
/// before it made through a typed accessor (`loadedProject()`, `marketSnapshot()`,
/// `stagedOutputs()`), which names the missing step if a list of steps is out of order.
public struct BuildContext {
    let options: BuildOptions
    let progress: @Sendable (String) -> Void
    let clock = StageClock()
    /// Monotonic, for the build's duration: the ledger stamps `options.clock.now` plus it.
    let started = DispatchTime.now()
    /// Set by a step that has nothing more to do (an unchanged build): the rest are skipped.
    var finished = false
    var summary: BuildSummary
    /// `.signalpress/` of the project being built.
    let state: StateDirectory

    /// Made by `loadProject`.
    var loaded: LoadedProject?
    /// The inputs' fingerprint, once known (before the data for files, after fetching for HTTP).
    var inputs: String?
    /// The digest of every input file, the costly part of `inputs`, kept for the fingerprint taken again at the end.
    var inputFiles: String?
    /// Made by `loadMarketData`.
    var market: MarketSnapshot?
    let seriesInMemory = InMemoryCounter()
    let analysesInMemory = InMemoryCounter()
    /// Made by `runHook`.
    var commentary: [Symbol: Commentary] = [:]
    /// Made at the start of `streamSymbols`.
    var outputs: StagedOutputs?
    /// The staging site until `publish` swaps it in: discarded if the build stops before.
    var staging: StagingSite?
    var artifacts: [LedgerStore.Artifact] = []
    /// Read by `readEditionLog`: every edition sealed before this build.
    var sealed = SealedLog([])
    /// `openEditionLog`'s reading of the log for the no-op check, when the rows themselves are
    /// left for `readEditionLog`: what `sealed.mark` will be, from one query.
    var logMark: String?
    /// Whether `sealed` holds the log's rows, and whether the log was opened.
    var sealedRead = false, logOpened = false
    /// The hash of what every page's layout is made from (`ReportPageMemo.layout`), once the outputs are prepared.
    var layoutKey = ""
    /// Whether the data is still the sample data `init` wrote: what this build seals is demo.
    var demo = false
    /// `archive.timestamp`'s authority, its CA read before anything is made.
    var timestampAuthority: TimestampAuthority?
    /// How much of each tier's track record the last build kept (`KeptTrackRecord`), for this
    /// one to append to.
    var keptTrackRecords: [TierID: KeptTrackRecord.Mark] = [:]
    /// Held from `readEditionLog` to the end of the build.
    var lock: ProjectLock?
    var ledger: LedgerStore?

    /// When the build started and when it finished (now), as the ledger records them.
    var startedAt: Date { options.clock.now }
    var finishedAt: Date { options.clock.after(seconds: started.secondsAgo) }

    init(options: BuildOptions, progress: @escaping @Sendable (String) -> Void) {
        self.options = options
        self.progress = progress
        state = StateDirectory(project: options.root)
        summary = BuildSummary(asOf: options.latestDay)
    }

    func loadedProject() throws(BuildError) -> LoadedProject {
        guard let loaded else { throw .stepOutOfOrder(needs: BuildStep.loadProject.name) }
        return loaded
    }

    func marketSnapshot() throws(BuildError) -> MarketSnapshot {
        guard let market else { throw .stepOutOfOrder(needs: BuildStep.loadMarketData.name) }
        return market
    }

    func stagedOutputs() throws(BuildError) -> StagedOutputs {
        guard let outputs else { throw .stepOutOfOrder(needs: BuildStep.streamSymbols.name) }
        return outputs
    }

    /// Whether this build makes a revision of `tier`'s edition of `day` (`editions revise`).
    func revising(_ tier: TierID, _ day: Day) -> Bool {
        options.revising?.tier == tier && sealed.edition(tier, day) != nil
    }

    var ledgerPath: String { options.ledger ?? state.ledger.path }
    var editions: EditionStore { EditionStore(root: state.editions) }

    /// What a build leaves behind whatever happened: no staging directory, no pending editions.
    mutating func cleanUp() {
        staging?.discard()
        lock?.release()
        if loaded != nil { try? FileManager.default.removeItem(at: pendingEditions) }
    }
    /// Where this build's editions wait to be published: beside the store for a build that
    /// keeps them (so they move in by a rename), in the temporary folder for previews and checks.
    lazy var callLog = CallLog(folder: pendingEditions.appendingPathComponent("calls"))
    lazy var pendingEditions: URL = options.recordsLedger && !options.checkOnly
        ? state.editions.appendingPathComponent(".pending-\(getpid())")
        : FileManager.default.temporaryDirectory.appendingPathComponent("signalpress-editions-\(UUID().uuidString)")
}

/// The project and its theme, loaded and checked (`loadProject`).
struct LoadedProject: Sendable {
    let project: Project
    let entitlements: Entitlements
    let renderer: SiteRenderer
}

/// Where each symbol's bars are read, and the trading days up to the build date, as far back as
/// the editions need (`loadMarketData`).
struct MarketSnapshot: Sendable {
    let source: MarketSource
    /// Never empty.
    let tradingDays: [Day]
    /// The build's date: the last trading day.
    let asOf: Day
    /// Symbols whose files the calendar read at their ends only: read whole as they stream,
    /// their warnings then go in at `fileWarningsAt`, where the calendar's would have been.
    var readAtEnds: Set<Symbol> = []
    var fileWarningsAt = 0
}

/// The signing key, the staging site and one output per tier (the start of `streamSymbols`).
struct StagedOutputs: Sendable {
    let signingKey: SigningKey
    let publicKeys: [KeyStore.PublishedKey]
    let staging: StagingSite
    let tiers: [TierOutput]
}
