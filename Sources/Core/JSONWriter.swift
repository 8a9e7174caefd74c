/// JSON written by hand where `JSONEncoder` is too slow or cannot keep a byte layout (call logs,
/// analysis exports, feeds): strings escaped one way everywhere, numbers in Swift's shortest form
/// that reads back the same, keys in the order the caller writes them.
public enum JSONWriter {
    /// A string's contents, without quotes. `markupSafe` writes `<`, `>` and `&` as `\u` escapes,
    /// so text is never markup to a reader that pastes the JSON into a page; `false` for HTML that
    /// is meant to be HTML (a feed's content) and for files no page embeds.
    public static func appendContents(_ text: String, to out: inout [UInt8], markupSafe: Bool = true) {
        var text = text
        text.withUTF8 { bytes in
            out.reserveCapacity(out.count + bytes.count + bytes.count / 16)
            // Runs of bytes that need nothing are copied whole: feeds carry whole reports.
            var (start, index) = (0, 0)
            while index < bytes.count {
                let byte = bytes[index]
                if byte >= 0x40 && byte != UInt8(ascii: "\\") { index += 1; continue }
                let replacement: String?
                switch byte {
                case UInt8(ascii: "\""): replacement = "\\\""
                case UInt8(ascii: "\\"): replacement = "\\\\"
                case UInt8(ascii: "\n"): replacement = "\\n"
                case UInt8(ascii: "\r"): replacement = "\\r"
                case UInt8(ascii: "\t"): replacement = "\\t"
                case 0..<0x20: replacement = "\\u00" + Hex.string([byte])
                case UInt8(ascii: "<") where markupSafe: replacement = "\\u003c"
                case UInt8(ascii: ">") where markupSafe: replacement = "\\u003e"
                case UInt8(ascii: "&") where markupSafe: replacement = "\\u0026"
                default: replacement = nil
                }
                guard let replacement else { index += 1; continue }
                out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start..<index]))
                out += replacement.utf8
                index += 1
                start = index
            }
            out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start..<index]))
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
