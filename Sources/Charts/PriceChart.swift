import Foundation
import MarketData
import Signals

/// The per-symbol chart: candlesticks with SMA 50/200 and the Bollinger band, then volume,
/// RSI and MACD panes, BUY/SELL markers where the composite signal changed, and the last price.
/// Plain SVG with presentation attributes only (no style or script), so a strict CSP allows it.
public struct PriceChart: Sendable {
    public var width = 960
    public var height = 640
    /// Bars shown; a longer window is reduced to at most one bucket per two pixel columns.
    public var window = 252

    public init(window: Int = 252) { self.window = window }

    struct Pane {
        var top: Double
        var height: Double
        var low: Double
        var high: Double

        func y(_ value: Double) -> Double {
            let span = high > low ? high - low : 1
            return top + (high - value) / span * height
        }
    }

    /// One drawn column: the bars it covers, their OHLC, and the last value of each overlay.
    struct Bucket {
        var first: Int
        var last: Int
        var open, high, low, close, volume: Double
    }

    let left = 8.0, rightMargin = 64.0

    public func svg(_ analysis: Analysis) -> String {
        let series = analysis.series
        let ind = analysis.market.indicators
        let start = max(0, series.count - window)
        let range = start..<series.count
        let plotWidth = Double(width) - left - rightMargin
        let buckets = makeBuckets(series, range: range, columns: Int(plotWidth / 2))
        let step = plotWidth / Double(max(buckets.count, 1))
        func x(_ bucket: Int) -> Double { left + (Double(bucket) + 0.5) * step }

        var lows = buckets.map(\.low), highs = buckets.map(\.high)
        for line in [ind.bollinger.lower, ind.sma50, ind.sma200] {
            lows += buckets.compactMap { line[$0.last].isNaN ? nil : line[$0.last] }
        }
        for line in [ind.bollinger.upper, ind.sma50, ind.sma200] {
            highs += buckets.compactMap { line[$0.last].isNaN ? nil : line[$0.last] }
        }
        let priceLow = lows.min() ?? 0, priceHigh = highs.max() ?? 1
        let padding = (priceHigh - priceLow) * 0.04
        let price = Pane(top: 12, height: 318, low: priceLow - padding, high: priceHigh + padding)
        let maxVolume = buckets.map(\.volume).max() ?? 0
        let volume = Pane(top: 342, height: 60, low: 0, high: maxVolume > 0 ? maxVolume : 1)
        let rsiPane = Pane(top: 418, height: 70, low: 0, high: 100)
        let macdValues = buckets.flatMap { [ind.macd.macd[$0.last], ind.macd.signal[$0.last], ind.macd.histogram[$0.last]] }.filter { !$0.isNaN }
        let macdExtent = max(macdValues.map(abs).max() ?? 1, 1e-9)
        let macdPane = Pane(top: 506, height: 100, low: -macdExtent, high: macdExtent)

        let first = series.dates[range.lowerBound], last = series.dates[range.upperBound - 1]
        let lastClose = series.close[range.upperBound - 1]
        var out = SVG.header(width: width, height: height, title: "\(series.symbol) daily chart, \(first) to \(last)",
                             description: "Candlesticks with SMA 50 and SMA 200 and Bollinger bands (20, 2); volume; RSI 14; MACD 12/26/9. Last close \(Format.price(lastClose)) on \(last).")
        out += "<rect width=\"\(width)\" height=\"\(height)\" fill=\"#ffffff\"/>"

        // Grid and axes.
        for tick in Ticks.nice(min: price.low, max: price.high) {
            let y = SVG.n(price.y(tick))
            out += "<line x1=\"\(SVG.n(left))\" x2=\"\(SVG.n(left + plotWidth))\" y1=\"\(y)\" y2=\"\(y)\" stroke=\"#e5e7eb\" stroke-width=\"1\"/>"
            out += "<text x=\"\(SVG.n(left + plotWidth + 4))\" y=\"\(SVG.n(price.y(tick) + 4))\" font-size=\"11\" font-family=\"sans-serif\" fill=\"#6b7280\">\(SVG.escape(tickLabel(tick)))</text>"
        }
        let dates = buckets.map { series.dates[$0.last] }
        for tick in Ticks.dates(dates[...]) {
            let px = SVG.n(x(tick.index))
            out += "<line x1=\"\(px)\" x2=\"\(px)\" y1=\"12\" y2=\"606\" stroke=\"#f0f1f3\" stroke-width=\"1\"/>"
            out += "<text x=\"\(px)\" y=\"624\" font-size=\"11\" font-family=\"sans-serif\" fill=\"#6b7280\" text-anchor=\"middle\">\(SVG.escape(tick.label))</text>"
        }

        // Bollinger band as a shaded area.
        let banded = buckets.indices.filter { !ind.bollinger.upper[buckets[$0].last].isNaN }
        if banded.count >= 2 {
            var path = ""
            for (offset, index) in banded.enumerated() {
                path += (offset == 0 ? "M" : "L") + SVG.n(x(index)) + " " + SVG.n(price.y(ind.bollinger.upper[buckets[index].last]))
            }
            for index in banded.reversed() {
                path += "L" + SVG.n(x(index)) + " " + SVG.n(price.y(ind.bollinger.lower[buckets[index].last]))
            }
            out += "<path d=\"\(path)Z\" fill=\"#3b82f6\" fill-opacity=\"0.08\" stroke=\"none\"/>"
        }

        out += candles(buckets, x: x, step: step, pane: price)
        out += line(ind.sma50, buckets: buckets, x: x, pane: price, color: "#d97706", width: 1.5)
        out += line(ind.sma200, buckets: buckets, x: x, pane: price, color: "#7c3aed", width: 1.5)

        // BUY/SELL markers where the composite action changed.
        for (index, bucket) in buckets.enumerated() {
            for bar in bucket.first...bucket.last where bar > 0 {
                guard let now = analysis.actions[bar], let before = analysis.actions[bar - 1], now != before, now != .hold else { continue }
                let px = x(index)
                if now == .buy {
                    let y = price.y(bucket.low) + 4
                    out += "<path d=\"M\(SVG.n(px)) \(SVG.n(y))l5 9h-10Z\" fill=\"#0a7d32\"><title>BUY \(series.dates[bar])</title></path>"
                } else {
                    let y = price.y(bucket.high) - 4
                    out += "<path d=\"M\(SVG.n(px)) \(SVG.n(y))l5 -9h-10Z\" fill=\"#b42318\"><title>SELL \(series.dates[bar])</title></path>"
                }
                break
            }
        }

        // Last price label.
        let lastY = price.y(lastClose)
        out += "<rect x=\"\(SVG.n(left + plotWidth + 1))\" y=\"\(SVG.n(lastY - 8))\" width=\"\(SVG.n(rightMargin - 2))\" height=\"16\" fill=\"#111827\"/>"
        out += "<text x=\"\(SVG.n(left + plotWidth + 4))\" y=\"\(SVG.n(lastY + 4))\" font-size=\"11\" font-family=\"sans-serif\" fill=\"#ffffff\">\(SVG.escape(Format.price(lastClose)))</text>"

        // Volume pane.
        if series.volume != nil {
            var upBars = "", downBars = ""
            for (index, bucket) in buckets.enumerated() {
                let bar = "M\(SVG.n(x(index))) \(SVG.n(volume.y(bucket.volume)))V\(SVG.n(volume.y(0)))"
                if bucket.close >= bucket.open { upBars += bar } else { downBars += bar }
            }
            let barWidth = SVG.n(max(step * 0.7, 1))
            out += "<path d=\"\(upBars)\" stroke=\"#0a7d32\" stroke-opacity=\"0.5\" stroke-width=\"\(barWidth)\"/>"
            out += "<path d=\"\(downBars)\" stroke=\"#b42318\" stroke-opacity=\"0.5\" stroke-width=\"\(barWidth)\"/>"
        }
        out += label("Volume", y: volume.top + 10)

        // RSI pane with 30/70 guides.
        for level in [30.0, 70.0] {
            let y = SVG.n(rsiPane.y(level))
            out += "<line x1=\"\(SVG.n(left))\" x2=\"\(SVG.n(left + plotWidth))\" y1=\"\(y)\" y2=\"\(y)\" stroke=\"#9ca3af\" stroke-width=\"1\" stroke-dasharray=\"4 3\"/>"
            out += "<text x=\"\(SVG.n(left + plotWidth + 4))\" y=\"\(SVG.n(rsiPane.y(level) + 4))\" font-size=\"11\" font-family=\"sans-serif\" fill=\"#6b7280\">\(Int(level))</text>"
        }
        out += line(ind.rsi14, buckets: buckets, x: x, pane: rsiPane, color: "#0b57d0", width: 1.2)
        out += label("RSI 14", y: rsiPane.top + 10)

        // MACD pane: histogram, MACD and signal lines.
        var positive = "", negative = ""
        for (index, bucket) in buckets.enumerated() {
            let value = ind.macd.histogram[bucket.last]
            guard !value.isNaN else { continue }
            let bar = "M\(SVG.n(x(index))) \(SVG.n(macdPane.y(value)))V\(SVG.n(macdPane.y(0)))"
            if value >= 0 { positive += bar } else { negative += bar }
        }
        let histogramWidth = SVG.n(max(step * 0.7, 1))
        out += "<path d=\"\(positive)\" stroke=\"#0a7d32\" stroke-opacity=\"0.6\" stroke-width=\"\(histogramWidth)\"/>"
        out += "<path d=\"\(negative)\" stroke=\"#b42318\" stroke-opacity=\"0.6\" stroke-width=\"\(histogramWidth)\"/>"
        out += line(ind.macd.macd, buckets: buckets, x: x, pane: macdPane, color: "#0b57d0", width: 1.2)
        out += line(ind.macd.signal, buckets: buckets, x: x, pane: macdPane, color: "#d97706", width: 1.2)
        out += label("MACD 12/26/9", y: macdPane.top + 10)
        out += label("\(series.symbol)  SMA 50 (orange), SMA 200 (purple), Bollinger 20/2 (shaded)", y: 24)
        return out + "</svg>\n"
    }

