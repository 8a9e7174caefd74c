import Foundation

/// Number formatting that round-trips: the shortest decimal that reads back as the same Double.
public enum NumberText {
    /// `1 warning`, `3 warnings`, `0 warnings`: the noun agrees with its number.
    public static func counted(_ count: Int, _ singular: String, plural: String? = nil) -> String {
        "\(count) \(count == 1 ? singular : plural ?? singular + "s")"
    }

    public static func shortest(_ value: Double) -> String {
        if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
        return "\(value)"
    }

    /// `shortest(value)`, appended to a byte buffer without an intermediate string on the heap.
    public static func appendShortest(_ value: Double, to out: inout [UInt8]) {
        if value == value.rounded(), abs(value) < 1e15 {
            out += String(Int64(value)).utf8
        } else {
            out += value.description.utf8
        }
    }

    static let powers: [Double] = [1, 10, 100, 1_000, 10_000, 100_000, 1_000_000]

    /// `value` with exactly `decimals` digits after the point, as `%.Nf` prints it (the exact
    /// binary value rounded, ties to even), except that a value rounding to zero has no minus
    /// sign; without a format string or a temporary array: pages and charts print hundreds of
    /// thousands of numbers.
    public static func fixed(_ value: Double, _ decimals: Int) -> String {
        let magnitude = abs(value), power = powers[min(max(decimals, 0), 6)]
        let product = magnitude * power
        var scaled = product.rounded(.toNearestOrEven)
        if product - product.rounded(.down) == 0.5 {
            // The product was rounded onto a tie: the exact product (its rounding error, by a
            // fused multiply-add) says which side of it the value really is.
            let error = (-product).addingProduct(magnitude, power)
            if error > 0 { scaled = product.rounded(.up) } else if error < 0 { scaled = product.rounded(.down) }
        }
        guard value.isFinite, scaled < 1e15, decimals >= 0, decimals <= 6 else { return String(format: "%.\(decimals)f", value) }
        // Written right to left into 24 bytes: 15 digits, a point, a sign and zero padding fit.
        return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 24) { buffer in
            var digits = UInt64(scaled), position = buffer.count, written = 0
            while written <= decimals || digits > 0 {
                if written == decimals && decimals > 0 {
                    position -= 1
                    buffer[position] = UInt8(ascii: ".")
                }
                position -= 1
                buffer[position] = UInt8(ascii: "0") + UInt8(digits % 10)
                digits /= 10
                written += 1
            }
            if value < 0 && scaled != 0 {
                position -= 1
                buffer[position] = UInt8(ascii: "-")
            }
            return String(decoding: UnsafeBufferPointer(rebasing: buffer[position...]), as: UTF8.self)
        }
    }
}
