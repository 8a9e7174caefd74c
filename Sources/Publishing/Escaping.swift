import Charts
import Core
import Foundation
import MarketData
import Project

/// Escaping for output formats Mustache does not handle itself.
public enum Escaping {
    public static func xml(_ text: String) -> String { XML.escape(text) }

    /// Text for a GitHub-flavoured Markdown table cell or line: no table breaks, no markup, no HTML.
    /// Angle brackets become entities, which Markdown shows as the characters themselves. An
    /// ampersand stays as it is (`Growth & Europe` reads the same in the file and rendered)
    /// unless what follows would make it an entity (`&copy;`), which a backslash keeps literal.
    public static func markdown(_ text: String) -> String {
        var out = ""
        var rest = Substring(text)
        while let character = rest.first {
            rest = rest.dropFirst()
            switch character {
            case "\\", "`", "*", "_", "[", "]", "|", "#", "!": out += "\\\(character)"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "&": out += rest.prefixMatch(of: /#?[A-Za-z0-9]+;/) == nil ? "&" : "\\&"
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

    /// A JSON string literal's contents, with `<`, `>` and `&` as `\u` escapes: text is never
    /// markup to a reader that pastes the JSON into a page.
    public static func json(_ text: String) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(text.utf8.count)
        appendJSON(text, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// Appends a JSON string literal's contents (`JSONWriter`).
    static func appendJSON(_ text: String, to out: inout [UInt8], markupSafe: Bool = true) {
        JSONWriter.appendContents(text, to: &out, markupSafe: markupSafe)
    }
}
