/// A ticker symbol restricted to characters that are safe in a path, a URL, SQL and markup:
/// letters, digits and `. - ^ =`, 1 to 15 characters.
public struct Symbol: Hashable, Comparable, Sendable, CustomStringConvertible {
    public let value: String

    public static let maximumLength = 15

    public init?(_ text: String) {
        guard Symbol.problem(with: text) == nil else { return nil }
        value = text
    }

    /// Why `text` is not a valid symbol, or `nil` when it is.
    public static func problem(with text: String) -> String? {
        if text.isEmpty { return "a symbol cannot be empty" }
        if text.count > maximumLength {
            return "symbol is \(text.count) characters long; at most \(maximumLength) are allowed"
        }
        let allowed = text.unicodeScalars.allSatisfy { scalar in
            switch scalar {
            case "A"..."Z", "a"..."z", "0"..."9", ".", "-", "^", "=": return true
            default: return false
            }
        }
        if !allowed { return "symbol may contain only letters, digits and . - ^ =" }
        if text.hasPrefix(".") { return "a symbol cannot start with '.'" }
        return nil
    }

    public var description: String { value }

    public static func < (lhs: Symbol, rhs: Symbol) -> Bool { lhs.value < rhs.value }
}
