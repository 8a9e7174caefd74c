import ArgumentParser
import Build
import Core
import Foundation
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
        let workspace = projectOptions.workspace
        // A mistyped tier is misuse (exit 2), told at once; a config that does not load is the first build's to show.
        if let tier, let entitlements = try? workspace.entitlements(), entitlements.tier(tier) == nil {
            throw ValidationError("--tier \(tier): site.yml has no such tier (tiers: \(entitlements.tierIDs.map(\.value).joined(separator: ", ")))")
        }
        let terminal = Terminal(quiet: false)
        let preview = LivePreview(workspace: workspace, clock: try projectOptions.clock(), tier: tier, progress: { terminal.progress($0) })
        let state = LivePreview.State(workspace: workspace)
        // The port first: a taken port fails at once, not after a build.
        let boundPort = try preview.listen(bind: bind, port: port, state: state)
        FileHandle.standardOutput.write(Data("serving http://\(bind):\(boundPort)/ (watching content/ and Templates/; Ctrl-C stops)\n".utf8))
        // Every warning `check` would print, once: a rebuild repeats none that the last one printed.
        var shown = Set<String>()
        preview.watch(state: state, interval: interval) { outcome in
            switch outcome {
            case let .success((summary, seconds)):
                for warning in summary.warnings where !shown.contains(warning) { terminal.warn(warning) }
                shown = Set(summary.warnings)
                terminal.say("rebuilt \(summary.asOf) in \(String(format: "%.2f", seconds))s"
                    + (summary.symbolsReused > 0 ? " (\(summary.symbolsReused) unchanged symbols reused)" : ""))
            case let .failure(error):
                FileHandle.standardError.write(Data("build failed (still serving the last good build):\n\(error)\n".utf8))
            }
        }
    }
}
