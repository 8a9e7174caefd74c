import ArgumentParser
import Build
import Core
import Foundation
import MarketData

struct FetchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fetch", abstract: "Refresh the market-data cache over HTTP (data.source: http) without building.", discussion: Examples.fetch)

    @OptionGroup var projectOptions: ProjectOptions

    @Option(name: .long, help: "Fetch up to this day (YYYY-MM-DD); default: today (UTC, or --today).")
    var to: Day?

    @Flag(name: .long, help: "Exit 1 if any symbol could not be refreshed.")
    var strict = false

    func run() throws {
        let project = try projectOptions.loadProject()
        guard let http = project.config.data.http else { throw UserError("content/site.yml: data.source is files; there is nothing to fetch") }
        let terminal = Terminal(quiet: false)
        let clock = try projectOptions.clock()
        let fetcher = project.marketFetcher(http, today: clock.today, offline: false)
        let started = Date()
        let outcomes = fetcher.fetch(project.dataSymbols, to: to ?? clock.today) { done, total in
            let width = 30, filled = width * done / max(total, 1)
            terminal.progress("[" + String(repeating: "#", count: filled) + String(repeating: ".", count: width - filled) + "] \(done)/\(total)")
        }
        terminal.clearProgress()
        for outcome in outcomes {
            switch outcome.state {
            case let .stale(reason): terminal.warn("\(outcome.symbol) is stale: \(reason)")
            case let .failed(reason): terminal.warn("\(outcome.symbol) failed: \(reason)")
            default: break
            }
        }
        let summary = FetchSummary(outcomes, seconds: Date().timeIntervalSince(started))
        print(summary.line)
        if strict, summary.stale + summary.failed > 0 { throw UserError("--strict: \(summary.stale + summary.failed) symbols could not be refreshed") }
    }
}
