/// HTML text escaping, as Mustache's `{{name}}` escapes: `&`, `<`, `>`, `"` and `'`.
public enum HTML {
    /// `text` with those five escaped, copied a run of plain bytes at a time (the text itself
    /// when it has none of them, as most values, numbers and names, have not).
    public static func escape(_ text: String) -> String {
        guard text.utf8.contains(where: { $0 < 0x40 && needsEscape($0) }) else { return text }
        var out: [UInt8] = []
        // 0xFF is never in UTF-8: every byte from '@' up is plain.
        EscapedRuns.append(text, to: &out, plainFrom: 0x40, except: 0xFF) { bytes, index in
            switch bytes[index] {
            case UInt8(ascii: "&"): ("&amp;", 1)
            case UInt8(ascii: "<"): ("&lt;", 1)
            case UInt8(ascii: ">"): ("&gt;", 1)
            case UInt8(ascii: "\""): ("&quot;", 1)
            case UInt8(ascii: "'"): ("&#39;", 1)
            default: nil
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    @inline(__always)
    static func needsEscape(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: "&") || byte == UInt8(ascii: "<") || byte == UInt8(ascii: ">") || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "'")
    }
}
