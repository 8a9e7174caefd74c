import Foundation
import Indicators
import MarketData
import Signals

/// The per-symbol chart: candlesticks with SMA 50/200 and the Bollinger band, then volume,
/// RSI and MACD panes, BUY/SELL markers where the composite signal changed, and the last price.
/// No script and no inline style attribute, so a strict CSP allows it; colours follow the
/// reader's colour scheme (`SVG.Ink`). The narrow layout, for screens under 640 px, drops the
/// MACD pane and draws larger labels on a smaller canvas.
public struct PriceChart: Sendable {
    public var width = 960
    public var height = 640
    /// Bars shown; a longer window is reduced to at most one bucket per two pixel columns.
    public var window = 252
    public var narrow = false

    public init(window: Int = 252, narrow: Bool = false) {
        self.window = window
        self.narrow = narrow
        if narrow { (width, height) = (440, 520) }
    }

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

    let left = 8.0
    var rightMargin: Double { narrow ? 62 : 64 }
    var fontSize: Double { narrow ? 16 : 11 }

    /// The chart's key numbers in a sentence, for its `alt` text and `<desc>`.
    public static func summary(_ analysis: Analysis) -> String {
        let series = analysis.series, ind = analysis.market.indicators
        guard let last = series.close.indices.last else { return "\(series.symbol): no prices yet" }
        let close = series.close[last]
        var parts = ["\(series.symbol) closed \(Format.price(close)) on \(series.dates[last])"]
        let sma200 = ind.sma200[last], sma50 = ind.sma50[last]
        if !sma200.isNaN {
            parts[0] += ", \(close >= sma200 ? "above" : "below") its SMA 200 \(Format.price(sma200))"
        } else if !sma50.isNaN {
            parts[0] += ", \(close >= sma50 ? "above" : "below") its SMA 50 \(Format.price(sma50))"
        }
        if !ind.rsi14[last].isNaN { parts.append("RSI \(Format.fixed(ind.rsi14[last], 1))") }
        let macd = ind.macd.macd[last], signal = ind.macd.signal[last]
        if !macd.isNaN, !signal.isNaN { parts.append("MACD \(macd >= signal ? "above" : "below") signal") }
        return parts.joined(separator: "; ")
    }

    /// A sans-serif label's width, estimated (0.6 em a character): enough to keep labels apart and on the canvas.
    static func textWidth(_ text: String, fontSize: Double) -> Double { fontSize * Double(text.count) * 0.6 }

    /// Where everything goes: the buckets drawn, their x positions, and the panes' places and scales.
    struct Frame {
        let analysis: Analysis
        let buckets: [Bucket]
        let left, step, plotWidth: Double
        let price, volume, rsi, macd: Pane
        let maxVolume, macdExtent, bottom: Double

        var series: Series { analysis.series }
        var indicators: IndicatorSet { analysis.market.indicators }
        func x(_ bucket: Int) -> Double { left + (Double(bucket) + 0.5) * step }
    }

    public func svg(_ analysis: Analysis) -> String { String(decoding: bytes(analysis), as: UTF8.self) }

    public func bytes(_ analysis: Analysis) -> [UInt8] {
        let series = analysis.series
        let range = max(0, series.count - window)..<series.count
        guard !range.isEmpty else {
            return Array((SVG.header(width: width, height: height, title: "\(series.symbol): no prices yet", description: "No chart") + "</svg>\n").utf8)
        }
        let frame = self.frame(analysis, range: range)
        let first = series.dates[range.lowerBound], last = series.dates[range.upperBound - 1]
        let panes = narrow ? "volume; RSI 14" : "volume; RSI 14; MACD 12/26/9"
        var out = SVGWriter(capacity: narrow ? 24_576 : 53_248)
        out.add(text: SVG.header(width: width, height: height, title: "\(series.symbol) daily chart, \(first) to \(last)",
                                 description: "Candlesticks with SMA 50 and SMA 200 and Bollinger bands (20, 2); \(panes). \(Self.summary(analysis))."))
        out.add("<rect width=\"\(width)\" height=\"\(height)\" \(SVG.Ink.background.fill())/>")
        grid(frame, &out)
        pricePane(frame, &out)
        volumePane(frame, &out)
        rsiPane(frame, &out)
        if !narrow { macdPane(frame, &out) }
        label(narrow ? "\(series.symbol)  SMA 50, SMA 200, Bollinger; ▲ BUY ▼ SELL"
                     : "\(series.symbol)  SMA 50 (orange), SMA 200 (purple), Bollinger 20/2 (shaded); ▲ BUY, ▼ SELL: where the signal changed",
              y: 10 + fontSize, &out)
        out.add("</svg>\n")
        return out.bytes
    }

