/// JSON written by hand where `JSONEncoder` is too slow or cannot keep a byte layout (call logs,
/// analysis exports, feeds): strings escaped one way everywhere, numbers in Swift's shortest form
/// that reads back the same, keys in the order the caller writes them.
public enum JSONWriter {
    /// A string's contents, without quotes. `markupSafe` writes `<`, `>` and `&` as `\u` escapes,
    /// so text is never markup to a reader that pastes the JSON into a page; `false` for HTML that
    /// is meant to be HTML (a feed's content) and for files no page embeds.
    public static func appendContents(_ text: String, to out: inout [UInt8], markupSafe: Bool = true) {
        EscapedRuns.append(text, to: &out, plainFrom: 0x40, except: UInt8(ascii: "\\")) { bytes, index in
            switch bytes[index] {
            case UInt8(ascii: "\""): ("\\\"", 1)
            case UInt8(ascii: "\\"): ("\\\\", 1)
            case UInt8(ascii: "\n"): ("\\n", 1)
            case UInt8(ascii: "\r"): ("\\r", 1)
            case UInt8(ascii: "\t"): ("\\t", 1)
            case let byte where byte < 0x20: ("\\u00" + Hex.string([byte]), 1)
            case UInt8(ascii: "<") where markupSafe: ("\\u003c", 1)
            case UInt8(ascii: ">") where markupSafe: ("\\u003e", 1)
            case UInt8(ascii: "&") where markupSafe: ("\\u0026", 1)
            default: nil
            }
        }
    }

    /// A quoted string as `JSONEncoder` writes it by default: `/` as `\/`, line breaks and
    /// tabs as `\n`, `\r`, `\t`, everything else printable as it is. False when the text holds
    /// another control character, which `JSONEncoder` writes its own way (the caller asks it).
    public static func appendEncoderString(_ text: String, to out: inout [UInt8]) -> Bool {
        var plain = true
        out.append(UInt8(ascii: "\""))
        EscapedRuns.append(text, to: &out, plainFrom: 0x30, except: UInt8(ascii: "\\")) { bytes, index in
            switch bytes[index] {
            case UInt8(ascii: "\""): return ("\\\"", 1)
            case UInt8(ascii: "\\"): return ("\\\\", 1)
            case UInt8(ascii: "/"): return ("\\/", 1)
            case UInt8(ascii: "\n"): return ("\\n", 1)
            case UInt8(ascii: "\r"): return ("\\r", 1)
            case UInt8(ascii: "\t"): return ("\\t", 1)
            case let byte where byte < 0x20:
                plain = false
                return nil
            default: return nil
            }
        }
        out.append(UInt8(ascii: "\""))
        return plain
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
