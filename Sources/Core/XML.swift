/// XML text and attribute escaping, shared by SVG and by the feed and sitemap.
public enum XML {
    /// Text fit for an attribute or element: `&`, `<`, `>` and both quotes escaped.
    public static func escape(_ text: String) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(text.utf8.count)
        append(text, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// Appends `text` escaped; `quotes: false` for element text, where quotes need no escaping
    /// (a feed's escaped HTML content is a fifth shorter without them).
    /// Characters XML 1.0 forbids (C0 controls other than tab, newline and carriage return, and
    /// U+FFFE and U+FFFF) are left out: one of them makes a whole feed ill-formed for readers.
    public static func append(_ text: String, to out: inout [UInt8], quotes: Bool = true) {
        // Everything from '@' up is itself, but for the lead byte of U+FFFE and U+FFFF.
        EscapedRuns.append(text, to: &out, plainFrom: 0x40, except: 0xEF) { bytes, index in
            switch bytes[index] {
            case let byte where byte < 0x20: byte == 0x09 || byte == 0x0A || byte == 0x0D ? nil : ("", 1)
            case 0xEF where index + 2 < bytes.count && bytes[index + 1] == 0xBF && (bytes[index + 2] == 0xBE || bytes[index + 2] == 0xBF): ("", 3)
            case UInt8(ascii: "&"): ("&amp;", 1)
            case UInt8(ascii: "<"): ("&lt;", 1)
            case UInt8(ascii: ">"): ("&gt;", 1)
            case UInt8(ascii: "\"") where quotes: ("&quot;", 1)
            case UInt8(ascii: "'") where quotes: ("&apos;", 1)
            default: nil
            }
        }
    }

    /// `text` without the characters XML 1.0 forbids. Applied where text comes in (configuration,
    /// notes, pages, templates, a hook's commentary), so no output of any format carries them and
    /// the renderer's internal markers (U+0001) can never come from content.
    public static func removingForbidden(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: isForbidden) else { return text }
        var scalars = String.UnicodeScalarView()
        scalars.append(contentsOf: text.unicodeScalars.lazy.filter { !isForbidden($0) })
        return String(scalars)
    }

    static func isForbidden(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x09, 0x0A, 0x0D: false
        case 0..<0x20, 0xFFFE, 0xFFFF: true
        default: false
        }
    }
}
