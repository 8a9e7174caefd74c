import Core
import Foundation
import MarketData
import Project
import Signals
import Testing

@Suite("Signal stability")
struct SignalStabilityTests {
    /// A score that wobbles around the BUY threshold of 0.3 every other day.
    let wobble: [Double] = [.nan, 0.1, 0.31, 0.29, 0.32, 0.28, 0.33, 0.27, 0.1, 0.05, -0.31, -0.29, -0.32, 0.0]

    @Test("by default a bar's action is its score's alone, as before")
    func defaultIsUnchanged() {
        let config = SignalConfig()
        #expect(!config.hasMemory)
        #expect(config.actions(for: wobble) == wobble.map { $0.isNaN ? nil : config.action(for: $0) })
        // So a wobbling score flips BUY and HOLD every other day.
        #expect(config.actions(for: wobble)[2...7] == [.buy, .hold, .buy, .hold, .buy, .hold])
    }

    @Test("exit_at keeps a BUY while the score stays at or above it, and a SELL while at or below its negative")
    func hysteresis() {
        let config = SignalConfig(exitAt: 0.15)
        let actions = config.actions(for: wobble)
        #expect(actions[0] == nil && actions[1] == .hold)
        #expect(actions[2...7].allSatisfy { $0 == .buy }, "\(actions)")
        #expect(actions[8] == .hold && actions[9] == .hold, "0.1 is below exit_at: the BUY ends")
        #expect(actions[10...12].allSatisfy { $0 == .sell })
        #expect(actions[13] == .hold)
    }

    @Test("min_hold_days keeps any action until it has stood that many days")
    func minimumHold() {
        let config = SignalConfig(minHoldDays: 3)
        let actions = config.actions(for: wobble)
        // The first HOLD (bar 1) stands three days, so bar 2's BUY waits for bar 4's score; that BUY
        // stands three days through bar 5's dip, and bar 7's HOLD is the first change after.
        #expect(actions[1...3] == [.hold, .hold, .hold])
        #expect(actions[4...6] == [.buy, .buy, .buy])
        #expect(actions[7] == .hold)
        var changes = 0
        for i in 2..<actions.count where actions[i] != actions[i - 1] { changes += 1 }
        let defaultChanges = (2..<wobble.count).filter { SignalConfig().actions(for: wobble)[$0] != SignalConfig().actions(for: wobble)[$0 - 1] }.count
        #expect(changes < defaultChanges)
    }

    @Test("the actions never look ahead: a day's action is the same computed on the history up to it")
    func noLookAhead() {
        let config = SignalConfig(minHoldDays: 4, exitAt: 0.1)
        let scores: [Double] = (0..<400).map { (index: Int) -> Double in
            let t = Double(index)
            return sin(t * 0.3) * 0.5 + cos(t * 0.07) * 0.2
        }
        let all = config.actions(for: scores)
        for end in stride(from: 1, through: scores.count, by: 37) {
            #expect(config.actions(for: Array(scores.prefix(end))) == Array(all.prefix(end)))
        }
    }

    @Test("the analysis, its latest signal and the hook's quick signal agree with the stateful actions")
    func analysisUsesTheStatefulActions() {
        let series = SampleData(days: 600, seed: 3).series(symbol: "WOBX")
        let config = SignalConfig(minHoldDays: 5, exitAt: 0.1)
        let analysis = Analysis(series: series, config: config)
        #expect(analysis.actions == config.actions(for: analysis.scores))
        #expect(analysis.signal?.action == analysis.actions.last!)
        #expect(Analysis.latestSignal(series: series, config: config)?.action == analysis.actions.last!)
        #expect(analysis.signal(onBar: 400)?.action == analysis.actions[400])
        let plain = Analysis(series: series, config: SignalConfig())
        #expect(analysis.signalChanges() <= plain.signalChanges())
        #expect(plain.signalChanges() == (series.count - 252..<series.count).filter { plain.actions[$0] != plain.actions[$0 - 1] }.count)
    }
}

