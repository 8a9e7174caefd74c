import Foundation

/// One `signalpress build`: the named steps of `nightly` run in order over one typed context.
/// Symbols stream through `streamSymbols` (read, analysed once, rendered for every tier that
/// sees them, written, checked for leaks, dropped); nothing reaches the output until
/// `publish` swaps the finished site in, and nothing is recorded until it has.
public struct Build {
    public var options: BuildOptions
    /// Told what the build is doing ("rendering 120/500 symbols"); called from any thread.
    public var progress: @Sendable (String) -> Void

    public init(options: BuildOptions, progress: @escaping @Sendable (String) -> Void = { _ in }) {
        self.options = options
        self.progress = progress
    }

    /// The steps of a nightly build, in order.
    public static let nightly: [BuildStep] = [
        .loadProject, .openEditionLog, .skipUnchangedFiles, .readEditionLog, .loadMarketData, .skipUnchangedFetch, .runHook, .streamSymbols,
        .renderIndexPages, .checkLeaks, .sealBundles, .sealEditions, .stampChainHeads, .publish, .record, .rememberWarnings, .saveState, .writeRevocations, .queueAlerts, .writeMetrics,
    ]

    public func run(_ steps: [BuildStep] = Build.nightly) throws(BuildError) -> BuildSummary {
        var context = BuildContext(options: options, progress: progress)
        defer { context.cleanUp() }
        for step in steps where !context.finished || step.evenWhenFinished {
            if step.timed { context.clock.enter(step.name) } else { context.clock.finish() }
            do throws(BuildError) { try step.run(&context) } catch {
                context.writeMetrics(success: false)
                throw .inStep(step.name, error)
            }
            options.afterStep?(step.name)
        }
        context.clock.finish()
        if !context.finished { options.memo?.commit() }
        context.summary.stages = context.clock.seconds
        context.summary.peakSeriesInMemory = context.seriesInMemory.peak
        context.summary.peakAnalysesInMemory = context.analysesInMemory.peak
        return context.summary
    }
}

/// One named step of a build: its name is shown in progress, logs and `metrics.prom`.
public struct BuildStep: Sendable {
    public let name: String
    /// Whether its time is a stage of its own in the summary and the metrics.
    var timed = true
    /// Whether it runs after an earlier step found nothing to do.
    var evenWhenFinished = false
    let run: @Sendable (inout BuildContext) throws(BuildError) -> Void
}
