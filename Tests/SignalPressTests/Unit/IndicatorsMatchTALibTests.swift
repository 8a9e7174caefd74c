import Indicators
import MarketData
import Testing

@Suite("Indicators match TA-Lib on real series", .enabled(if: SharedData.available, SharedData.skipMessage))
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
