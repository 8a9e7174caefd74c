import ArgumentParser
import Core
import Build
import Foundation

struct SampleDataCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sample-data",
        abstract: "Write deterministic synthetic daily OHLCV for fictional tickers (demo data, not real prices).",
        discussion: Examples.sampleData)

    @Option(name: .long, help: "Directory to write <SYMBOL>.csv files into.")
    var out: String

    @Option(name: .long, help: "How many symbols.")
    var symbols: Int = 20

    @Option(name: .long, help: "Trading days per symbol.")
    var days: Int = 2520

    @Option(name: .long, help: "Random seed; the same seed gives the same files.")
    var seed: UInt64 = 1

    @Option(name: .long, help: "Last trading day (YYYY-MM-DD).")
    var end: String = "2026-11-27"

    @Option(name: .long, parsing: .upToNextOption, help: "Use these ticker names instead of generated ones.")
    var names: [String] = []

    func validate() throws {
        guard (1...100_000).contains(symbols) else { throw ValidationError("--symbols must be between 1 and 100000") }
        guard (1...100_000).contains(days) else { throw ValidationError("--days must be between 1 and 100000") }
        guard Day(iso: end) != nil else { throw ValidationError("--end must be a date YYYY-MM-DD") }
        for name in names where Symbol(name) == nil {
            throw ValidationError("invalid symbol '\(name)': \(Symbol.problem(with: name) ?? "")")
        }
    }

    func run() throws {
        let directory = URL(fileURLWithPath: out)
        let tickers = names.isEmpty ? Scaffolding.tickers(count: symbols, seed: seed) : names
        try Scaffolding.writeSampleData(to: directory, tickers: tickers, days: days, seed: seed, lastDay: Day(iso: end)!)
        print("wrote \(tickers.count) synthetic series x \(days) days to \(directory.path)")
    }
}
