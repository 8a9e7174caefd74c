import MarketData
import Signals

/// A 120 x 28 line of the last closes for dashboard rows.
public enum Sparkline {
    public static func svg(symbol: String, close: [Double], bars: Int = 60) -> String {
        String(decoding: bytes(symbol: symbol, close: close, bars: bars), as: UTF8.self)
    }

    public static func bytes(symbol: String, close: [Double], bars: Int = 60) -> [UInt8] {
        let values = Array(close.suffix(bars))
        let width = 120.0, height = 28.0, pad = 2.0
        var out = SVGWriter(capacity: 1_200)
        guard values.count >= 2, let low = values.min(), let high = values.max() else {
            out.add(text: SVG.header(width: 120, height: 28, title: "\(symbol): not enough history", description: "No sparkline") + "</svg>\n")
            return out.bytes
        }
        let span = high > low ? high - low : 1
        let rising = values.last! >= values.first!
        let change = values.last! / values.first! - 1
        out.add(text: SVG.header(width: 120, height: 28, title: "\(symbol), last \(values.count) closes",
                                 description: "From \(Format.price(values.first!)) to \(Format.price(values.last!)) (\(Format.percent(change)))",
                                 inks: [.up, .down]))
        out.add("<polyline points=\"")
        for (index, value) in values.enumerated() {
            let x = pad + Double(index) / Double(values.count - 1) * (width - 2 * pad)
            let y = pad + (high - value) / span * (height - 2 * pad)
            out.add(index == 0 ? "\(x),\(y)" : " \(x),\(y)")
        }
        out.add("\" fill=\"none\" \((rising ? SVG.Ink.up : SVG.Ink.down).stroke()) stroke-width=\"1.5\" stroke-linejoin=\"round\"/></svg>\n")
        return out.bytes
    }
}
