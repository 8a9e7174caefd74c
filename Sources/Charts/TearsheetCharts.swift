import Core
import MarketData
import Signals

/// The symbol page's tearsheet, as quantstats draws it: the underwater (drawdown) chart, the
/// rolling six-month Sharpe ratio, and monthly returns as a years x months heatmap. Small
/// (480 wide) so each reads at its own size on a phone, and in both colour schemes.
public enum TearsheetCharts {
    static let width = 480.0, left = 8.0, right = 52.0, fontSize = 12.0

    /// A line over the dates, bucketed to two pixel columns; `worst` keeps each bucket's lowest value.
    static func lineChart(title: String, description: String, dates: [Day], values: [Double], height: Double,
                          filled: Bool, zeroLine: Bool, format: (Double) -> String) -> String {
        // The plot starts below the title's band: a high value's line never runs through the title.
        let plotWidth = width - left - right, top = 8.0 + fontSize * 2, bottom = height - fontSize - 12
        var out = SVG.header(width: Int(width), height: Int(height), title: title, description: description)
        out += "<rect width=\"\(SVG.n(width))\" height=\"\(SVG.n(height))\" \(SVG.Ink.background.fill())/>"
        let drawn = values.indices.filter { !values[$0].isNaN }
        guard let firstBar = drawn.first, drawn.count >= 2 else {
            return out + "<text x=\"\(SVG.n(left))\" y=\"\(SVG.n(top + fontSize))\" font-size=\"\(SVG.n(fontSize))\" font-family=\"sans-serif\" \(SVG.Ink.label.fill())>Not enough history yet</text></svg>\n"
        }
        let columns = Int(plotWidth / 2), span = values.count - firstBar
        let size = max(1, (span + columns - 1) / columns)
        var points: [(bar: Int, value: Double)] = []
        var start = firstBar
        while start < values.count {
            let end = min(start + size, values.count)
            let bucket = values[start..<end].filter { !$0.isNaN }
            if let value = filled ? bucket.min() : bucket.last { points.append((end - 1, value)) }
            start = end
        }
        var low = min(points.map(\.value).min()!, zeroLine ? 0 : .infinity), high = max(points.map(\.value).max()!, zeroLine ? 0 : -.infinity)
        if high == low { (low, high) = (low - 1, high + 1) }
        let y = { (value: Double) in top + (high - value) / (high - low) * (bottom - top) }
        let x = { (index: Int) in left + Double(index) / Double(max(points.count - 1, 1)) * plotWidth }
        for tick in Ticks.nice(min: low, max: high, count: 4) {
            out += "<line x1=\"\(SVG.n(left))\" x2=\"\(SVG.n(left + plotWidth))\" y1=\"\(SVG.n(y(tick)))\" y2=\"\(SVG.n(y(tick)))\" \(SVG.Ink.grid.stroke()) stroke-width=\"1\"/>"
            out += "<text x=\"\(SVG.n(left + plotWidth + 4))\" y=\"\(SVG.n(y(tick) + fontSize * 0.36))\" font-size=\"\(SVG.n(fontSize))\" font-family=\"sans-serif\" \(SVG.Ink.axis.fill())>\(SVG.escape(format(tick)))</text>"
        }
        let shown = points.map { dates[$0.bar] }
        for tick in Ticks.dates(shown[...]) where tick.index > 0 {
            out += "<text x=\"\(SVG.n(x(tick.index)))\" y=\"\(SVG.n(height - 6))\" font-size=\"\(SVG.n(fontSize))\" font-family=\"sans-serif\" \(SVG.Ink.axis.fill()) text-anchor=\"middle\">\(SVG.escape(tick.label))</text>"
        }
        var path = ""
        for (index, point) in points.enumerated() { path += (index == 0 ? "M" : "L") + SVG.n(x(index)) + " " + SVG.n(y(point.value)) }
        if filled {
            out += "<path d=\"\(path)L\(SVG.n(x(points.count - 1))) \(SVG.n(y(0)))L\(SVG.n(x(0))) \(SVG.n(y(0)))Z\" \(SVG.Ink.down.fill()) fill-opacity=\"0.25\" stroke=\"none\"/>"
            out += "<path d=\"\(path)\" fill=\"none\" \(SVG.Ink.down.stroke()) stroke-width=\"1.2\" stroke-linejoin=\"round\"/>"
        } else {
            if zeroLine {
                out += "<line x1=\"\(SVG.n(left))\" x2=\"\(SVG.n(left + plotWidth))\" y1=\"\(SVG.n(y(0)))\" y2=\"\(SVG.n(y(0)))\" \(SVG.Ink.neutral.stroke()) stroke-width=\"1\" stroke-dasharray=\"4 3\"/>"
            }
            out += "<path d=\"\(path)\" fill=\"none\" \(SVG.Ink.line.stroke()) stroke-width=\"1.5\" stroke-linejoin=\"round\"/>"
        }
        out += "<text x=\"\(SVG.n(left + 4))\" y=\"\(SVG.n(8 + fontSize))\" font-size=\"\(SVG.n(fontSize))\" font-family=\"sans-serif\" \(SVG.Ink.label.fill())>\(SVG.escape(title))</text>"
        return out + "</svg>\n"
    }

