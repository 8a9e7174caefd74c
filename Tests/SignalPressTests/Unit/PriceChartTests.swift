@testable import Charts
import Core
import Foundation
import MarketData
import Project
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

    @Test("a coordinate written as bytes reads exactly as SVG.n prints it, ties, signs and large values included")
    func coordinatesAsBytes() {
        var generator = SystemRandomNumberGenerator()
        var values: [Double] = [0, -0.0, 0.05, -0.05, 0.04, -0.04, 0.25, 2.45, -2.45, 99.95, 1e14, -1e14, 123_456_789.96, .nan]
        for _ in 0..<20_000 {
            let scale = [1.0, 10, 1_000, 1e6, 1e13][Int.random(in: 0..<5, using: &generator)]
            values.append(Double.random(in: -scale...scale, using: &generator))
            values.append(Double(Int.random(in: -50_000...50_000, using: &generator)) / 20)   // ties at the hundredths
        }
        for value in values {
            var bytes: [UInt8] = []
            SVGWriter.number(value, into: &bytes)
            #expect(String(decoding: bytes, as: UTF8.self) == SVG.n(value), "\(value)")
        }
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

    @Test("the chart is the same text every time and carries accessible text, no script and no style attribute")
    func deterministicAndAccessible() {
        let first = PriceChart().svg(Self.tenYears), second = PriceChart().svg(Self.tenYears)
        #expect(first == second)
        #expect(first.contains("<title id=\"title\">") && first.contains("<desc id=\"desc\">") && first.contains("viewBox=\""))
        #expect(!first.contains("<script") && !first.contains("style=\""))
    }

    @Test("in dark mode every colour the chart draws with is redrawn: no white slab, every ink has a dark colour")
    func darkScheme() throws {
        let svg = PriceChart().svg(Self.tenYears)
        let style = try #require(svg.range(of: "<style>").flatMap { start in svg.range(of: "</style>").map { String(svg[start.upperBound..<$0.lowerBound]) } })
        #expect(style.hasPrefix("@media (prefers-color-scheme:dark){"))
        // Every class the drawing uses has a dark rule; the background is dark.
        let classes = Set(svg.components(separatedBy: "class=\"").dropFirst().map { String($0.prefix { $0 != "\"" }) })
        #expect(classes.count >= 8)
        for name in classes { #expect(style.contains(".\(name){"), "\(name)") }
        #expect(style.contains(".bg{fill:#111418}") && svg.contains("<rect width=\"960\" height=\"640\" class=\"bg\" fill=\"#ffffff\"/>"))
        // A sparkline carries only the two colours it uses.
        let spark = Sparkline.svg(symbol: "LONGX", close: Self.tenYears.series.close)
        #expect(spark.contains("<style>@media (prefers-color-scheme:dark){.up{") && !spark.contains(".bg{"))
    }

    @Test("the narrow chart drops the MACD pane and draws labels at least 14 units high on a 440-unit canvas (13 px on a 390 px phone)")
    func narrowLayout() {
        let narrow = PriceChart(narrow: true).svg(Self.tenYears)
        let wide = PriceChart().svg(Self.tenYears)
        #expect(narrow.contains("viewBox=\"0 0 440 520\"") && !narrow.contains(">MACD 12/26/9</text>") && wide.contains(">MACD 12/26/9</text>"))
        let sizes = narrow.components(separatedBy: "font-size=\"").dropFirst().compactMap { Double($0.prefix { $0 != "\"" }) }
        #expect(!sizes.isEmpty && sizes.allSatisfy { $0 >= 14 })
        #expect(narrow.utf8.count < wide.utf8.count)
    }

    @Test("volume and MACD have scales, the first month label has its year, and no price label hides under the last-price tag")
    func axes() {
        let svg = PriceChart(window: 252).svg(Self.tenYears)
        let labels = svg.components(separatedBy: "<text ").dropFirst().map { part -> (y: Double, text: String) in
            let y = Double(part.components(separatedBy: "y=\"")[1].prefix { $0 != "\"" }) ?? 0
            let text = String(part.split(separator: ">", maxSplits: 1)[1].prefix { $0 != "<" })
            return (y, text)
        }
        // Volume: a compact scale label (K, M or B); MACD: a zero line label between its negative and positive ticks.
        #expect(labels.contains { $0.text.hasSuffix("K") || $0.text.hasSuffix("M") || $0.text.hasSuffix("B") })
        #expect(labels.contains { $0.text == "0.00" || $0.text == "0.0" || $0.text == "0" })
        let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        let dateLabels = labels.filter { label in months.contains { label.text.hasPrefix($0) } }
        #expect(dateLabels.first.map { $0.text.split(separator: " ").count == 2 } == true, "\(dateLabels.first?.text ?? "")")
        // The tag: a label printing the last close; no axis label within 15 px above or below it.
        let close = Format.price(Self.tenYears.series.close.last!)
        let tag = labels.first { $0.text == close }!
        let axis = labels.filter { $0.text != close && abs($0.y - tag.y) < 15 && Double($0.text) != nil }
        #expect(axis.isEmpty, "\(axis)")
    }

    @Test("every month label fits on the canvas, the price axis has at least four ticks, and the markers have a legend")
    func labelsFitAndReadable() {
        for (chart, width) in [(PriceChart(narrow: true), 440.0), (PriceChart(), 960.0)] {
            let svg = chart.svg(Self.tenYears)
            let fontSize = chart.narrow ? 16.0 : 11.0
            let texts = svg.components(separatedBy: "<text ").dropFirst().map { part -> (x: Double, anchor: String, text: String) in
                let x = Double(part.components(separatedBy: "x=\"")[1].prefix { $0 != "\"" }) ?? 0
                let anchor = part.contains("text-anchor=\"middle\"") ? "middle" : "start"
                return (x, anchor, String(part.split(separator: ">", maxSplits: 1)[1].prefix { $0 != "<" }))
            }
            // Month labels are centred on their day: half of each must fit on either side.
            for label in texts where label.anchor == "middle" {
                let half = PriceChart.textWidth(label.text, fontSize: fontSize) / 2
                #expect(label.x - half >= 0 && label.x + half <= width, "\(label.text) at \(label.x) on \(width) px")
            }
            // Price labels stand right of the plot and read as prices (two decimals).
            let prices = texts.filter { $0.anchor == "start" && $0.x > width - 70 && $0.text.contains(".") && Double($0.text) != nil }
            #expect(prices.count >= 4, "\(prices.map(\.text))")
            #expect(svg.contains("▲ BUY") && svg.contains("▼ SELL"))
        }
        // A range just past a round step gets two ticks at five steps (10 and 20 here); the axis asks for at least four.
        #expect(Ticks.nice(min: 0.3, max: 25.35).count < 4 && Ticks.nice(min: 0.3, max: 25.35, atLeast: 4).count >= 4)
        #expect(Ticks.nice(min: 1, max: 1, atLeast: 4) == [1])
    }

    @Test("the alt text carries the key numbers")
    func summary() {
        let analysis = Self.tenYears
        let last = analysis.series.count - 1, ind = analysis.market.indicators
        let text = PriceChart.summary(analysis)
        #expect(text.hasPrefix("LONGX closed \(Format.price(analysis.series.close[last])) on \(analysis.series.dates[last]), "))
        #expect(text.contains("its SMA 200 \(Format.price(ind.sma200[last]))") && text.contains("RSI \(Format.fixed(ind.rsi14[last], 1))"))
        #expect(text.contains(ind.macd.macd[last] >= ind.macd.signal[last] ? "MACD above signal" : "MACD below signal"))
    }

    @Test("the tearsheet charts parse, stay small, and describe their numbers")
    func tearsheet() {
        let series = Self.tenYears.series
        let sheet = Tearsheet(series: series)
        let charts = [TearsheetCharts.underwater(series, sheet), TearsheetCharts.rollingSharpe(series, sheet), TearsheetCharts.monthlyHeatmap(series, sheet)]
        for chart in charts {
            #expect(parses(chart) && chart.utf8.count <= 40_000 && !chart.contains("nan") && !chart.contains("style=\""))
        }
        let worst = sheet.drawdown.min()!
        #expect(charts[0].contains("Deepest \(Format.percent(worst))"))
        // Ten years of months: the newest ten calendar years, one cell each with its number.
        let cells = charts[2].components(separatedBy: "<rect x=").count - 1
        #expect(cells == sheet.monthlyReturns.filter { $0.year >= sheet.monthlyReturns.last!.year - 9 }.count)
        // The line charts' titles sit above their plots: no point of a line is drawn within the title's line.
        for chart in charts.prefix(2) {
            let title = chart.components(separatedBy: "<text ").last!
            let titleY = Double(title.components(separatedBy: "y=\"")[1].prefix { $0 != "\"" })!
            for path in chart.components(separatedBy: " d=\"").dropFirst().map({ String($0.prefix { $0 != "\"" }) }) {
                let numbers = path.split(whereSeparator: { "MLZ ".contains($0) }).compactMap { Double($0) }
                let ys = stride(from: 1, to: numbers.count, by: 2).map { numbers[$0] }
                #expect(ys.allSatisfy { $0 >= titleY + 3 }, "a line reaches \(ys.min() ?? 0) under a title at \(titleY)")
            }
        }
        let short = Analysis(series: SampleData(days: 30, seed: 1).series(symbol: "NEWX"), config: SignalConfig())
        #expect(TearsheetCharts.rollingSharpe(short.series, Tearsheet(series: short.series)).contains("Not enough history yet"))
    }

    @Test("a short series draws without a crash and still parses")
    func shortSeries() {
        let analysis = Analysis(series: SampleData(days: 5, seed: 1).series(symbol: "NEWX"), config: SignalConfig())
        #expect(parses(PriceChart().svg(analysis)))
        #expect(parses(Sparkline.svg(symbol: "NEWX", close: analysis.series.close)))
    }
}
