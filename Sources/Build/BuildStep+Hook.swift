import Core
import Foundation
import MarketData
import Project
import Publishing
import Signals

extension BuildStep {
    /// `hooks.post_analysis`: the day's signals of every symbol to the hook, commentary back.
    /// The hook needs every signal before any page is rendered, so each symbol is read here, one
    /// at a time, for its indicators and the last bar's votes alone (no score history, events,
    /// statistics or backtest: the full analysis happens once, in `stream`), and only the signal
    /// is kept. A project without a hook skips this pass.
    public static let runHook = BuildStep(name: "hook") { (context: inout BuildContext) throws(BuildError) in
        let project = try context.loadedProject().project
        let snapshot = try context.marketSnapshot()
        guard let hookPath = project.config.hooks.postAnalysis else { return }
        context.progress("running the post_analysis hook")
        let symbols = snapshot.source.available(project.symbols)
        let signals = Slots<PostAnalysisHook.Signal?>(count: symbols.count)
        let (market, asOf, config) = (snapshot.source, snapshot.asOf, project.config.signals)
        let series = context.seriesInMemory
        Parallel.forEach(symbols.count, jobs: context.options.jobs) { index in
            signals.set(index, series.holding {
                guard let bars = try? market.load(symbols[index]).series.through(asOf) else { return nil }
                return PostAnalysisHook.Signal(symbol: symbols[index], series: bars, config: config)
            })
        }
        let hook = PostAnalysisHook(executable: project.contentDirectory.appendingPathComponent(hookPath), displayPath: "content/\(hookPath)",
                                    config: project.config.hooks, cacheDirectory: context.state.hookCache)
        let result = hook.run(symbols.indices.compactMap { signals.get($0) }, symbols: project.symbols, asOf: asOf)
        context.commentary = result.commentary
        context.summary.warnings += result.problems
        context.summary.hookCommentaries = result.commentary.count
    }
}
