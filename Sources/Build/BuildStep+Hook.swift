import Foundation
import MarketData
import Publishing
import Signals

extension BuildStep {
    /// `hooks.post_analysis`: the day's signals of every symbol to the hook, commentary back.
    /// The hook needs every signal at once, so the symbols are analysed once here, one at a
    /// time, and only each signal is kept; a project without a hook skips this pass.
    public static let runHook = BuildStep(name: "hook") { (context: inout BuildContext) throws(BuildError) in
        let project = context.project!
        guard let hookPath = project.config.hooks.postAnalysis else { return }
        context.progress("running the post_analysis hook")
        let symbols = context.market.available(project.symbols)
        let signals = Slots<PostAnalysisHook.Signal?>(count: symbols.count)
        let (market, asOf, config) = (context.market!, context.asOf, project.config.signals)
        let (series, analyses) = (context.seriesInMemory, context.analysesInMemory)
        Parallel.forEach(symbols.count, jobs: context.options.jobs) { index in
            signals.set(index, series.holding {
                guard let bars = try? market.load(symbols[index]).series.through(asOf) else { return nil }
                return analyses.holding {
                    PostAnalysisHook.Signal(SymbolEntry(symbol: symbols[index], analysis: Analysis(series: bars, config: config), stale: nil))
                }
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
