import Core
import MarketData
import Signals

/// The symbol page's tearsheet, as quantstats draws it: the underwater (drawdown) chart, the
/// rolling six-month Sharpe ratio, and monthly returns as a years x months heatmap, in both
/// colour schemes. Each comes in two layouts, like the price chart: 480 wide for a wide
/// screen, and a narrow one a phone shows at about its own size, so no label falls below 12 px.
public enum TearsheetCharts {
    /// The drawing's width and its text size. Narrow text is larger than it looks here: a
    /// 390 px phone shows the 320-wide drawing at about 360 px.
    public struct Layout: Sendable {
        let width, right, fontSize, lineHeight: Double

        public static let wide = Layout(width: 480, right: 52, fontSize: 12, lineHeight: 180)
        public static let narrow = Layout(width: 320, right: 48, fontSize: 14, lineHeight: 210)
        var isNarrow: Bool { width < 480 }
        /// The newest years the heatmap shows: rows when wide, columns (room for "-12.3" each) when narrow.
        var heatmapYears: Int { isNarrow ? 4 : 10 }
    }

    static let left = 8.0

    /// A line over the dates, bucketed to two pixel columns; `worst` keeps each bucket's lowest value.
    static func lineChart(title: String, description: String, dates: [Day], values: [Double], layout: Layout,
                          filled: Bool, zeroLine: Bool, format: (Double) -> String) -> [UInt8] {
        let (width, right, fontSize, height) = (layout.width, layout.right, layout.fontSize, layout.lineHeight)
        // The plot starts below the title's band: a high value's line never runs through the title.
        let plotWidth = width - left - right, top = 8.0 + fontSize * 2, bottom = height - fontSize - 12
        var out = SVGWriter()
        out.add(text: SVG.header(width: Int(width), height: Int(height), title: title, description: description))
        out.add("<rect width=\"\(width)\" height=\"\(height)\" \(SVG.Ink.background.fill())/>")
        let drawn = values.indices.filter { !values[$0].isNaN }
        guard let firstBar = drawn.first, drawn.count >= 2 else {
            out.add("<text x=\"\(left)\" y=\"\(top + fontSize)\" font-size=\"\(fontSize)\" font-family=\"sans-serif\" \(SVG.Ink.label.fill())>Not enough history yet</text></svg>\n")
            return out.bytes
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
            out.add("<line x1=\"\(left)\" x2=\"\(left + plotWidth)\" y1=\"\(y(tick))\" y2=\"\(y(tick))\" \(SVG.Ink.grid.stroke()) stroke-width=\"1\"/>")
            out.add("<text x=\"\(left + plotWidth + 4)\" y=\"\(y(tick) + fontSize * 0.36)\" font-size=\"\(fontSize)\" font-family=\"sans-serif\" \(SVG.Ink.axis.fill())>\(escaped: format(tick))</text>")
        }
        let shown = points.map { dates[$0.bar] }
        // Wide labels ("Jan 2026") need room: fewer of them on a narrow drawing.
        let labels = Ticks.dates(shown[...])
        let every = layout.isNarrow ? max(1, Int((Double(labels.count) * fontSize * 4.5 / plotWidth).rounded(.up))) : 1
        for (position, tick) in labels.enumerated() where tick.index > 0 && position % every == 0 {
            out.add("<text x=\"\(x(tick.index))\" y=\"\(height - 6)\" font-size=\"\(fontSize)\" font-family=\"sans-serif\" \(SVG.Ink.axis.fill()) text-anchor=\"middle\">\(escaped: tick.label)</text>")
        }
        var path = SVGWriter(capacity: points.count * 14)
        for (index, point) in points.enumerated() { path.move(index == 0 ? "M" : "L", x(index), y(point.value)) }
        if filled {
            out.add("<path d=\"\(path)L\(x(points.count - 1)) \(y(0))L\(x(0)) \(y(0))Z\" \(SVG.Ink.down.fill()) fill-opacity=\"0.25\" stroke=\"none\"/>")
            out.add("<path d=\"\(path)\" fill=\"none\" \(SVG.Ink.down.stroke()) stroke-width=\"1.2\" stroke-linejoin=\"round\"/>")
        } else {
            if zeroLine {
                out.add("<line x1=\"\(left)\" x2=\"\(left + plotWidth)\" y1=\"\(y(0))\" y2=\"\(y(0))\" \(SVG.Ink.neutral.stroke()) stroke-width=\"1\" stroke-dasharray=\"4 3\"/>")
            }
            out.add("<path d=\"\(path)\" fill=\"none\" \(SVG.Ink.line.stroke()) stroke-width=\"1.5\" stroke-linejoin=\"round\"/>")
        }
        out.add("<text x=\"\(left + 4)\" y=\"\(8 + fontSize)\" font-size=\"\(fontSize)\" font-family=\"sans-serif\" \(SVG.Ink.label.fill())>\(escaped: title)</text></svg>\n")
        return out.bytes
    }

    public static func underwater(_ series: Series, _ tearsheet: Tearsheet, layout: Layout = .wide) -> String {
        String(decoding: underwaterBytes(series, tearsheet, layout: layout), as: UTF8.self)
    }

    public static func underwaterBytes(_ series: Series, _ tearsheet: Tearsheet, layout: Layout = .wide) -> [UInt8] {
        let worst = tearsheet.drawdown.min() ?? 0
        let now = tearsheet.drawdown.last ?? 0
        return lineChart(title: "\(series.symbol) drawdown from its high",
                         description: "Underwater chart: how far below its running high \(series.symbol) closed each day. Deepest \(Format.percent(worst)); now \(Format.percent(now)).",
                         dates: series.dates, values: tearsheet.drawdown, layout: layout, filled: true, zeroLine: true) { Format.percent($0, 0) }
    }

