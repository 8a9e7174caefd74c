import Foundation
import Ledger
import MarketData
import Project
import Publishing
import Tiers

extension BuildStep {
    /// Reads and validates `content/` and the theme; every problem of every file at once.
    public static let loadProject = BuildStep(name: "load") { (context: inout BuildContext) throws(BuildError) in
        context.progress("loading project")
        do throws(PublishingError) { try StagingSite.checkReplaceable(context.options.output) } catch { throw .publishing(error) }
        let project: Project
        do throws(ConfigErrors) { project = try Project.load(from: context.options.root) } catch { throw .config(error) }
        context.summary.warnings += project.contentWarnings
        let theme = Theme.load(overridesFrom: project.templatesDirectory)
        let templates: TemplateRenderer
        do throws(ConfigError) { templates = try TemplateRenderer(theme: theme) } catch { throw .template(error) }
        var renderer = SiteRenderer(config: project.config, templates: templates, assets: Assets(theme: theme), notice: project.config.notice,
                                    disclaimerSlug: project.pages.contains { $0.slug == "disclaimer" } ? "disclaimer" : nil)
        let entitlements = Entitlements(project)
        renderer.offers = entitlements.offers
        context.loaded = LoadedProject(project: project, entitlements: entitlements, renderer: renderer)
    }

    /// A build whose inputs and output are exactly as the last build left them has nothing to do
    /// and stops here. Files are an input, so with `data.source: files` the inputs are hashed
    /// before reading them: nothing is read for an unchanged build.
    public static let skipUnchangedFiles = BuildStep(name: "skip") { (context: inout BuildContext) throws(BuildError) in
        guard try context.loadedProject().project.config.data.http == nil else { return }
        try context.skipIfUnchanged()
    }

    /// With `data.source: http` the cache is an input, and which symbols could not be refreshed
    /// changes the pages: the inputs are hashed after fetching.
    public static let skipUnchangedFetch = BuildStep(name: "skip_fetched") { (context: inout BuildContext) throws(BuildError) in
        guard try context.loadedProject().project.config.data.http != nil else { return }
        try context.skipIfUnchanged()
    }
}

extension BuildContext {
    /// Stops the build (`finished`) when the inputs and the output are as the last build left them,
    /// recording an unchanged build in the ledger.
    mutating func skipIfUnchanged() throws(BuildError) {
        guard options.recordsLedger else { return }
        let inputs = try fingerprint()
        self.inputs = inputs
        guard let state = BuildState.load(self.state), state.output == options.output.standardizedFileURL.path, state.fingerprint == inputs,
              BuildState.scan(options.output) == state.outputDigest else { return }
        var summary = self.summary
        summary.asOf = state.asOf
        summary.unchanged = true
        summary.pages = state.counts["pages"] ?? 0
        summary.charts = state.counts["charts"] ?? 0
        summary.bundles = state.counts["bundles"] ?? 0
        summary.files = state.counts["files"] ?? 0
        summary.bytes = state.counts["bytes"] ?? 0
        do {
            try LedgerStore(path: ledgerPath, clock: options.clock).recordBuild(asOf: state.asOf, started: startedAt, finished: finishedAt,
                                                                               outcome: "unchanged", files: summary.files, bytes: summary.bytes, artifacts: [])
        } catch { throw .ledger(path: ledgerPath, LedgerError(error)) }
        self.summary = summary
        finished = true
    }

    /// The inputs of a build: content, templates, keys, the options that change output, and with
    /// an HTTP source the cache and which symbols could not be refreshed (that changes the pages
    /// even when the cache did not change).
    /// The files' part is read once a build: no step writes content, templates or the cache after it.
    mutating func fingerprint() throws(BuildError) -> String {
        let project = try loadedProject().project
        let http = project.config.data.http != nil
        let folders = [project.contentDirectory, project.templatesDirectory] + (http ? [state.marketCache] : [])
        let files = inputFiles ?? BuildState.filesDigest(folders)
        inputFiles = files
        let stale = market?.source.notRefreshed.map { "\($0.key)=\($0.value)" }.sorted().joined(separator: ";") ?? ""
        let failed = market?.source.failed.map { "\($0.key)=\($0.value)" }.sorted().joined(separator: ";") ?? ""
        return BuildState.fingerprint(files: files, keys: state.keys,
                                      options: ["as-of \(options.latestDay)", "offline \(options.offline)", "strict \(options.strict)",
                                                "output \(options.output.standardizedFileURL.path)", "stale " + stale, "failed " + failed])
            + " log " + (logMark ?? sealed.mark)
    }
}
