import Core

/// Quoted-printable (RFC 2045 §6.7) with CRLF line ends: lines of at most 76 characters, so no
/// mail server rewraps a report, and nothing but printable ASCII on the wire.
enum QuotedPrintable {
    static func encode(_ text: String) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(text.utf8.count + text.utf8.count / 8)
        let lines = text.utf8.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
        for (index, line) in lines.enumerated() {
            if index > 0 { out += [13, 10] }
            var body = Array(line)
            if body.last == 13 { body.removeLast() }
            encode(line: body, into: &out)
        }
        return out
    }

    private static func encode(line: [UInt8], into out: inout [UInt8]) {
        var width = 0
        for (index, byte) in line.enumerated() {
            let last = index == line.count - 1
            // '=' is the escape itself; a space or tab that ends a line would be stripped in transit.
            var escape = !((33...126).contains(byte) && byte != UInt8(ascii: "=")) && !((byte == 32 || byte == 9) && !last)
            // Room for this, and for a soft break's "=" unless this ends the line.
            if width + (escape ? 3 : 1) > (last ? 76 : 75) {
                out += [UInt8(ascii: "="), 13, 10]
                width = 0
            }
            // A dot first on a line could read as SMTP's end of data.
            if width == 0 && byte == UInt8(ascii: ".") { escape = true }
            if escape {
                out.append(UInt8(ascii: "="))
                Hex.append(byte, to: &out, uppercase: true)
                width += 3
            } else {
                out.append(byte)
                width += 1
            }
        }
    }
}
