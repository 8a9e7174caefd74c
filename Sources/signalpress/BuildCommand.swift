import ArgumentParser
import Build
import Core
import Foundation

struct BuildCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "build", abstract: "Build the site, reports and bundles into the output directory.",
                                                    discussion: Examples.build)

    @OptionGroup var projectOptions: ProjectOptions

    @Option(name: .long, help: "Build as of this trading day (YYYY-MM-DD); default: the latest day in the data on or before today.")
    var asOf: Day?

    @Option(name: .long, help: "Output directory (default: site/ in the project).")
    var output: String?

    @Option(name: .long, help: "Symbols in flight at once (default: the number of cores); peak memory grows with this, not with the symbols.")
    var jobs: Int = ProcessInfo.processInfo.activeProcessorCount

    @Flag(name: .long, help: "Print nothing but errors.")
    var quiet = false

    @Flag(name: .long, help: "data.source http: use cached series only, make no requests.")
    var offline = false

    @Flag(name: .long, help: "data.source http: fail the build if any symbol cannot be refreshed.")
    var strict = false

    @Option(name: .long, help: "text, or json: one JSON object per line (level, message, stage, symbol, duration) for log shippers.")
    var logFormat: LogFormat = .text

    func validate() throws {
        if !(1...256).contains(jobs) { throw ValidationError("--jobs must be between 1 and 256") }
    }

    func run() throws {
        let root = projectOptions.root
        let outputURL = output.map { URL(fileURLWithPath: $0, relativeTo: URL(fileURLWithPath: FileManager.default.currentDirectoryPath)).standardizedFileURL }
            ?? root.appendingPathComponent("site")
        let started = ContinuousClock.now
        func elapsed() -> Double { let d = (ContinuousClock.now - started).components; return Double(d.seconds) + Double(d.attoseconds) / 1e18 }
        let terminal = Terminal(quiet: quiet, format: logFormat)
        var options = BuildOptions(root: root, output: outputURL, clock: try projectOptions.clock(), asOf: asOf, jobs: jobs,
                                   ledger: try projectOptions.ledgerPath(output: outputURL), offline: offline, strict: strict)
        // The system clock on purpose: an alert on "no success for 26 hours" is about real time.
        options.metricsClock = Clock(now: Date())
        options.afterStep = BuildOptions.killAfterStep(ProcessInfo.processInfo.environment)
        let summary: BuildSummary
        do {
            summary = try Build(options: options, progress: { terminal.progress($0) }).run()
        } catch {
            terminal.clearProgress()
            guard let logger = terminal.logger else { throw error }
            logger.error("\(error)", metadata: ["duration": .stringConvertible(elapsed()), "step": .string(error.step ?? "")])
            throw ExitCode(1)
        }
        terminal.clearProgress()
        report(summary, terminal: terminal, output: outputURL, seconds: elapsed())
    }

    func report(_ summary: BuildSummary, terminal: Terminal, output: URL, seconds: Double) {
        for warning in summary.warnings where !summary.repeatedWarnings.contains(warning) {
            terminal.warn(warning, symbol: summary.warningSymbols[warning])
        }
        for stage in summary.stages { terminal.log("stage finished", ["stage": .string(stage.stage), "duration": .stringConvertible(stage.seconds), "peak_rss_kib": .stringConvertible(stage.peakKiB)]) }
        for notice in summary.notices { terminal.say(notice) }
        let time = String(format: "%.2f", seconds)
        if summary.unchanged {
            terminal.say("nothing changed since the last build of \(summary.asOf); \(output.path) left as it was (\(time)s)")
            return
        }
        terminal.say("built \(summary.asOf): \(summary.line) in \(time)s -> \(output.path)")
    }
}
