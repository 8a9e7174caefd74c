import Foundation
import MarketData

/// Small helpers for writing SVG text: compact fixed-precision numbers and XML escaping.
enum SVG {
    /// One decimal, no trailing ".0", no "-0": coordinates stay short and deterministic.
    static func n(_ value: Double) -> String {
        let rounded = (value * 10).rounded() / 10
        if rounded == rounded.rounded() { return String(Int(rounded)) }
        return NumberText.fixed(rounded, 1)
    }

    static func escape(_ text: String) -> String { XML.escape(text) }

    static func header(width: Int, height: Int, title: String, description: String) -> String {
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 \(width) \(height)\" width=\"\(width)\" height=\"\(height)\" role=\"img\">"
            + "<title>\(escape(title))</title><desc>\(escape(description))</desc>"
    }
}

/// XML text and attribute escaping, shared by SVG and by the feed and sitemap.
public enum XML {
    public static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.count)
        for character in text {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&apos;"
            default: out.append(character)
            }
        }
        return out
    }
}
