import Charts
import Foundation
import MarketData
import Signals
import Testing

#if canImport(FoundationXML)
import FoundationXML
#endif

@Suite("Price chart")
struct PriceChartTests {
    static let tenYears = Analysis(series: SampleData(days: 2520, seed: 4).series(symbol: "LONGX"), config: SignalConfig())

    func parses(_ svg: String, sourceLocation: SourceLocation = #_sourceLocation) -> Bool {
        let parser = XMLParser(data: Data(svg.utf8))
        let ok = parser.parse()
        if !ok { Issue.record("SVG does not parse: \(String(describing: parser.parserError)) at line \(parser.lineNumber) column \(parser.columnNumber)", sourceLocation: sourceLocation) }
        return ok
    }

    @Test("a series whose range is a few ulps, or near the largest double, draws a chart and never hangs")
    func degeneratePrices() {
        let days = (0..<300).map { Day(daysSinceEpoch: 19_000 + $0) }
        let flat = [Double](repeating: 100, count: 300)
        var high = flat
        high[150] = 100.00000000000001
        let series = Series(symbol: "FLAT", dates: days, open: flat, high: high, low: flat, close: flat, volume: flat)
        let svg = PriceChart().svg(Analysis(series: series, config: SignalConfig()))
        #expect(parses(svg) && !svg.contains("nan"))
    }

    @Test("a one-year chart is at most 80 KB and a ten-year chart at most twice that")
    func sizeIsBounded() {
        let oneYear = PriceChart(window: 252).svg(Self.tenYears)
        let tenYears = PriceChart(window: 2520).svg(Self.tenYears)
        #expect(oneYear.utf8.count <= 80_000)
        #expect(tenYears.utf8.count <= 2 * oneYear.utf8.count, "one year \(oneYear.utf8.count) B, ten years \(tenYears.utf8.count) B")
        #expect(parses(oneYear) && parses(tenYears))
    }

    @Test("a ten-year chart labels years, a one-year chart labels months")
    func dateTicks() {
        let tenYears = PriceChart(window: 2520).svg(Self.tenYears)
        let oneYear = PriceChart(window: 252).svg(Self.tenYears)
        #expect(tenYears.contains(">2020<") || tenYears.contains(">2021<"))
        #expect(["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"].filter { oneYear.contains(">\($0)") }.count >= 6)
    }

    @Test("the chart is the same text every time and carries accessible text without style or script")
    func deterministicAndAccessible() {
        let first = PriceChart().svg(Self.tenYears), second = PriceChart().svg(Self.tenYears)
        #expect(first == second)
        #expect(first.contains("<title>") && first.contains("<desc>") && first.contains("viewBox=\""))
        #expect(!first.contains("<style") && !first.contains("<script") && !first.contains("style=\""))
    }

    @Test("a short series draws without a crash and still parses")
    func shortSeries() {
        let analysis = Analysis(series: SampleData(days: 5, seed: 1).series(symbol: "NEWX"), config: SignalConfig())
        #expect(parses(PriceChart().svg(analysis)))
        #expect(parses(Sparkline.svg(symbol: "NEWX", close: analysis.series.close)))
    }
}
