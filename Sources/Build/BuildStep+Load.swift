import Foundation
import Ledger
import MarketData
import Project
import Publishing

extension BuildStep {
    /// Reads and validates `content/` and the theme; every problem of every file at once.
    public static let loadProject = BuildStep(name: "load") { (context: inout BuildContext) throws(BuildError) in
        context.progress("loading project")
        do throws(PublishingError) { try StagingSite.checkReplaceable(context.options.output) } catch { throw .publishing(error) }
        do throws(ConfigErrors) { context.project = try Project.load(from: context.options.root) } catch { throw .config(error) }
        let project = context.project!
        context.summary.warnings += project.contentWarnings
        let theme = Theme.load(overridesFrom: project.templatesDirectory)
        let templates: TemplateRenderer
        do throws(ConfigError) { templates = try TemplateRenderer(theme: theme) } catch { throw .template(error) }
        context.renderer = SiteRenderer(config: project.config, templates: templates, assets: Assets(theme: theme), notice: project.config.notice,
                                        disclaimerSlug: project.pages.contains { $0.slug == "disclaimer" } ? "disclaimer" : nil)
    }

    /// A build whose inputs and output are exactly as the last build left them has nothing to do
    /// and stops here. The inputs are hashed once: before reading market files, or, for data over
    /// HTTP, after fetching (the cache is an input), so this step stands twice in `nightly`.
    public static let skipIfUnchanged = BuildStep(name: "skip") { (context: inout BuildContext) throws(BuildError) in
        let http = context.project.config.data.http != nil
        guard context.options.recordsLedger, context.inputs == nil, http == (context.market != nil) else { return }
        context.inputs = context.fingerprint()
        guard let state = BuildState.load(context.state),
              state.output == context.options.output.standardizedFileURL.path, state.fingerprint == context.inputs,
              BuildState.scan(context.options.output) == state.files else { return }
        var summary = context.summary
        summary.asOf = state.asOf
        summary.unchanged = true
        summary.pages = state.counts["pages"] ?? 0
        summary.charts = state.counts["charts"] ?? 0
        summary.bundles = state.counts["bundles"] ?? 0
        summary.files = state.counts["files"] ?? 0
        summary.bytes = state.counts["bytes"] ?? 0
        do {
            try LedgerStore(path: context.ledgerPath, clock: context.options.clock).recordBuild(asOf: state.asOf, started: context.startedAt, finished: context.finishedAt, outcome: "unchanged",
                                                                  files: summary.files, bytes: summary.bytes, artifacts: [])
        } catch { throw .ledger(path: context.ledgerPath, LedgerError(error)) }
        context.summary = summary
        context.finished = true
    }
}

extension BuildContext {
    /// The inputs of a build: content, templates, keys, the options that change output, and with
    /// an HTTP source the cache and which symbols could not be refreshed (that changes the pages
    /// even when the cache did not change).
    func fingerprint() -> String {
        let http = project.config.data.http != nil
        let folders = [project.contentDirectory, project.templatesDirectory] + (http ? [state.marketCache] : [])
        let stale = market?.notRefreshed.map { "\($0.key)=\($0.value)" }.sorted().joined(separator: ";") ?? ""
        let failed = market?.failed.map { "\($0.key)=\($0.value)" }.sorted().joined(separator: ";") ?? ""
        return BuildState.fingerprint(folders: folders, keys: state.keys,
                                      options: ["as-of \(options.latestDay)", "offline \(options.offline)", "strict \(options.strict)",
                                                "output \(options.output.standardizedFileURL.path)", "stale " + stale, "failed " + failed])
    }
}
