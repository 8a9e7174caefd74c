import Core
import ArgumentParser
import Build
import Foundation

/// Measures indicator throughput on a synthetic universe held in memory (no I/O in the timing).
struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench-indicators",
        abstract: "Time all 21 published indicators over N synthetic symbols (a benchmark, not a test).", discussion: Examples.benchIndicators)

    @Option(name: .long, help: "Symbols in the universe.")
    var symbols: Int = 2000

    @Option(name: .long, help: "Bars per symbol.")
    var days: Int = 2520

    @Option(name: .long, help: "Repetitions; the fastest is reported.")
    var repeats: Int = 3

    func validate() throws {
        guard (1...100_000).contains(symbols), (1...100_000).contains(days), (1...100).contains(repeats) else {
            throw ValidationError("--symbols and --days must be between 1 and 100000, --repeats between 1 and 100")
        }
    }

    func run() throws {
        let result = IndicatorBench(symbols: symbols, days: days, repeats: repeats).run()
        let bars = Double(symbols * days)
        print(String(format: "indicators: %d symbols x %d bars, one thread: the 21 published columns %.3f s (%.1f M bars/s); "
                     + "with the signal inputs %.3f s (checksum %.3f)", symbols, days, result.published, bars / result.published / 1e6,
                     result.everything, result.checksum))
    }
}