    public static func underwater(_ series: Series, _ tearsheet: Tearsheet) -> String {
        let worst = tearsheet.drawdown.min() ?? 0
        let now = tearsheet.drawdown.last ?? 0
        return lineChart(title: "\(series.symbol) drawdown from its high",
                         description: "Underwater chart: how far below its running high \(series.symbol) closed each day. Deepest \(Format.percent(worst)); now \(Format.percent(now)).",
                         dates: series.dates, values: tearsheet.drawdown, height: 180, filled: true, zeroLine: true) { Format.percent($0, 0) }
    }

    public static func rollingSharpe(_ series: Series, _ tearsheet: Tearsheet) -> String {
        let now = tearsheet.rollingSharpe.last.flatMap { $0.isNaN ? nil : $0 }
        return lineChart(title: "\(series.symbol) rolling 6-month Sharpe",
                         description: "Sharpe ratio of the last 126 daily returns, annualised, risk-free rate 0, on each day. "
                             + (now.map { "Now \(Format.fixed($0, 2))." } ?? "Not enough history yet."),
                         dates: series.dates, values: tearsheet.rollingSharpe, height: 180, filled: false, zeroLine: true) { Format.fixed($0, 1) }
    }

    /// Years down, months across, the newest ten years; each cell's return printed in it.
    public static func monthlyHeatmap(_ series: Series, _ tearsheet: Tearsheet) -> String {
        let years = Array(Set(tearsheet.monthlyReturns.map(\.year))).sorted().suffix(10)
        let cell = (width - 44) / 12, rowHeight = 24.0, top = 28.0
        let height = top + rowHeight * Double(years.count) + 6
        let months = ["J", "F", "M", "A", "M", "J", "J", "A", "S", "O", "N", "D"]
        let shown = tearsheet.monthlyReturns.filter { years.contains($0.year) }
        let best = shown.max { $0.value < $1.value }, worst = shown.min { $0.value < $1.value }
        var description = "Monthly returns, \(years.first.map(String.init) ?? "") to \(years.last.map(String.init) ?? "")."
        if let best, let worst {
            description += " Best \(best.year)-\(best.month < 10 ? "0" : "")\(best.month) \(Format.signedPercent(best.value)); worst \(worst.year)-\(worst.month < 10 ? "0" : "")\(worst.month) \(Format.signedPercent(worst.value))."
        }
        var out = SVG.header(width: Int(width), height: Int(height), title: "\(series.symbol) monthly returns (%)", description: description)
        out += "<rect width=\"\(SVG.n(width))\" height=\"\(SVG.n(height))\" \(SVG.Ink.background.fill())/>"
        for (index, name) in months.enumerated() {
            out += "<text x=\"\(SVG.n(44 + cell * (Double(index) + 0.5)))\" y=\"\(SVG.n(top - 8))\" font-size=\"\(SVG.n(fontSize))\" font-family=\"sans-serif\" \(SVG.Ink.axis.fill()) text-anchor=\"middle\">\(name)</text>"
        }
        // Colour depth saturates at 10% a month and stops at 60% opacity, so the printed number stays legible.
        for (row, year) in years.enumerated() {
            let y = top + rowHeight * Double(row)
            out += "<text x=\"4\" y=\"\(SVG.n(y + rowHeight * 0.65))\" font-size=\"\(SVG.n(fontSize))\" font-family=\"sans-serif\" \(SVG.Ink.axis.fill())>\(year)</text>"
            for month in shown where month.year == year {
                let x = 44 + cell * Double(month.month - 1)
                let ink: SVG.Ink = month.value >= 0 ? .up : .down
                let depth = min(abs(month.value) / 0.10, 1) * 0.5 + 0.1
                out += "<rect x=\"\(SVG.n(x + 1))\" y=\"\(SVG.n(y + 1))\" width=\"\(SVG.n(cell - 2))\" height=\"\(SVG.n(rowHeight - 2))\" \(ink.fill()) fill-opacity=\"\(Format.fixed(depth, 2))\"/>"
                out += "<text x=\"\(SVG.n(x + cell / 2))\" y=\"\(SVG.n(y + rowHeight * 0.65))\" font-size=\"11\" font-family=\"sans-serif\" \(SVG.Ink.label.fill()) text-anchor=\"middle\">\(Format.fixed(month.value * 100, 1))</text>"
            }
        }
        return out + "</svg>\n"
    }
}
