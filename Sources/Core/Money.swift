/// An amount in a currency's minor units, as `site.yml` prices are given (`price_cents`), shown
/// the way a subscriber reads it: `$29.00`, `€9.50`, `CHF 12.00`, `¥2900`.
public struct Money: Sendable, Equatable {
    public var minorUnits: Int
    /// ISO 4217 code, e.g. `USD`.
    public var currency: String

    public init(_ minorUnits: Int, _ currency: String) {
        self.minorUnits = minorUnits
        self.currency = currency
    }

    public static let symbols = ["USD": "$", "EUR": "€", "GBP": "£", "JPY": "¥", "CAD": "CA$", "AUD": "A$", "INR": "₹"]
    /// Currencies without a minor unit: their `price_cents` count whole units.
    public static let wholeUnits: Set<String> = ["JPY", "KRW", "ISK", "CLP", "VND"]

    public var text: String {
        let sign = minorUnits < 0 ? "-" : ""
        let units = minorUnits.magnitude
        let amount = Self.wholeUnits.contains(currency) ? String(units) : "\(units / 100)." + (units % 100 < 10 ? "0" : "") + String(units % 100)
        guard let symbol = Self.symbols[currency] else { return "\(sign)\(currency) \(amount)" }
        return sign + symbol + amount
    }

    /// Three capital letters, as ISO 4217 codes are.
    public static func isCode(_ text: String) -> Bool { text.count == 3 && text.unicodeScalars.allSatisfy { ("A"..."Z").contains($0) } }
}
