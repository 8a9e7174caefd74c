import ArgumentParser
import Build
import Core
import Foundation

struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check", abstract: "Validate everything a build validates, and the site's links, without writing or recording anything.",
        discussion: "The post-analysis hook is not run, and data.source: http reads the cache only.\n\n" + Examples.check)

    @OptionGroup var projectOptions: ProjectOptions

    @Option(name: .long, help: "Check as of this trading day (YYYY-MM-DD); default: the latest day in the data.")
    var asOf: Day?

    @Option(name: .long, help: "Symbols in flight at once (default: the number of cores).")
    var jobs: Int = ProcessInfo.processInfo.activeProcessorCount

    func validate() throws {
        if !(1...256).contains(jobs) { throw ValidationError("--jobs must be between 1 and 256") }
    }

    func run() throws {
        let terminal = Terminal(quiet: false)
        let root = projectOptions.root
        let options = BuildOptions(root: root, output: root.appendingPathComponent("site"), clock: try projectOptions.clock(), asOf: asOf, jobs: jobs)
        let summary: BuildSummary
        do { summary = try Build(options: options, progress: { terminal.progress($0) }).check() } catch {
            terminal.clearProgress()
            throw CommandError.stopped(.check, after: error)
        }
        terminal.clearProgress()
        for warning in summary.warnings { terminal.warn(warning) }
        terminal.say("check passed for \(summary.asOf): \(summary.line.components(separatedBy: "; ").prefix(2).joined(separator: "; ")); "
            + "no leaks; \(NumberText.counted(summary.linksChecked, "link")) followed; \(NumberText.counted(summary.warnings.count, "warning"))")
    }
}