    /// One body per bucket when wide enough; narrower buckets become a high-low bar with a close tick.
    func candles(_ buckets: [Bucket], x: (Int) -> Double, step: Double, pane price: Pane) -> String {
        let bodyWidth = step * 0.7
        let wideBodies = bodyWidth >= 2
        var upWicks = "", downWicks = "", upBodies = "", downBodies = ""
        for (index, bucket) in buckets.enumerated() {
            let px = SVG.n(x(index))
            let wick = "M\(px) \(SVG.n(price.y(bucket.high)))V\(SVG.n(price.y(bucket.low)))"
            let rising = bucket.close >= bucket.open
            if rising { upWicks += wick } else { downWicks += wick }
            let top = price.y(max(bucket.open, bucket.close)), bottom = price.y(min(bucket.open, bucket.close))
            let body = wideBodies
                ? "M\(SVG.n(x(index) - bodyWidth / 2)) \(SVG.n(top))h\(SVG.n(bodyWidth))v\(SVG.n(max(bottom - top, 0.6)))h\(SVG.n(-bodyWidth))Z"
                : "M\(px) \(SVG.n(price.y(bucket.close)))h\(SVG.n(max(step * 0.5, 0.6)))"
            if rising { upBodies += body } else { downBodies += body }
        }
        func bodies(_ path: String, _ color: String) -> String {
            wideBodies ? "<path d=\"\(path)\" fill=\"\(color)\" stroke=\"none\"/>"
                       : "<path d=\"\(path)\" fill=\"none\" stroke=\"\(color)\" stroke-width=\"1\"/>"
        }
        return "<path d=\"\(upWicks)\" stroke=\"\(Self.up)\" stroke-width=\"1\"/><path d=\"\(downWicks)\" stroke=\"\(Self.down)\" stroke-width=\"1\"/>"
            + bodies(upBodies, Self.up) + bodies(downBodies, Self.down)
    }

