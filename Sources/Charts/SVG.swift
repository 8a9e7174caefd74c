import Core
import Foundation
import MarketData

/// What every chart shares: its header, its colours in both schemes, and how a coordinate reads.
enum SVG {
    /// One decimal, no trailing ".0", no "-0": coordinates stay short and deterministic. The
    /// definition `SVGWriter.number` follows digit by digit (a test holds the two equal).
    static func n(_ value: Double) -> String {
        let rounded = (value * 10).rounded() / 10
        if rounded == rounded.rounded() { return String(Int(rounded)) }
        return NumberText.fixed(rounded, 1)
    }

    /// The opening tag, title and description, and the dark colour scheme: every element carries
    /// its light colours as presentation attributes (what shows where no CSS applies) and a class
    /// the `prefers-color-scheme: dark` rules recolour, so a chart is never a white slab at night.
    /// `inks`: the colours the document uses (a sparkline needs two).
    static func header(width: Int, height: Int, title: String, description: String, inks: [Ink] = Ink.allCases) -> String {
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 \(width) \(height)\" width=\"\(width)\" height=\"\(height)\" role=\"img\" aria-labelledby=\"title desc\">"
            + "<title id=\"title\">\(XML.escape(title))</title><desc id=\"desc\">\(XML.escape(description))</desc><style>\(darkScheme(inks))</style>"
    }

    /// Colours in both schemes. Light: what the page's light theme uses; dark: the page's dark theme.
    enum Ink: String, CaseIterable {
        case background = "bg", grid = "grid", axis = "axis", label = "label", up = "up", down = "down"
        case tag = "tag", tagText = "tagtext", first = "first", second = "second", line = "line", band = "band", neutral = "neutral"

        var light: String {
            switch self {
            case .background: "#ffffff"
            case .grid: "#e5e7eb"
            case .axis: "#4b5563"
            case .label: "#1f2937"
            case .up: "#0a7d32"
            case .down: "#b42318"
            case .tag: "#111827"
            case .tagText: "#ffffff"
            case .first: "#b45309"
            case .second: "#7c3aed"
            case .line: "#0b57d0"
            case .band: "#3b82f6"
            case .neutral: "#6b7280"
            }
        }

        var dark: String {
            switch self {
            case .background: "#111418"
            case .grid: "#2c333b"
            case .axis: "#aeb7c2"
            case .label: "#e6e9ed"
            case .up: "#3fb96a"
            case .down: "#f47c70"
            case .tag: "#e6e9ed"
            case .tagText: "#111418"
            case .first: "#f5a524"
            case .second: "#b49cfa"
            case .line: "#8ab4f8"
            case .band: "#8ab4f8"
            case .neutral: "#9aa4af"
            }
        }

        /// `class="…" fill="…"` or `stroke`: the class and the light colour of one attribute.
        func fill() -> String { "class=\"\(rawValue)\" fill=\"\(light)\"" }
        func stroke() -> String { "class=\"\(rawValue)-s\" stroke=\"\(light)\"" }
    }

    static func darkScheme(_ inks: [Ink]) -> String {
        "@media (prefers-color-scheme:dark){" + inks.map { ".\($0.rawValue){fill:\($0.dark)}.\($0.rawValue)-s{stroke:\($0.dark)}" }.joined() + "}"
    }
}

