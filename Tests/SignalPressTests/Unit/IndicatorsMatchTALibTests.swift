import Indicators
import MarketData
import Testing

@Suite("Indicators match TA-Lib on real series", .sharedData)
struct IndicatorsMatchTALibTests {
    @Test("every published column equals TA-Lib within 1e-9, with identical warm-up", arguments: SharedData.symbols)
    func matchesReference(symbol: String) throws {
        let series = try SharedData.series(symbol)
        let reference = try SharedData.reference(symbol)
        #expect(reference.dates == series.dates.map(\.iso))
        let set = IndicatorSet(high: series.high, low: series.low, close: series.close, volume: series.volume)
        for (name, computed) in zip(IndicatorSet.columnNames, set.columns) {
            let expected = try #require(reference.columns[name], "reference lacks \(name)")
            guard let values = computed else {
                // An index file's Volume of zeros throughout is read as no volume (#15): OBV and MFI are
                // left out rather than published as 0, which would read as a signal.
                #expect(series.volume == nil && ["obv", "mfi_14"].contains(name), "\(symbol) \(name) not computed")
                continue
            }
            #expect(values.count == expected.count)
            let warmUp = { (v: [Double]) in v.firstIndex(where: { !$0.isNaN }) ?? v.count }
            #expect(warmUp(values) == warmUp(expected), "\(symbol) \(name) warm-up")
            var worst = 0.0
            var worstRow = 0
            for row in expected.indices {
                #expect(values[row].isNaN == expected[row].isNaN, "\(symbol) \(name) row \(row) NaN mismatch")
                guard !expected[row].isNaN, !values[row].isNaN else { continue }
                let error = abs(values[row] - expected[row]) / max(1, abs(expected[row]))
                if error > worst { worst = error; worstRow = row }
            }
            #expect(worst <= 1e-9, "\(symbol) \(name): error \(worst) at row \(worstRow)")
        }
    }
}

extension IndicatorsMatchTALibTests {
    /// Columns that scale with prices; the others (oscillators, OBV) do not change when every price does.
    static let priceScaled: Set<String> = ["sma_20", "sma_50", "sma_200", "ema_12", "ema_26", "macd", "macd_signal", "macd_hist",
                                           "bb_upper", "bb_middle", "bb_lower", "atr_14"]

    @Test("adjusted prices give TA-Lib's columns for the adjusted series", arguments: ["AAPL", "SPY"])
    func adjustedMatchesReference(symbol: String) throws {
        // An Adj Close of half the close on every day: the adjusted series is the raw one times 0.5, exactly (a power
        // of two), so TA-Lib run on it gives exactly half its reference values for price-scaled columns and the same
        // values for the others.
        let text = try String(contentsOf: SharedData.url("data/ohlcv/\(symbol).csv"), encoding: .utf8)
        var lines = text.split(separator: "\n", omittingEmptySubsequences: true).map(String.init)
        lines[0] += ",Adj Close"
        for index in 1..<lines.count {
            let fields = lines[index].split(separator: ",")
            lines[index] += "," + String(Double(fields[4])! * 0.5)
        }
        let series = try CSVReader().read(lines.joined(separator: "\n"), file: "\(symbol).csv", symbol: symbol).series
        #expect(series.adjusted)
        let reference = try SharedData.reference(symbol)
        let set = IndicatorSet(high: series.high, low: series.low, close: series.close, volume: series.volume)
        for (name, computed) in zip(IndicatorSet.columnNames, set.columns) {
            guard let values = computed, let expected = reference.columns[name] else { continue }
            let factor = Self.priceScaled.contains(name) ? 0.5 : 1
            var worst = 0.0
            for row in expected.indices where !expected[row].isNaN {
                worst = max(worst, abs(values[row] - expected[row] * factor) / max(1, abs(expected[row] * factor)))
            }
            #expect(worst <= 1e-9, "\(symbol) \(name): error \(worst)")
        }
    }
}