    static let up = "#0a7d32", down = "#b42318"

    func makeBuckets(_ series: Series, range: Range<Int>, columns: Int) -> [Bucket] {
        let size = max(1, Int((Double(range.count) / Double(max(columns, 1))).rounded(.up)))
        var buckets: [Bucket] = []
        var start = range.lowerBound
        while start < range.upperBound {
            let end = min(start + size, range.upperBound) - 1
            var high = series.high[start], low = series.low[start], volume = 0.0
            for bar in start...end {
                high = max(high, series.high[bar])
                low = min(low, series.low[bar])
                volume += series.volume?[bar] ?? 0
            }
            buckets.append(Bucket(first: start, last: end, open: series.open[start], high: high, low: low,
                                  close: series.close[end], volume: volume))
            start = end + 1
        }
        return buckets
    }

    func line(_ values: [Double], buckets: [Bucket], x: (Int) -> Double, pane: Pane, color: String, width: Double) -> String {
        var path = ""
        var drawing = false
        for (index, bucket) in buckets.enumerated() {
            let value = values[bucket.last]
            guard !value.isNaN else { drawing = false; continue }
            path += (drawing ? "L" : "M") + SVG.n(x(index)) + " " + SVG.n(pane.y(value))
            drawing = true
        }
        guard !path.isEmpty else { return "" }
        return "<path d=\"\(path)\" fill=\"none\" stroke=\"\(color)\" stroke-width=\"\(SVG.n(width))\" stroke-linejoin=\"round\"/>"
    }

    func label(_ text: String, y: Double) -> String {
        "<text x=\"\(SVG.n(left + 4))\" y=\"\(SVG.n(y))\" font-size=\"11\" font-family=\"sans-serif\" fill=\"#374151\">\(SVG.escape(text))</text>"
    }

    func tickLabel(_ value: Double) -> String {
        abs(value) >= 1000 ? Format.fixed(value, 0) : abs(value) >= 10 ? Format.fixed(value, 1) : Format.fixed(value, 2)
    }
}
