/// JSON written by hand where `JSONEncoder` is too slow or cannot keep a byte layout (call logs,
/// analysis exports, feeds): strings escaped one way everywhere, numbers in Swift's shortest form
/// that reads back the same, keys in the order the caller writes them.
public enum JSONWriter {
    /// A string's contents, without quotes. `markupSafe` writes `<`, `>` and `&` as `\u` escapes,
    /// so text is never markup to a reader that pastes the JSON into a page; `false` for HTML that
    /// is meant to be HTML (a feed's content) and for files no page embeds.
    public static func appendContents(_ text: String, to out: inout [UInt8], markupSafe: Bool = true) {
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "\""): out += "\\\"".utf8
            case UInt8(ascii: "\\"): out += "\\\\".utf8
            case UInt8(ascii: "\n"): out += "\\n".utf8
            case UInt8(ascii: "\r"): out += "\\r".utf8
            case UInt8(ascii: "\t"): out += "\\t".utf8
            case 0..<0x20:
                out += "\\u00".utf8
                Hex.append(byte, to: &out)
            case UInt8(ascii: "<") where markupSafe: out += "\\u003c".utf8
            case UInt8(ascii: ">") where markupSafe: out += "\\u003e".utf8
            case UInt8(ascii: "&") where markupSafe: out += "\\u0026".utf8
            default: out.append(byte)
            }
        }
    }

    /// A quoted string.
    public static func appendString(_ text: String, to out: inout [UInt8], markupSafe: Bool = true) {
        out.append(UInt8(ascii: "\""))
        appendContents(text, to: &out, markupSafe: markupSafe)
        out.append(UInt8(ascii: "\""))
    }

    /// `"name":`
    public static func appendKey(_ name: String, to out: inout [UInt8]) {
        appendString(name, to: &out, markupSafe: false)
        out.append(UInt8(ascii: ":"))
    }

    /// A number in Swift's shortest round-tripping form; `null` for NaN and infinities.
    public static func appendNumber(_ value: Double, to out: inout [UInt8]) {
        out += (value.isFinite ? "\(value)" : "null").utf8
    }
}
