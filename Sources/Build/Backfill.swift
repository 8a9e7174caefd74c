import Core
import Foundation
import MarketData
import Project
import Publishing

/// `signalpress backfill`: one edition per trading day, in order, as the nightly builds would
/// have published them, so that a new site starts with history. Each day is one whole build
/// (published atomically, then kept in the edition store, then recorded in the ledger), so a
/// run that is stopped anywhere resumes where it stopped: a day whose editions are all kept is
/// not built again, and a day built twice records nothing twice.
public struct Backfill {
    public var options: BuildOptions
    public var from: Day
    public var to: Day

    public init(options: BuildOptions, from: Day, to: Day) {
        self.options = options
        self.from = from
        self.to = to
    }

    public struct Plan: Sendable {
        /// Trading days in the range, oldest first.
        public var days: [Day]
        /// Those already published by an earlier run.
        public var done: Set<Day>
        /// The newest edition kept before this run, when it is after the range: built last again, so the site ends as it began.
        public var newest: Day?
    }

    /// The trading days of the data in the range, and which of them are already kept.
    public func plan() throws(BuildError) -> Plan {
        var scan = options
        scan.asOf = to
        scan.calendarSince = from
        scan.offline = true
        var context = BuildContext(options: scan, progress: { _ in })
        defer { context.cleanUp() }
        try BuildStep.loadProject.run(&context)
        try BuildStep.loadMarketData.run(&context)
        try BuildStep.readEditionLog.run(&context)
        let days = try context.marketSnapshot().tradingDays.filter { $0 >= from && $0 <= to }
        let sealed = context.sealed
        let tiers = try context.loadedProject().entitlements.tierIDs
        // A day is done once every tier sealed it: with its bundle, or as history a build showed.
        let kept = tiers.map { tier in Set(sealed.bundleDates(tier)).union(sealed.rows(tier).compactMap { $0.kind == .edition ? $0.day : nil }) }
        let done = Set(days.filter { day in kept.allSatisfy { $0.contains(day) } })
        // The newest day published: built again last (it is sealed, so it is republished as it
        // was), so the site ends where it began, unless this run builds a later day.
        let newest = tiers.flatMap { sealed.bundleDates($0) }.max().flatMap { newest in days.filter { !done.contains($0) }.allSatisfy { $0 < newest } ? newest : nil }
        return Plan(days: days, done: done, newest: newest)
    }

    /// Builds every day of `plan` not yet done, oldest first; `published` hears of each one.
    public func run(_ plan: Plan, published: (Day, BuildSummary) -> Void) throws(BuildError) {
        for day in plan.days where !plan.done.contains(day) {
            var options = self.options
            options.asOf = day
            options.backfilling = true
            published(day, try Build(options: options).run())
        }
        if let newest = plan.newest, plan.days.contains(where: { !plan.done.contains($0) }) {
            var options = self.options
            options.asOf = newest
            published(newest, try Build(options: options).run())
        }
    }
}
