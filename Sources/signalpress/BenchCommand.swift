import ArgumentParser
import Foundation
import Indicators
import MarketData

/// Measures indicator throughput on a synthetic universe held in memory (no I/O in the timing).
struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench-indicators",
        abstract: "Time all 21 published indicators over N synthetic symbols (a benchmark, not a test).")

    @Option(name: .long, help: "Symbols in the universe.")
    var symbols: Int = 2000

    @Option(name: .long, help: "Bars per symbol.")
    var days: Int = 2520

    @Option(name: .long, help: "Repetitions; the fastest is reported.")
    var repeats: Int = 3

    func validate() throws {
        guard symbols >= 1, days >= 1, repeats >= 1 else { throw ValidationError("--symbols, --days and --repeats must be positive") }
    }

    func run() throws {
        let generator = SampleData(days: days, seed: 1)
        let universe = SampleData.tickers(count: symbols, seed: 1).map { generator.series(symbol: $0) }
        var best = Double.infinity
        var checksum = 0.0
        for _ in 0..<repeats {
            let start = DispatchTime.now().uptimeNanoseconds
            for series in universe {
                let set = IndicatorSet(high: series.high, low: series.low, close: series.close, volume: series.volume)
                checksum += set.rsi14[days - 1].isNaN ? 0 : set.rsi14[days - 1]
            }
            best = min(best, Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
        }
        let bars = Double(symbols * days)
        print(String(format: "indicators: %d symbols x %d bars, 21 columns (+ the signal inputs): %.3f s, %.1f M bars/s, one thread (checksum %.3f)",
                     symbols, days, best, bars / best / 1e6, checksum))
    }
}
