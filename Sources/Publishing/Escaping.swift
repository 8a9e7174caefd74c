import Charts
import Foundation

/// Escaping for output formats Mustache does not handle itself.
public enum Escaping {
    public static func xml(_ text: String) -> String { XML.escape(text) }

    /// Text for a GitHub-flavoured Markdown table cell or line: no table breaks, no markup, no HTML.
    /// Angle brackets become entities, which Markdown shows as the characters themselves.
    public static func markdown(_ text: String) -> String {
        var out = ""
        for character in text {
            switch character {
            case "\\", "`", "*", "_", "[", "]", "|", "#", "!": out += "\\\(character)"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "&": out += "&amp;"
            case "\n", "\r": out += " "
            default: out.append(character)
            }
        }
        return out
    }

    /// Markdown source whose raw HTML is neutralised (shown as text), for notes that did not opt in to HTML.
    public static func markdownSourceWithoutHTML(_ text: String) -> String {
        text.replacingOccurrences(of: "<", with: "&lt;")
    }

    /// A JSON string literal's contents.
    public static func json(_ text: String) -> String {
        var out = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "<": out += "\\u003c"
            case ">": out += "\\u003e"
            case "&": out += "\\u0026"
            default:
                if scalar.value < 0x20 {
                    let hex = String(scalar.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out
    }
}
