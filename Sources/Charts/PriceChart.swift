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

    public func svg(_ analysis: Analysis) -> String {
        let series = analysis.series
        let range = max(0, series.count - window)..<series.count
        guard !range.isEmpty else {
            return SVG.header(width: width, height: height, title: "\(series.symbol): no prices yet", description: "No chart") + "</svg>\n"
        }
        let frame = self.frame(analysis, range: range)
        let first = series.dates[range.lowerBound], last = series.dates[range.upperBound - 1]
        let panes = narrow ? "volume; RSI 14" : "volume; RSI 14; MACD 12/26/9"
        var out = SVG.header(width: width, height: height, title: "\(series.symbol) daily chart, \(first) to \(last)",
                             description: "Candlesticks with SMA 50 and SMA 200 and Bollinger bands (20, 2); \(panes). \(Self.summary(analysis)).")
        out += "<rect width=\"\(width)\" height=\"\(height)\" \(SVG.Ink.background.fill())/>"
        out += grid(frame)
        out += pricePane(frame)
        out += volumePane(frame)
        out += rsiPane(frame)
        if !narrow { out += macdPane(frame) }
        out += label(narrow ? "\(series.symbol)  SMA 50, SMA 200, Bollinger; ▲ BUY ▼ SELL"
                            : "\(series.symbol)  SMA 50 (orange), SMA 200 (purple), Bollinger 20/2 (shaded); ▲ BUY, ▼ SELL: where the signal changed",
                     y: 10 + fontSize)
        return out + "</svg>\n"
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
    func grid(_ frame: Frame) -> String {
        var out = ""
        let lastY = frame.price.y(frame.series.close[frame.series.count - 1])
        for tick in Ticks.nice(min: frame.price.low, max: frame.price.high, atLeast: 4) {
            let y = frame.price.y(tick)
            out += gridLine(y: y, plotWidth: frame.plotWidth)
            if abs(y - lastY) >= fontSize + 4 { out += axisLabel(tickLabel(tick), y: y, plotWidth: frame.plotWidth) }
        }
        let dates = frame.buckets.map { frame.series.dates[$0.last] }
        var lastLabel = -Double.infinity
        for tick in Ticks.dates(dates[...]) {
            let labelWidth = Self.textWidth(tick.label, fontSize: fontSize)
            guard frame.x(tick.index) - lastLabel >= labelWidth + 8 else { continue }
            lastLabel = frame.x(tick.index)
            let px = SVG.n(frame.x(tick.index))
            // A label near an edge moves inward (its line stays on its day): the narrow chart's first month, "Jan 2026", was clipped to "an 2026".
            let labelX = min(max(frame.x(tick.index), labelWidth / 2 + 2), Double(width) - labelWidth / 2 - 2)
            out += "<line x1=\"\(px)\" x2=\"\(px)\" y1=\"\(SVG.n(frame.price.top))\" y2=\"\(SVG.n(frame.bottom))\" \(SVG.Ink.grid.stroke()) stroke-width=\"1\" stroke-opacity=\"0.6\"/>"
            out += "<text x=\"\(SVG.n(labelX))\" y=\"\(SVG.n(frame.bottom + fontSize + 6))\" font-size=\"\(SVG.n(fontSize))\" font-family=\"sans-serif\" \(SVG.Ink.axis.fill()) text-anchor=\"middle\">\(SVG.escape(tick.label))</text>"
        }
        return out
    }

    /// The Bollinger band shaded, the candles, SMA 50 and 200, the BUY/SELL markers and the last price tag.
    func pricePane(_ frame: Frame) -> String {
        let (ind, buckets, price) = (frame.indicators, frame.buckets, frame.price)
        var out = ""
        let banded = buckets.indices.filter { !ind.bollinger.upper[buckets[$0].last].isNaN }
        if banded.count >= 2 {
            var path = ""
            for (offset, index) in banded.enumerated() {
                path += (offset == 0 ? "M" : "L") + SVG.n(frame.x(index)) + " " + SVG.n(price.y(ind.bollinger.upper[buckets[index].last]))
            }
            for index in banded.reversed() {
                path += "L" + SVG.n(frame.x(index)) + " " + SVG.n(price.y(ind.bollinger.lower[buckets[index].last]))
            }
            out += "<path d=\"\(path)Z\" \(SVG.Ink.band.fill()) fill-opacity=\"0.1\" stroke=\"none\"/>"
        }
        out += candles(buckets, x: frame.x, step: frame.step, pane: price)
        out += line(ind.sma50, buckets: buckets, x: frame.x, pane: price, ink: .first, width: 1.5)
        out += line(ind.sma200, buckets: buckets, x: frame.x, pane: price, ink: .second, width: 1.5)
        out += markers(frame)
        let lastClose = frame.series.close[frame.series.count - 1]
        let lastY = price.y(lastClose)
        let tagHeight = fontSize + 6
        out += "<rect x=\"\(SVG.n(left + frame.plotWidth + 1))\" y=\"\(SVG.n(lastY - tagHeight / 2))\" width=\"\(SVG.n(rightMargin - 2))\" height=\"\(SVG.n(tagHeight))\" \(SVG.Ink.tag.fill())/>"
        out += "<text x=\"\(SVG.n(left + frame.plotWidth + 4))\" y=\"\(SVG.n(lastY + fontSize * 0.36))\" font-size=\"\(SVG.n(fontSize))\" font-family=\"sans-serif\" \(SVG.Ink.tagText.fill())>\(SVG.escape(Format.price(lastClose)))</text>"
        return out
    }

    /// BUY/SELL markers where the composite action changed.
    func markers(_ frame: Frame) -> String {
        var out = ""
        for (index, bucket) in frame.buckets.enumerated() {
            for bar in bucket.first...bucket.last where bar > 0 {
                guard let now = frame.analysis.actions[bar], let before = frame.analysis.actions[bar - 1], now != before, now != .hold else { continue }
                let px = frame.x(index)
                if now == .buy {
                    let y = frame.price.y(bucket.low) + 4
                    out += "<path d=\"M\(SVG.n(px)) \(SVG.n(y))l5 9h-10Z\" \(SVG.Ink.up.fill())><title>BUY \(frame.series.dates[bar])</title></path>"
                } else {
                    let y = frame.price.y(bucket.high) - 4
                    out += "<path d=\"M\(SVG.n(px)) \(SVG.n(y))l5 -9h-10Z\" \(SVG.Ink.down.fill())><title>SELL \(frame.series.dates[bar])</title></path>"
                }
                break
            }
        }
        return out
    }

    /// Volume bars, up and down, with their scale.
    func volumePane(_ frame: Frame) -> String {
        let volume = frame.volume
        var out = ""
        if frame.series.volume != nil {
            var upBars = "", downBars = ""
            for (index, bucket) in frame.buckets.enumerated() {
                let bar = "M\(SVG.n(frame.x(index))) \(SVG.n(volume.y(bucket.volume)))V\(SVG.n(volume.y(0)))"
                if bucket.close >= bucket.open { upBars += bar } else { downBars += bar }
            }
            let barWidth = SVG.n(max(frame.step * 0.7, 1))
            out += "<path d=\"\(upBars)\" \(SVG.Ink.up.stroke()) stroke-opacity=\"0.5\" stroke-width=\"\(barWidth)\"/>"
            out += "<path d=\"\(downBars)\" \(SVG.Ink.down.stroke()) stroke-opacity=\"0.5\" stroke-width=\"\(barWidth)\"/>"
            if frame.maxVolume > 0, let top = Ticks.nice(min: 0, max: frame.maxVolume, count: 2).last(where: { $0 > 0 }) {
                out += gridLine(y: volume.y(top), plotWidth: frame.plotWidth)
                out += axisLabel(Self.compact(top), y: volume.y(top), plotWidth: frame.plotWidth)
            }
        }
        return out + label("Volume", y: volume.top + fontSize)
    }

    /// RSI 14 with its 30 and 70 guides.
    func rsiPane(_ frame: Frame) -> String {
        var out = ""
        for level in [30.0, 70.0] {
            let y = SVG.n(frame.rsi.y(level))
            out += "<line x1=\"\(SVG.n(left))\" x2=\"\(SVG.n(left + frame.plotWidth))\" y1=\"\(y)\" y2=\"\(y)\" \(SVG.Ink.neutral.stroke()) stroke-width=\"1\" stroke-dasharray=\"4 3\"/>"
            out += axisLabel(String(Int(level)), y: frame.rsi.y(level), plotWidth: frame.plotWidth)
        }
        out += line(frame.indicators.rsi14, buckets: frame.buckets, x: frame.x, pane: frame.rsi, ink: .line, width: 1.2)
        return out + label("RSI 14", y: frame.rsi.top + fontSize)
    }

    /// The MACD histogram, MACD and signal lines, with its scale.
    func macdPane(_ frame: Frame) -> String {
        let (macd, pane, extent) = (frame.indicators.macd, frame.macd, frame.macdExtent)
        var out = "", positive = "", negative = ""
        for (index, bucket) in frame.buckets.enumerated() {
            let value = macd.histogram[bucket.last]
            guard !value.isNaN else { continue }
            let bar = "M\(SVG.n(frame.x(index))) \(SVG.n(pane.y(value)))V\(SVG.n(pane.y(0)))"
            if value >= 0 { positive += bar } else { negative += bar }
        }
        for tick in Ticks.nice(min: -extent, max: extent, count: 3) where abs(tick) <= extent {
            out += gridLine(y: pane.y(tick), plotWidth: frame.plotWidth)
            out += axisLabel(tickLabel(tick), y: pane.y(tick), plotWidth: frame.plotWidth)
        }
        let histogramWidth = SVG.n(max(frame.step * 0.7, 1))
        out += "<path d=\"\(positive)\" \(SVG.Ink.up.stroke()) stroke-opacity=\"0.6\" stroke-width=\"\(histogramWidth)\"/>"
        out += "<path d=\"\(negative)\" \(SVG.Ink.down.stroke()) stroke-opacity=\"0.6\" stroke-width=\"\(histogramWidth)\"/>"
        out += line(macd.macd, buckets: frame.buckets, x: frame.x, pane: pane, ink: .line, width: 1.2)
        out += line(macd.signal, buckets: frame.buckets, x: frame.x, pane: pane, ink: .first, width: 1.2)
        return out + label("MACD 12/26/9", y: pane.top + fontSize)
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
        func bodies(_ path: String, _ ink: SVG.Ink) -> String {
            wideBodies ? "<path d=\"\(path)\" \(ink.fill()) stroke=\"none\"/>"
                       : "<path d=\"\(path)\" fill=\"none\" \(ink.stroke()) stroke-width=\"1\"/>"
        }
        return "<path d=\"\(upWicks)\" \(SVG.Ink.up.stroke()) stroke-width=\"1\"/><path d=\"\(downWicks)\" \(SVG.Ink.down.stroke()) stroke-width=\"1\"/>"
            + bodies(upBodies, .up) + bodies(downBodies, .down)
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

    func line(_ values: [Double], buckets: [Bucket], x: (Int) -> Double, pane: Pane, ink: SVG.Ink, width: Double) -> String {
        var path = ""
        var drawing = false
        for (index, bucket) in buckets.enumerated() {
            let value = values[bucket.last]
            guard !value.isNaN else { drawing = false; continue }
            path += (drawing ? "L" : "M") + SVG.n(x(index)) + " " + SVG.n(pane.y(value))
            drawing = true
        }
        guard !path.isEmpty else { return "" }
        return "<path d=\"\(path)\" fill=\"none\" \(ink.stroke()) stroke-width=\"\(SVG.n(width))\" stroke-linejoin=\"round\"/>"
    }

    func gridLine(y: Double, plotWidth: Double) -> String {
        "<line x1=\"\(SVG.n(left))\" x2=\"\(SVG.n(left + plotWidth))\" y1=\"\(SVG.n(y))\" y2=\"\(SVG.n(y))\" \(SVG.Ink.grid.stroke()) stroke-width=\"1\"/>"
    }

    func axisLabel(_ text: String, y: Double, plotWidth: Double) -> String {
        "<text x=\"\(SVG.n(left + plotWidth + 4))\" y=\"\(SVG.n(y + fontSize * 0.36))\" font-size=\"\(SVG.n(fontSize))\" font-family=\"sans-serif\" \(SVG.Ink.axis.fill())>\(SVG.escape(text))</text>"
    }

    func label(_ text: String, y: Double) -> String {
        "<text x=\"\(SVG.n(left + 4))\" y=\"\(SVG.n(y))\" font-size=\"\(SVG.n(fontSize))\" font-family=\"sans-serif\" \(SVG.Ink.label.fill())>\(SVG.escape(text))</text>"
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