    func frame(_ analysis: Analysis, range: Range<Int>) -> Frame {
        let ind = analysis.market.indicators
        let plotWidth = Double(width) - left - rightMargin
        let buckets = makeBuckets(analysis.series, range: range, columns: Int(plotWidth / 2))
        let step = plotWidth / Double(max(buckets.count, 1))
        var lows = buckets.map(\.low), highs = buckets.map(\.high)
        for line in [ind.bollinger.lower, ind.sma50, ind.sma200] {
            lows += buckets.compactMap { line[$0.last].isNaN ? nil : line[$0.last] }
        }
        for line in [ind.bollinger.upper, ind.sma50, ind.sma200] {
            highs += buckets.compactMap { line[$0.last].isNaN ? nil : line[$0.last] }
        }
        let priceLow = lows.min() ?? 0, priceHigh = highs.max() ?? 1
        let padding = (priceHigh - priceLow) * 0.04
        // Pane heights: the narrow layout gives the price most of a phone's height and has no MACD.
        let layout: (price: Double, volume: Double, rsi: Double, macd: Double, gap: Double) =
            narrow ? (250, 60, 80, 0, 26) : (318, 60, 70, 100, 14)
        let price = Pane(top: 12 + fontSize, height: layout.price - fontSize, low: priceLow - padding, high: priceHigh + padding)
        let maxVolume = buckets.map(\.volume).max() ?? 0
        let volume = Pane(top: price.top + price.height + layout.gap, height: layout.volume, low: 0, high: maxVolume > 0 ? maxVolume : 1)
        let rsi = Pane(top: volume.top + volume.height + layout.gap, height: layout.rsi, low: 0, high: 100)
        let macdValues = buckets.flatMap { [ind.macd.macd[$0.last], ind.macd.signal[$0.last], ind.macd.histogram[$0.last]] }.filter { !$0.isNaN }
        let macdExtent = max(macdValues.map(abs).max() ?? 1, 1e-9)
        let macd = Pane(top: rsi.top + rsi.height + layout.gap, height: layout.macd, low: -macdExtent, high: macdExtent)
        return Frame(analysis: analysis, buckets: buckets, left: left, step: step, plotWidth: plotWidth, price: price, volume: volume, rsi: rsi,
                     macd: macd, maxVolume: maxVolume, macdExtent: macdExtent, bottom: narrow ? rsi.top + rsi.height : macd.top + macd.height)
    }

    /// The price grid and axis (a tick label the last-price tag would cover is left out), and the
    /// month labels (one too close to the one before is left out: a narrow chart has room for fewer).
    func grid(_ frame: Frame, _ out: inout SVGWriter) {
        let lastY = frame.price.y(frame.series.close[frame.series.count - 1])
        for tick in Ticks.nice(min: frame.price.low, max: frame.price.high, atLeast: 4) {
            let y = frame.price.y(tick)
            gridLine(y: y, plotWidth: frame.plotWidth, &out)
            if abs(y - lastY) >= fontSize + 4 { axisLabel(tickLabel(tick), y: y, plotWidth: frame.plotWidth, &out) }
        }
        let dates = frame.buckets.map { frame.series.dates[$0.last] }
        var lastLabel = -Double.infinity
        for tick in Ticks.dates(dates[...]) {
            let labelWidth = Self.textWidth(tick.label, fontSize: fontSize)
            guard frame.x(tick.index) - lastLabel >= labelWidth + 8 else { continue }
            lastLabel = frame.x(tick.index)
            let px = frame.x(tick.index)
            // A label near an edge moves inward (its line stays on its day): the narrow chart's first month, "Jan 2026", was clipped to "an 2026".
            let labelX = min(max(frame.x(tick.index), labelWidth / 2 + 2), Double(width) - labelWidth / 2 - 2)
            out.add("<line x1=\"\(px)\" x2=\"\(px)\" y1=\"\(frame.price.top)\" y2=\"\(frame.bottom)\" \(SVG.Ink.grid.stroke()) stroke-width=\"1\" stroke-opacity=\"0.6\"/>")
            out.add("<text x=\"\(labelX)\" y=\"\(frame.bottom + fontSize + 6)\" font-size=\"\(fontSize)\" font-family=\"sans-serif\" \(SVG.Ink.axis.fill()) text-anchor=\"middle\">\(escaped: tick.label)</text>")
        }
    }

