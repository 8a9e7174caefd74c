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

    public static func signedPercent(_ fraction: Double, _ decimals: Int = 1) -> String {
        let text = percent(fraction, decimals)
        return fraction > 0 && text != percent(0, decimals) ? "+" + text : text
    }
}
