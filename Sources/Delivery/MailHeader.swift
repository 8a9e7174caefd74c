import Core
import Foundation

/// Header values as RFC 5322 and RFC 2047 want them: folded, and anything beyond ASCII as an
/// encoded word.
enum MailHeader {
    /// `Name: value` and CRLF, folded at spaces so that each line stays within 78 characters where a space allows.
    static func fold(_ name: String, _ value: String) -> String {
        var lines: [String] = []
        var line = name + ":"
        for word in value.split(separator: " ", omittingEmptySubsequences: false) {
            if line.count + 1 + word.count > 78, line.contains(where: { $0 != " " }), line != name + ":" {
                lines.append(line)
                line = ""
            }
            line += " " + word
        }
        lines.append(line)
        return lines.joined(separator: "\r\n") + "\r\n"
    }

    /// Text as it is when it is ASCII without control characters, else RFC 2047 encoded words
    /// (UTF-8, base64), each within 75 characters and whole characters each.
    static func text(_ value: String) -> String {
        let clean = value.replacingOccurrences(of: "\r", with: " ").replacingOccurrences(of: "\n", with: " ")
        guard !clean.unicodeScalars.allSatisfy({ $0.value >= 32 && $0.value < 127 }) else { return clean }
        var words: [String] = [], chunk = ""
        for character in clean {
            if (chunk + String(character)).utf8.count > 45 {
                words.append(chunk)
                chunk = ""
            }
            chunk.append(character)
        }
        words.append(chunk)
        return words.map { "=?UTF-8?B?" + Data($0.utf8).base64EncodedString() + "?=" }.joined(separator: " ")
    }

    /// `Name <address>` with the name quoted or encoded as it needs; a bare address as it is.
    static func address(_ value: String) -> String {
        guard let open = value.lastIndex(of: "<"), value.hasSuffix(">") else { return value }
        let name = value[..<open].trimmingCharacters(in: .whitespaces)
        let address = value[open...]
        guard !name.isEmpty else { return String(address) }
        return phrase(name) + " " + address
    }

    /// A display name: an atom run as it is, a quoted string for one with specials, encoded words beyond ASCII.
    static func phrase(_ name: String) -> String {
        let specials = Set("()<>[]:;@\\,.\"")
        if !name.unicodeScalars.allSatisfy({ $0.value >= 32 && $0.value < 127 }) { return text(name) }
        if name.contains(where: { specials.contains($0) }) {
            return "\"" + name.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
        }
        return name
    }

    /// `List-Id`: a phrase and the list's id in angle brackets.
    static func listID(_ value: String) -> String {
        guard let open = value.lastIndex(of: "<") else { return "<\(value)>" }
        let name = value[..<open].trimmingCharacters(in: .whitespaces)
        return (name.isEmpty ? "" : phrase(name) + " ") + value[open...]
    }

    /// RFC 5322 date-time in UTC: `Sun, 06 Dec 2026 20:52:03 +0000`.
    static func date(_ date: Date) -> String {
        let unix = Int(date.timeIntervalSince1970.rounded(.down))
        let days = Int((Double(unix) / 86_400).rounded(.down))
        let seconds = unix - days * 86_400
        let day = Day(daysSinceEpoch: days)
        let (year, month, dayOfMonth) = day.components
        let names = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
        let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        func two(_ number: Int) -> String { number < 10 ? "0\(number)" : "\(number)" }
        return "\(names[day.weekday]), \(two(dayOfMonth)) \(months[month - 1]) \(year) "
            + "\(two(seconds / 3600)):\(two(seconds % 3600 / 60)):\(two(seconds % 60)) +0000"
    }
}
