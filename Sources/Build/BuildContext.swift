import Core
import Foundation
import Ledger
import MarketData
import Project
import Publishing
import Tiers

/// Everything the steps of one build hand on to each other, filled in as they run.
public struct BuildContext {
    let options: BuildOptions
    let progress: @Sendable (String) -> Void
    let clock = StageClock()
    /// Monotonic, for the build's duration: the ledger stamps `options.clock.now` plus it.
    let started = DispatchTime.now()
    /// Set by a step that has nothing more to do (an unchanged build): the rest are skipped.
    var finished = false

    // loadProject
    var project: Project!
    var renderer: SiteRenderer!
    var state: StateDirectory { project.state }
    var summary = BuildSummary(asOf: Day(daysSinceEpoch: 0))

    // skipIfUnchanged
    /// The inputs' fingerprint, once known (before the data for files, after fetching for HTTP).
    var inputs: String?

    // loadMarketData
    var market: MarketSource!
    /// Trading days up to the build date, as far back as the editions need.
    var tradingDays: [Day] = []
    var asOf: Day { tradingDays.last! }
    let seriesInMemory = InMemoryCounter()
    let analysesInMemory = InMemoryCounter()

    // runHook
    var commentary: [Symbol: Commentary] = [:]

    // streamSymbols and after
    var signingKey: SigningKey!
    var publicKeys: [KeyStore.PublishedKey] = []
    var staging: StagingSite?
    var tiers: [TierOutput] = []
    var artifacts: [LedgerStore.Artifact] = []
    var ledger: LedgerStore?

    /// When the build started and when it finished (now), as the ledger records them.
    var startedAt: Date { options.clock.now }
    var finishedAt: Date { options.clock.after(seconds: started.secondsAgo) }

    init(options: BuildOptions, progress: @escaping @Sendable (String) -> Void) {
        self.options = options
        self.progress = progress
    }

    var ledgerPath: String { options.ledger ?? state.ledger.path }
    var editions: EditionStore { EditionStore(root: state.editions) }

    /// What a build leaves behind whatever happened: no staging directory, no pending editions.
    mutating func cleanUp() {
        staging?.discard()
        if project != nil { try? FileManager.default.removeItem(at: pendingEditions) }
    }
    /// Where this build's editions wait to be published: beside the store for a build that
    /// keeps them (so they move in by a rename), in the temporary folder for previews and checks.
    lazy var callLog = CallLog(folder: pendingEditions.appendingPathComponent("calls"))
    lazy var pendingEditions: URL = options.recordsLedger && !options.checkOnly
        ? state.editions.appendingPathComponent(".pending-\(getpid())")
        : FileManager.default.temporaryDirectory.appendingPathComponent("signalpress-editions-\(UUID().uuidString)")
}