@Suite("Backtest base rate")
struct BacktestBaseRateTests {
    @Test("the base rate is how often the same holding period rose (BUY) or fell (SELL) from any day")
    func baseRate() {
        // Up, up, down, repeating: a 1-bar... here 5 bars ahead is always up by construction of a rising line.
        let rising = (0..<60).map { 100 + Double($0) }
        let flat = Backtest(close: rising, actions: [Action?](repeating: .hold, count: 60))
        #expect(flat.buy.baseRate5Day == 1 && flat.sell.baseRate5Day == 0)
        #expect(flat.buy.baseRate20Day == 1)
        // A zig-zag: from even bars five later is odd (lower), from odd bars it is higher.
        let zigzag = (0..<41).map { $0 % 2 == 0 ? 100.0 + Double($0) * 0.01 : 90.0 }
        let mixed = Backtest(close: zigzag, actions: [Action?](repeating: .hold, count: 41))
        let fromEven = (0..<36).filter { $0 % 2 == 0 }.count, total = 36
        #expect(mixed.sell.baseRate5Day == Double(fromEven) / Double(total))
        #expect(mixed.buy.baseRate5Day == Double(total - fromEven) / Double(total))
        #expect(Backtest(close: [1, 2, 3], actions: [nil, nil, nil]).buy.baseRate5Day == nil)
    }
}

@Suite("Tearsheet")
struct TearsheetTests {
    @Test("drawdown is the distance below the running high, 0 at each new high")
    func drawdown() {
        let series = Fixtures.series([100, 110, 99, 88, 121, 60.5])
        let sheet = Tearsheet(series: series)
        #expect(sheet.drawdown.map { ($0 * 1000).rounded() / 1000 } == [0, 0, -0.1, -0.2, 0, -0.5])
    }

    @Test("monthly returns compound from the last close of the month before")
    func monthly() {
        let dates = ["2024-01-30", "2024-01-31", "2024-02-01", "2024-02-29", "2024-03-01"].map { Day(iso: $0)! }
        let close = [100.0, 110, 99, 121, 133.1]
        let series = Series(symbol: "M", dates: dates, open: close, high: close, low: close, close: close, volume: nil)
        let months = Tearsheet(series: series).monthlyReturns
        #expect(months.map(\.month) == [1, 2, 3])
        #expect(abs(months[0].value - 0.10) < 1e-12 && abs(months[1].value - 0.10) < 1e-12 && abs(months[2].value - 0.10) < 1e-12)
    }

    @Test("the rolling Sharpe matches the ratio computed directly on each window")
    func rollingSharpe() {
        let series = SampleData(days: 400, seed: 5).series(symbol: "RSX")
        let sheet = Tearsheet(series: series)
        let close = series.close
        #expect(sheet.rollingSharpe[..<126].allSatisfy { $0.isNaN })
        for end in [126, 200, 399] {
            let returns = ((end - 125)...end).map { close[$0] / close[$0 - 1] - 1 }
            let mean = returns.reduce(0, +) / 126
            let sd = (returns.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / 125).squareRoot()
            #expect(abs(sheet.rollingSharpe[end] - mean / sd * 252.0.squareRoot()) < 1e-9)
        }
    }

    @Test("against itself a symbol has beta 1, correlation 1 and no excess; against half its moves, beta 2")
    func benchmark() {
        let series = SampleData(days: 400, seed: 6).series(symbol: "BMX")
        let same = BenchmarkComparison(series, benchmark: series)
        #expect(abs(same.beta! - 1) < 1e-9 && abs(same.correlation! - 1) < 1e-9)
        #expect(same.windows.map(\.period) == BenchmarkComparison.periods && same.windows.allSatisfy { abs($0.excess) < 1e-12 })
        #expect(same.days == 252)
        // A benchmark whose daily returns are half the symbol's.
        var halfClose = [series.close[0]]
        for i in 1..<series.count { halfClose.append(halfClose[i - 1] * (1 + (series.close[i] / series.close[i - 1] - 1) / 2)) }
        var half = series
        half.symbol = "HALF"
        half.close = halfClose
        let comparison = BenchmarkComparison(series, benchmark: half)
        #expect(abs(comparison.beta! - 2) < 1e-9 && abs(comparison.correlation! - 1) < 1e-9)
        #expect(comparison.benchmark == "HALF")
    }

    @Test("a benchmark with a holiday the symbol traded on compares on its last close before it")
    func benchmarkHoliday() {
        let series = SampleData(days: 300, seed: 8).series(symbol: "HOLX")
        var benchmark = series
        benchmark.symbol = "IDX"
        let dropped = series.count - 22 // the 1M window's first day
        for column in [\Series.open, \.high, \.low, \.close] { benchmark[keyPath: column].remove(at: dropped) }
        benchmark.dates.remove(at: dropped)
        benchmark.volume?.remove(at: dropped)
        let comparison = BenchmarkComparison(series, benchmark: benchmark)
        let month = comparison.windows.first { $0.period == .oneMonth }!
        #expect(abs(month.benchmark - (series.close.last! / series.close[dropped - 1] - 1)) < 1e-12)
    }
}