    /// The Bollinger band shaded, the candles, SMA 50 and 200, the BUY/SELL markers and the last price tag.
    func pricePane(_ frame: Frame, _ out: inout SVGWriter) {
        let (ind, buckets, price) = (frame.indicators, frame.buckets, frame.price)
        let banded = buckets.indices.filter { !ind.bollinger.upper[buckets[$0].last].isNaN }
        if banded.count >= 2 {
            var path = SVGWriter(capacity: banded.count * 28)
            for (offset, index) in banded.enumerated() {
                path.move(offset == 0 ? "M" : "L", frame.x(index), price.y(ind.bollinger.upper[buckets[index].last]))
            }
            for index in banded.reversed() {
                path.move("L", frame.x(index), price.y(ind.bollinger.lower[buckets[index].last]))
            }
            out.add("<path d=\"\(path)Z\" \(SVG.Ink.band.fill()) fill-opacity=\"0.1\" stroke=\"none\"/>")
        }
        candles(buckets, x: frame.x, step: frame.step, pane: price, &out)
        line(ind.sma50, buckets: buckets, x: frame.x, pane: price, ink: .first, width: 1.5, &out)
        line(ind.sma200, buckets: buckets, x: frame.x, pane: price, ink: .second, width: 1.5, &out)
        markers(frame, &out)
        let lastClose = frame.series.close[frame.series.count - 1]
        let lastY = price.y(lastClose)
        let tagHeight = fontSize + 6
        out.add("<rect x=\"\(left + frame.plotWidth + 1)\" y=\"\(lastY - tagHeight / 2)\" width=\"\(rightMargin - 2)\" height=\"\(tagHeight)\" \(SVG.Ink.tag.fill())/>")
        out.add("<text x=\"\(left + frame.plotWidth + 4)\" y=\"\(lastY + fontSize * 0.36)\" font-size=\"\(fontSize)\" font-family=\"sans-serif\" \(SVG.Ink.tagText.fill())>\(escaped: Format.price(lastClose))</text>")
    }

    /// BUY/SELL markers where the composite action changed.
    func markers(_ frame: Frame, _ out: inout SVGWriter) {
        for (index, bucket) in frame.buckets.enumerated() {
            for bar in bucket.first...bucket.last where bar > 0 {
                guard let now = frame.analysis.actions[bar], let before = frame.analysis.actions[bar - 1], now != before, now != .hold else { continue }
                let px = frame.x(index)
                if now == .buy {
                    let y = frame.price.y(bucket.low) + 4
                    out.add("<path d=\"M\(px) \(y)l5 9h-10Z\" \(SVG.Ink.up.fill())><title>BUY \(frame.series.dates[bar])</title></path>")
                } else {
                    let y = frame.price.y(bucket.high) - 4
                    out.add("<path d=\"M\(px) \(y)l5 -9h-10Z\" \(SVG.Ink.down.fill())><title>SELL \(frame.series.dates[bar])</title></path>")
                }
                break
            }
        }
    }

