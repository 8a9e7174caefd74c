/// Hexadecimal, written once for every digest, key and escape SignalPress prints: lower case
/// (SHA-256 sums, idempotency keys, `\u00XX`) unless a format asks for upper (`%2F` in URLs).
/// Appends digits without a formatter per byte: it runs for every file and log line.
public enum Hex {
    public static let lower = Array("0123456789abcdef".utf8)
    public static let upper = Array("0123456789ABCDEF".utf8)

    public static func append(_ byte: UInt8, to out: inout [UInt8], uppercase: Bool = false) {
        let digits = uppercase ? upper : lower
        out.append(digits[Int(byte >> 4)])
        out.append(digits[Int(byte & 0x0F)])
    }

    public static func string<Bytes: Sequence>(_ bytes: Bytes, uppercase: Bool = false) -> String where Bytes.Element == UInt8 {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.underestimatedCount * 2)
        for byte in bytes { append(byte, to: &out, uppercase: uppercase) }
        return String(decoding: out, as: UTF8.self)
    }
}
