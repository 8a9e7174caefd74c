import ArgumentParser
import Build
import Core
import Foundation

struct FetchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fetch", abstract: "Refresh the market-data cache over HTTP (data.source: http) without building.", discussion: Examples.fetch)

    @OptionGroup var projectOptions: ProjectOptions

    @Option(name: .long, help: "Fetch up to this day (YYYY-MM-DD); default: today (UTC, or --today).")
    var to: Day?

    @Flag(name: .long, help: "Exit 1 if any symbol could not be refreshed.")
    var strict = false

    func run() throws {
        let terminal = Terminal(quiet: false)
        let result = try projectOptions.workspace.fetch(to: to, clock: projectOptions.clock()) { done, total in
            let width = 30, filled = width * done / max(total, 1)
            terminal.progress("[" + String(repeating: "#", count: filled) + String(repeating: ".", count: width - filled) + "] \(done)/\(total)")
        }
        terminal.clearProgress()
        for problem in result.problems { terminal.warn(problem.description) }
        let summary = result.summary
        for line in summary.perSymbol { print(line) }
        print(summary.line)
        if strict, summary.stale + summary.failed > 0 { throw CommandError.strictFetch(symbols: summary.stale + summary.failed) }
    }
}
