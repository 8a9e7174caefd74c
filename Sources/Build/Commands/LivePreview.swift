import Core
import Foundation
import Preview

/// `serve`: builds the preview of one output into the state folder, serves it on loopback, and
/// rebuilds it whenever `content/` or `Templates/` change; nothing is published or billed.
public struct LivePreview: Sendable {
    public let workspace: Workspace
    public let clock: Clock
    /// The paid tier to preview as a subscriber unzips it; nil for the public site.
    public let tier: TierID?
    /// Told what a build is doing, as `Build.progress` is.
    public let progress: @Sendable (String) -> Void

    public init(workspace: Workspace, clock: Clock, tier: TierID?, progress: @escaping @Sendable (String) -> Void) {
        (self.workspace, self.clock, self.tier, self.progress) = (workspace, clock, tier, progress)
    }

    /// Listens on `bind`:`port` (0 picks one) at once, so a taken port fails before any build;
    /// returns the port, then `watch` builds and rebuilds.
    public func listen(bind: String, port: Int, state: State) throws(BuildError) -> Int {
        do throws(PreviewServer.Failure) { return try PreviewServer(state: state.served).start(bind: bind, port: port) } catch {
            throw .preview(error)
        }
    }

    /// Builds, then rebuilds after every change, checking every `interval` seconds; tells
    /// `report` how each build went. Never returns.
    public func watch(state: State, interval: Double, report: (Result<(summary: BuildSummary, seconds: Double), BuildError>) -> Void) -> Never {
        let root = workspace.root
        let watcher = FileWatcher(directories: [root.appendingPathComponent("content"), root.appendingPathComponent("Templates")])
        var seen = watcher.signature() ?? [:] // before the build: what is saved while it runs starts the next one
        while true {
            report(rebuild(state))
            seen = watcher.waitForChange(since: seen, interval: interval)
        }
    }

    func rebuild(_ state: State) -> Result<(summary: BuildSummary, seconds: Double), BuildError> {
        let output = workspace.previewSite
        let started = DispatchTime.now()
        var options = BuildOptions(root: workspace.root, output: output, clock: clock, recordsLedger: false, only: tier.map { .tier($0) } ?? .publicSite)
        options.memo = state.memo
        do throws(BuildError) {
            let summary = try Build(options: options, progress: progress).run()
            state.served.succeeded(directory: output)
            return .success((summary, started.secondsAgo))
        } catch {
            state.served.failed("\(error)")
            return .failure(error)
        }
    }

    /// What the server shows and what rebuilds reuse, shared between them.
    public struct State: Sendable {
        let served: PreviewState
        let memo = PreviewMemo()

        public init(workspace: Workspace) { served = PreviewState(directory: workspace.previewSite) }
    }
}
