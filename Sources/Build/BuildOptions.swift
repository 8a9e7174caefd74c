import Core
import Foundation
import MarketData

/// How one build runs: what the command line of `build` (or `serve`) asked for.
public struct BuildOptions: Sendable {
    public var root: URL
    public var output: URL
    /// The command's one clock: `today` bounds the data a build reads and is the day an HTTP
    /// fetch asks up to; `now` stamps what the ledger records. Resolved by the command line.
    public var clock: Clock
    /// `--as-of`: the trading day asked for; nil for the latest one on or before `today`.
    public var asOf: Day?
    /// Symbols in flight at once; peak memory is this many analyses plus the summaries.
    public var jobs: Int = ProcessInfo.processInfo.activeProcessorCount
    /// Default: `.signalpress/ledger.sqlite` in the project.
    public var ledger: String?
    /// `data.source: http`: use the cache only.
    public var offline = false
    /// `data.source: http`: a symbol that cannot be refreshed fails the build.
    public var strict = false
    /// False for previews (`serve`): nothing is published, so nothing is billed or remembered.
    public var recordsLedger = true
    /// `backfill`: keep the whole trading calendar from this day on, not only its last few dates.
    public var calendarSince: Day?
    /// `backfill`: the editions this build seals are made after the fact, and say so.
    public var backfilling = false
    /// `editions revise`: this tier's edition of the build's day, sealed already, is made again
    /// from today's data and sealed as a revision beside it.
    public var revising: Revision?

    public struct Revision: Sendable, Equatable {
        public var tier: TierID
        public var reason: String

        public init(tier: TierID, reason: String) {
            self.tier = tier
            self.reason = reason
        }
    }
    /// Told the name of each step once it has run: how a test stops a build at every step boundary.
    public var afterStep: (@Sendable (String) -> Void)?
    /// `signalpress check`: a signing key made for the run is used and never saved.
    public var checkOnly = false
    /// `serve`: what the last preview build rendered, for the next to reuse (with `only`).
    public var memo: PreviewMemo?
    /// Previews render one output; nil renders every tier.
    public var only: Only?

    public enum Only: Sendable, Equatable {
        /// The first tier, whose output is the public site.
        case publicSite
        /// One tier's bundle.
        case tier(TierID)
    }

    /// When set, `.signalpress/metrics.prom` is written after the build, success or not, its last
    /// success stamped by this clock: the system's, as an alert on "no success for 26 hours" is
    /// about real time, whatever date the build was pinned to.
    public var metricsClock: Clock?
    /// The last day this build may publish: `--as-of`, or else today.
    public var latestDay: Day { asOf ?? clock.today }
    /// Whether the edition of the build's own day is published on its night: not by `backfill`,
    /// and not for a day more than five calendar days before the clock's (a weekend and a holiday).
    public var publishesLive: Bool { !backfilling && latestDay.adding(days: 5) >= clock.today }

    public init(root: URL, output: URL, clock: Clock, asOf: Day? = nil, jobs: Int = ProcessInfo.processInfo.activeProcessorCount, ledger: String? = nil,
                offline: Bool = false, strict: Bool = false, recordsLedger: Bool = true, only: Only? = nil) {
        self.root = root
        self.output = output
        self.clock = clock
        self.asOf = asOf
        self.jobs = max(1, jobs)
        self.ledger = ledger
        self.offline = offline
        self.strict = strict
        self.recordsLedger = recordsLedger
        self.only = only
    }
}