    /// Volume bars, up and down, with their scale.
    func volumePane(_ frame: Frame, _ out: inout SVGWriter) {
        let volume = frame.volume
        if frame.series.volume != nil {
            var upBars = SVGWriter(capacity: frame.buckets.count * 16), downBars = SVGWriter(capacity: frame.buckets.count * 16)
            for (index, bucket) in frame.buckets.enumerated() {
                if bucket.close >= bucket.open {
                    upBars.move("M", frame.x(index), volume.y(bucket.volume))
                    upBars.command("V", volume.y(0))
                } else {
                    downBars.move("M", frame.x(index), volume.y(bucket.volume))
                    downBars.command("V", volume.y(0))
                }
            }
            let barWidth = max(frame.step * 0.7, 1)
            out.add("<path d=\"\(upBars)\" \(SVG.Ink.up.stroke()) stroke-opacity=\"0.5\" stroke-width=\"\(barWidth)\"/>")
            out.add("<path d=\"\(downBars)\" \(SVG.Ink.down.stroke()) stroke-opacity=\"0.5\" stroke-width=\"\(barWidth)\"/>")
            if frame.maxVolume > 0, let top = Ticks.nice(min: 0, max: frame.maxVolume, count: 2).last(where: { $0 > 0 }) {
                gridLine(y: volume.y(top), plotWidth: frame.plotWidth, &out)
                axisLabel(Self.compact(top), y: volume.y(top), plotWidth: frame.plotWidth, &out)
            }
        }
        label("Volume", y: volume.top + fontSize, &out)
    }

    /// RSI 14 with its 30 and 70 guides.
    func rsiPane(_ frame: Frame, _ out: inout SVGWriter) {
        for level in [30.0, 70.0] {
            let y = frame.rsi.y(level)
            out.add("<line x1=\"\(left)\" x2=\"\(left + frame.plotWidth)\" y1=\"\(y)\" y2=\"\(y)\" \(SVG.Ink.neutral.stroke()) stroke-width=\"1\" stroke-dasharray=\"4 3\"/>")
            axisLabel(String(Int(level)), y: frame.rsi.y(level), plotWidth: frame.plotWidth, &out)
        }
        line(frame.indicators.rsi14, buckets: frame.buckets, x: frame.x, pane: frame.rsi, ink: .line, width: 1.2, &out)
        label("RSI 14", y: frame.rsi.top + fontSize, &out)
    }

    /// The MACD histogram, MACD and signal lines, with its scale.
    func macdPane(_ frame: Frame, _ out: inout SVGWriter) {
        let (macd, pane, extent) = (frame.indicators.macd, frame.macd, frame.macdExtent)
        var positive = SVGWriter(capacity: frame.buckets.count * 16), negative = SVGWriter(capacity: frame.buckets.count * 16)
        for (index, bucket) in frame.buckets.enumerated() {
            let value = macd.histogram[bucket.last]
            guard !value.isNaN else { continue }
            if value >= 0 {
                positive.move("M", frame.x(index), pane.y(value))
                positive.command("V", pane.y(0))
            } else {
                negative.move("M", frame.x(index), pane.y(value))
                negative.command("V", pane.y(0))
            }
        }
        for tick in Ticks.nice(min: -extent, max: extent, count: 3) where abs(tick) <= extent {
            gridLine(y: pane.y(tick), plotWidth: frame.plotWidth, &out)
            axisLabel(tickLabel(tick), y: pane.y(tick), plotWidth: frame.plotWidth, &out)
        }
        let histogramWidth = max(frame.step * 0.7, 1)
        out.add("<path d=\"\(positive)\" \(SVG.Ink.up.stroke()) stroke-opacity=\"0.6\" stroke-width=\"\(histogramWidth)\"/>")
        out.add("<path d=\"\(negative)\" \(SVG.Ink.down.stroke()) stroke-opacity=\"0.6\" stroke-width=\"\(histogramWidth)\"/>")
        line(macd.macd, buckets: frame.buckets, x: frame.x, pane: pane, ink: .line, width: 1.2, &out)
        line(macd.signal, buckets: frame.buckets, x: frame.x, pane: pane, ink: .first, width: 1.2, &out)
        label("MACD 12/26/9", y: pane.top + fontSize, &out)
    }