    public static func rollingSharpe(_ series: Series, _ tearsheet: Tearsheet, layout: Layout = .wide) -> String {
        String(decoding: rollingSharpeBytes(series, tearsheet, layout: layout), as: UTF8.self)
    }

    public static func rollingSharpeBytes(_ series: Series, _ tearsheet: Tearsheet, layout: Layout = .wide) -> [UInt8] {
        let now = tearsheet.rollingSharpe.last.flatMap { $0.isNaN ? nil : $0 }
        return lineChart(title: "\(series.symbol) rolling 6-month Sharpe",
                         description: "Sharpe ratio of the last 126 daily returns, annualised, risk-free rate 0, on each day. "
                             + (now.map { "Now \(Format.fixed($0, 2))." } ?? "Not enough history yet."),
                         dates: series.dates, values: tearsheet.rollingSharpe, layout: layout, filled: false, zeroLine: true) { Format.fixed($0, 1) }
    }

    public static func monthlyHeatmap(_ series: Series, _ tearsheet: Tearsheet, layout: Layout = .wide) -> String {
        String(decoding: monthlyHeatmapBytes(series, tearsheet, layout: layout), as: UTF8.self)
    }

    /// Years down, months across, the newest ten years; each cell's return printed in it. Narrow:
    /// months down and the newest four years across, so each number has room at a readable size.
    public static func monthlyHeatmapBytes(_ series: Series, _ tearsheet: Tearsheet, layout: Layout = .wide) -> [UInt8] {
        let years = Array(Array(Set(tearsheet.monthlyReturns.map(\.year))).sorted().suffix(layout.heatmapYears))
        let shown = tearsheet.monthlyReturns.filter { years.contains($0.year) }
        let best = shown.max { $0.value < $1.value }, worst = shown.min { $0.value < $1.value }
        var description = "Monthly returns, \(years.first.map(String.init) ?? "") to \(years.last.map(String.init) ?? "")."
        if let best, let worst {
            description += " Best \(best.year)-\(best.month < 10 ? "0" : "")\(best.month) \(Format.signedPercent(best.value)); worst \(worst.year)-\(worst.month < 10 ? "0" : "")\(worst.month) \(Format.signedPercent(worst.value))."
        }
        let grid = HeatmapGrid(layout: layout, years: years)
        var out = SVGWriter()
        out.add(text: SVG.header(width: Int(layout.width), height: Int(grid.height), title: "\(series.symbol) monthly returns (%)", description: description))
        out.add("<rect width=\"\(layout.width)\" height=\"\(grid.height)\" \(SVG.Ink.background.fill())/>")
        func text(_ x: Double, _ y: Double, _ size: Double, _ ink: SVG.Ink, _ anchor: String, _ content: String) {
            out.add("<text x=\"\(x)\" y=\"\(y)\" font-size=\"\(size)\" font-family=\"sans-serif\" \(ink.fill())\(anchor.isEmpty ? "" : " text-anchor=\"\(anchor)\"")>\(content)</text>")
        }
        for label in grid.labels { text(label.x, label.y, layout.fontSize, .axis, label.anchor, label.text) }
        // Colour depth saturates at 10% a month and stops at 60% opacity, so the printed number stays legible.
        for month in shown {
            let cell = grid.cell(year: month.year, month: month.month)
            let ink: SVG.Ink = month.value >= 0 ? .up : .down
            let depth = min(abs(month.value) / 0.10, 1) * 0.5 + 0.1
            out.add("<rect x=\"\(cell.x + 1)\" y=\"\(cell.y + 1)\" width=\"\(grid.cellWidth - 2)\" height=\"\(grid.rowHeight - 2)\" \(ink.fill()) fill-opacity=\"\(Format.fixed(depth, 2))\"/>")
            text(cell.x + grid.cellWidth / 2, cell.y + grid.rowHeight * 0.68, grid.valueSize, .label, "middle", Format.fixed(month.value * 100, 1))
        }
        out.add("</svg>\n")
        return out.bytes
    }

    /// Where the heatmap's cells and labels go: years down and months across when wide, months
    /// down and years across when narrow.
    struct HeatmapGrid {
        let layout: Layout, years: [Int]
        let top = 28.0, rowHeight = 24.0
        let first = 44.0
        var rows: Int { layout.isNarrow ? 12 : years.count }
        var cellWidth: Double { (layout.width - first) / Double(layout.isNarrow ? layout.heatmapYears : 12) }
        var height: Double { top + rowHeight * Double(rows) + 6 }
        /// Wide cells are 36 units for "-12.3": their numbers stay a little smaller than the labels.
        var valueSize: Double { layout.isNarrow ? layout.fontSize : 11 }

        func cell(year: Int, month: Int) -> (x: Double, y: Double) {
            let (column, row) = layout.isNarrow ? (years.firstIndex(of: year) ?? 0, month - 1) : (month - 1, years.firstIndex(of: year) ?? 0)
            return (first + cellWidth * Double(column), top + rowHeight * Double(row))
        }

        var labels: [(x: Double, y: Double, anchor: String, text: String)] {
            let months = layout.isNarrow ? ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
                : ["J", "F", "M", "A", "M", "J", "J", "A", "S", "O", "N", "D"]
            let across = layout.isNarrow ? years.map(String.init) : months
            let down = layout.isNarrow ? months : years.map(String.init)
            return across.enumerated().map { (first + cellWidth * (Double($0.offset) + 0.5), top - 8, "middle", $0.element) }
                + down.enumerated().map { (4, top + rowHeight * Double($0.offset) + rowHeight * 0.68, "", $0.element) }
        }
    }
}
