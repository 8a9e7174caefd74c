import Core
import Foundation
import MarketData

/// Number formatting for reasons and pages; fixed decimals, locale-independent, so output is stable.
public enum Format {
    public static func fixed(_ value: Double, _ decimals: Int) -> String {
        guard value.isFinite else { return "n/a" }
        return NumberText.fixed(value, decimals)
    }

    public static func price(_ value: Double) -> String { fixed(value, 2) }

    public static func percent(_ fraction: Double, _ decimals: Int = 1) -> String { fixed(fraction * 100, decimals) + "%" }

    /// A whole number with its thousands grouped by commas: `4,384,498,200`, `-12,000`.
    public static func grouped(_ value: Double) -> String {
        let digits = fixed(value, 0)
        guard value.isFinite else { return digits }
        let negative = digits.hasPrefix("-")
        var body = Array(negative ? digits.dropFirst() : digits[...])
        var index = body.count - 3
        while index > 0 {
            body.insert(",", at: index)
            index -= 3
        }
        return (negative ? "-" : "") + String(body)
    }

    public static func signedPercent(_ fraction: Double, _ decimals: Int = 1) -> String {
        let text = percent(fraction, decimals)
        return fraction > 0 && text != percent(0, decimals) ? "+" + text : text
    }
}