    /// One body per bucket when wide enough; narrower buckets become a high-low bar with a close tick.
    func candles(_ buckets: [Bucket], x: (Int) -> Double, step: Double, pane price: Pane, _ out: inout SVGWriter) {
        let bodyWidth = step * 0.7
        let wideBodies = bodyWidth >= 2
        let capacity = buckets.count * 24
        var upWicks = SVGWriter(capacity: capacity), downWicks = SVGWriter(capacity: capacity)
        var upBodies = SVGWriter(capacity: capacity), downBodies = SVGWriter(capacity: capacity)
        for (index, bucket) in buckets.enumerated() {
            let px = x(index)
            let rising = bucket.close >= bucket.open
            if rising {
                upWicks.move("M", px, price.y(bucket.high))
                upWicks.command("V", price.y(bucket.low))
            } else {
                downWicks.move("M", px, price.y(bucket.high))
                downWicks.command("V", price.y(bucket.low))
            }
            let top = price.y(max(bucket.open, bucket.close)), bottom = price.y(min(bucket.open, bucket.close))
            func body(_ path: inout SVGWriter) {
                if wideBodies {
                    path.move("M", x(index) - bodyWidth / 2, top)
                    path.command("h", bodyWidth)
                    path.command("v", max(bottom - top, 0.6))
                    path.command("h", -bodyWidth)
                    path.add("Z")
                } else {
                    path.move("M", px, price.y(bucket.close))
                    path.command("h", max(step * 0.5, 0.6))
                }
            }
            if rising { body(&upBodies) } else { body(&downBodies) }
        }
        func bodies(_ path: SVGWriter, _ ink: SVG.Ink) {
            if wideBodies {
                out.add("<path d=\"\(path)\" \(ink.fill()) stroke=\"none\"/>")
            } else {
                out.add("<path d=\"\(path)\" fill=\"none\" \(ink.stroke()) stroke-width=\"1\"/>")
            }
        }
        out.add("<path d=\"\(upWicks)\" \(SVG.Ink.up.stroke()) stroke-width=\"1\"/><path d=\"\(downWicks)\" \(SVG.Ink.down.stroke()) stroke-width=\"1\"/>")
        bodies(upBodies, .up)
        bodies(downBodies, .down)
    }

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
                // A bar whose volume is missing adds none.
                if let traded = series.volume?[bar], !traded.isNaN { volume += traded }
            }
            buckets.append(Bucket(first: start, last: end, open: series.open[start], high: high, low: low,
                                  close: series.close[end], volume: volume))
            start = end + 1
        }
        return buckets
    }

    func line(_ values: [Double], buckets: [Bucket], x: (Int) -> Double, pane: Pane, ink: SVG.Ink, width: Double, _ out: inout SVGWriter) {
        var path = SVGWriter(capacity: buckets.count * 14)
        var drawing = false
        for (index, bucket) in buckets.enumerated() {
            let value = values[bucket.last]
            guard !value.isNaN else { drawing = false; continue }
            path.move(drawing ? "L" : "M", x(index), pane.y(value))
            drawing = true
        }
        guard !path.isEmpty else { return }
        out.add("<path d=\"\(path)\" fill=\"none\" \(ink.stroke()) stroke-width=\"\(width)\" stroke-linejoin=\"round\"/>")
    }

    func gridLine(y: Double, plotWidth: Double, _ out: inout SVGWriter) {
        out.add("<line x1=\"\(left)\" x2=\"\(left + plotWidth)\" y1=\"\(y)\" y2=\"\(y)\" \(SVG.Ink.grid.stroke()) stroke-width=\"1\"/>")
    }

    func axisLabel(_ text: String, y: Double, plotWidth: Double, _ out: inout SVGWriter) {
        out.add("<text x=\"\(left + plotWidth + 4)\" y=\"\(y + fontSize * 0.36)\" font-size=\"\(fontSize)\" font-family=\"sans-serif\" \(SVG.Ink.axis.fill())>\(escaped: text)</text>")
    }

    func label(_ text: String, y: Double, _ out: inout SVGWriter) {
        out.add("<text x=\"\(left + 4)\" y=\"\(y)\" font-size=\"\(fontSize)\" font-family=\"sans-serif\" \(SVG.Ink.label.fill())>\(escaped: text)</text>")
    }

    func tickLabel(_ value: Double) -> String {
        abs(value) >= 1000 ? Format.fixed(value, 0) : abs(value) >= 10 ? Format.fixed(value, 1) : Format.fixed(value, 2)
    }

    /// 12.5M, 800K: a volume axis label that fits the margin.
    static func compact(_ value: Double) -> String {
        for (size, suffix) in [(1e9, "B"), (1e6, "M"), (1e3, "K")] where value >= size {
            let scaled = value / size
            return (scaled >= 100 || scaled == scaled.rounded() ? Format.fixed(scaled, 0) : Format.fixed(scaled, 1)) + suffix
        }
        return Format.fixed(value, 0)
    }
}
