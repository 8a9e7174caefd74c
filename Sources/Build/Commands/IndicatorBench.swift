import Core
import Foundation
import Indicators
import MarketData

/// `bench-indicators`: indicator throughput on a synthetic universe held in memory (no I/O in
/// the timing), one thread.
public struct IndicatorBench: Sendable {
    /// Seconds for the 21 published columns (as `.ci/talib_bench.py` asks TA-Lib for them), and
    /// for everything a build computes; the checksum keeps the work from being optimised away.
    public struct Result: Sendable {
        public var published: Double
        public var everything: Double
        public var checksum: Double
    }

    public var symbols: Int
    public var days: Int
    public var repeats: Int

    public init(symbols: Int, days: Int, repeats: Int) {
        (self.symbols, self.days, self.repeats) = (symbols, days, repeats)
    }

    public func run() -> Result {
        let generator = SampleData(days: days, seed: 1)
        let universe = SampleData.tickers(count: symbols, seed: 1).map { generator.series(symbol: $0) }
        var checksum = 0.0
        let published = fastest {
            for series in universe {
                checksum += IndicatorSet.publishedColumns(high: series.high, low: series.low, close: series.close, volume: series.volume)
                    .compactMap { $0?.last }.reduce(0) { $1.isNaN ? $0 : $0 + $1 }
            }
        }
        // The 21 columns and the signal inputs (52-week range, Donchian, Keltner, NATR, relative volume).
        let everything = fastest {
            for series in universe {
                let set = IndicatorSet(high: series.high, low: series.low, close: series.close, volume: series.volume)
                checksum += set.rsi14[days - 1].isNaN ? 0 : set.rsi14[days - 1]
            }
        }
        return Result(published: published, everything: everything, checksum: checksum)
    }

    /// The fastest of `repeats` runs, in seconds.
    func fastest(_ body: () -> Void) -> Double {
        var best = Double.infinity
        for _ in 0..<repeats {
            let start = DispatchTime.now()
            body()
            best = min(best, start.secondsAgo)
        }
        return best
    }
}
