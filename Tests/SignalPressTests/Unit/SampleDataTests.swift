import Core
import MarketData
import Testing

@Suite("Sample data")
struct SampleDataTests {
    @Test("the same seed gives the same series; another seed does not")
    func deterministic() {
        let a = SampleData(days: 500, seed: 42).series(symbol: "ABCX")
        let b = SampleData(days: 500, seed: 42).series(symbol: "ABCX")
        let c = SampleData(days: 500, seed: 43).series(symbol: "ABCX")
        #expect(a == b)
        #expect(a != c)
        #expect(CSVWriter.csv(a) == CSVWriter.csv(b))
        #expect(SampleData.tickers(count: 30, seed: 1) == SampleData.tickers(count: 30, seed: 1))
        #expect(Set(SampleData.tickers(count: 600, seed: 1)).count == 600)
    }

    @Test("bars fall on weekdays, end on the requested day, and OHLC are always consistent")
    func consistent() {
        let end = Day(iso: "2026-11-27")!
        let series = SampleData(days: 2520, seed: 5, lastDay: end).series(symbol: "QQQX")
        #expect(series.count == 2520)
        #expect(series.dates.last == end)
        #expect(series.dates.allSatisfy { !$0.isWeekend })
        #expect(zip(series.dates, series.dates.dropFirst()).allSatisfy { $0 < $1 })
        for i in 0..<series.count {
            #expect(series.low[i] > 0)
            #expect(series.low[i] <= min(series.open[i], series.close[i]))
            #expect(series.high[i] >= max(series.open[i], series.close[i]))
        }
        #expect(series.volume!.allSatisfy { $0 > 0 })
    }

    @Test("calendar dates convert both ways")
    func days() {
        for text in ["1970-01-01", "2000-02-29", "2024-12-31", "1999-03-01"] {
            #expect(Day(iso: text)!.iso == text)
        }
        #expect(Day(iso: "2023-02-29") == nil)
        #expect(Day(iso: "2024-1-02") == nil)
        #expect(Day(iso: "2026-11-29")!.weekday == 0)
        #expect(Day(iso: "1970-01-01")!.unixTime == 0)
    }
}
