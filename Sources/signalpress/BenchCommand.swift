import ArgumentParser
import Foundation
import Indicators
import MarketData

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
        let generator = SampleData(days: days, seed: 1)
        let universe = SampleData.tickers(count: symbols, seed: 1).map { generator.series(symbol: $0) }
        var checksum = 0.0
        // The 21 published columns alone, as .ci/talib_bench.py asks TA-Lib for them: the like-for-like time.
        let published = fastest {
            for series in universe {
                checksum += IndicatorSet.publishedColumns(high: series.high, low: series.low, close: series.close, volume: series.volume)
                    .compactMap { $0?.last }.reduce(0) { $1.isNaN ? $0 : $0 + $1 }
            }
        }
        // Everything a build computes: the 21 columns and the signal inputs (52-week range, Donchian, Keltner, NATR, relative volume).
        let everything = fastest {
            for series in universe {
                let set = IndicatorSet(high: series.high, low: series.low, close: series.close, volume: series.volume)
                checksum += set.rsi14[days - 1].isNaN ? 0 : set.rsi14[days - 1]
            }
        }
        let bars = Double(symbols * days)
        print(String(format: "indicators: %d symbols x %d bars, one thread: the 21 published columns %.3f s (%.1f M bars/s); "
                     + "with the signal inputs %.3f s (checksum %.3f)", symbols, days, published, bars / published / 1e6, everything, checksum))
    }

    /// The fastest of `repeats` runs, in seconds.
    func fastest(_ body: () -> Void) -> Double {
        var best = Double.infinity
        for _ in 0..<repeats {
            let start = DispatchTime.now().uptimeNanoseconds
            body()
            best = min(best, Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
        }
        return best
    }
}
