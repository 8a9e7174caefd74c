import ArgumentParser
import Build
import Core
import Foundation
import MarketData
import Preview
import Project
import Publishing
import Tiers

struct ServeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve", abstract: "Build, serve on 127.0.0.1, rebuild on every change and reload open pages.", discussion: "Only the previewed output is rebuilt (the public site, or --tier's bundle); nothing is published or billed.\n\n"
            + Examples.serve)

    @OptionGroup var projectOptions: ProjectOptions

    @Option(help: "Port (0 picks a free one).") var port: Int = 8000
    @Option(help: "Address to listen on; only loopback unless you say otherwise.") var bind = "127.0.0.1"
    @Option(help: "Preview this tier's bundle instead of the public site.") var tier: TierID?
    @Option(help: "Seconds between checks for changed files.") var interval: Double = 0.25

    func validate() throws {
        guard (0...65535).contains(port) else { throw ValidationError("--port must be 0 to 65535") }
        guard interval.isFinite, (0.05...60).contains(interval) else { throw ValidationError("--interval must be between 0.05 and 60 seconds") }
    }

    func run() throws {
        let root = projectOptions.root
        let preview = StateDirectory(project: root).preview
        let output = preview.appendingPathComponent("site")
        let terminal = Terminal(quiet: false)
        let state = PreviewState(directory: output)
        let memo = PreviewMemo()
        // A mistyped tier is misuse (exit 2), told at once; a config that does not load is the first build's to show.
        if let tier, let config = try? projectOptions.loadProject().config, config.tier(tier) == nil {
            throw ValidationError("--tier \(tier): site.yml has no such tier (tiers: \(config.tiers.map(\.id.value).joined(separator: ", ")))")
        }
        // The port first: a taken port fails at once, not after a build.
        let boundPort: Int
        do { boundPort = try PreviewServer(state: state).start(bind: bind, port: port) } catch { throw UserError(error.description) }
        FileHandle.standardOutput.write(Data("serving http://\(bind):\(boundPort)/ (watching content/ and Templates/; Ctrl-C stops)\n".utf8))

        let clock = try projectOptions.clock()
        func rebuild() {
            let started = Date()
            do {
                var options = BuildOptions(root: root, output: output, clock: clock, recordsLedger: false, only: tier.map { .tier($0) } ?? .publicSite)
                options.memo = memo
                let summary = try Build(options: options, progress: { terminal.progress($0) }).run()
                state.succeeded(directory: output)
                terminal.say("rebuilt \(summary.asOf) in \(String(format: "%.2f", Date().timeIntervalSince(started)))s"
                    + (summary.symbolsReused > 0 ? " (\(summary.symbolsReused) unchanged symbols reused)" : ""))
            } catch {
                state.failed("\(error)")
                FileHandle.standardError.write(Data("build failed (still serving the last good build):\n\(error)\n".utf8))
            }
        }
        let watcher = FileWatcher(directories: [root.appendingPathComponent("content"), root.appendingPathComponent("Templates")])
        var seen = watcher.signature() ?? [:] // before the build: what is saved while it runs starts the next one
        rebuild()
        while true {
            seen = watcher.waitForChange(since: seen, interval: interval)
            rebuild()
        }
    }
}
