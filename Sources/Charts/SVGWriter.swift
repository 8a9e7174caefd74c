import Core

/// An SVG document written straight into bytes. Coordinates (`Double`) are printed as `SVG.n`
/// prints them, digit by digit into the buffer: a chart has thousands of them, and formatting
/// each through a `String` was most of drawing one.
struct SVGWriter {
    private(set) var bytes: [UInt8] = []

    init(capacity: Int = 16_384) { bytes.reserveCapacity(capacity) }

    /// Markup with its numbers, text and colours interpolated.
    mutating func add(_ markup: Markup) { bytes += markup.bytes }

    mutating func add(text: String) { bytes += text.utf8 }

    /// A path command and its point: `M12.5 30`, `L13 31.2`.
    mutating func move(_ command: Character, _ x: Double, _ y: Double) {
        bytes.append(command.asciiValue!)
        Self.number(x, into: &bytes)
        bytes.append(UInt8(ascii: " "))
        Self.number(y, into: &bytes)
    }

    /// A path command and its number: `V31.2`, `h4`.
    mutating func command(_ command: Character, _ value: Double) {
        bytes.append(command.asciiValue!)
        Self.number(value, into: &bytes)
    }

    var isEmpty: Bool { bytes.isEmpty }

    /// One decimal, no trailing ".0", no "-0": what `SVG.n` returns, without making a string.
    static func number(_ value: Double, into bytes: inout [UInt8]) {
        let tenths = (value * 10).rounded()
        guard tenths.isFinite, tenths.magnitude < 1e15 else { bytes += SVG.n(value).utf8; return }
        var digits = UInt64(tenths.magnitude)
        if tenths < 0 { bytes.append(UInt8(ascii: "-")) }
        let decimal = digits % 10
        digits /= 10
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 20) { buffer in
            var position = buffer.count
            repeat {
                position -= 1
                buffer[position] = UInt8(ascii: "0") + UInt8(digits % 10)
                digits /= 10
            } while digits > 0
            bytes += UnsafeBufferPointer(rebasing: buffer[position...])
        }
        if decimal != 0 {
            bytes.append(UInt8(ascii: "."))
            bytes.append(UInt8(ascii: "0") + UInt8(decimal))
        }
    }

    /// A piece of markup: literal text as written, a `Double` as a coordinate, an `Int` in
    /// decimal, `escaped:` text escaped for XML, anything else as it describes itself.
    struct Markup: ExpressibleByStringInterpolation {
        var bytes: [UInt8]

        init(stringLiteral value: String) { bytes = Array(value.utf8) }
        init(stringInterpolation: Interpolation) { bytes = stringInterpolation.bytes }

        struct Interpolation: StringInterpolationProtocol {
            var bytes: [UInt8] = []

            init(literalCapacity: Int, interpolationCount: Int) { bytes.reserveCapacity(literalCapacity + interpolationCount * 8) }
            mutating func appendLiteral(_ literal: String) { bytes += literal.utf8 }
            mutating func appendInterpolation(_ value: Double) { SVGWriter.number(value, into: &bytes) }
            mutating func appendInterpolation(_ value: Int) { bytes += String(value).utf8 }
            mutating func appendInterpolation(_ text: String) { bytes += text.utf8 }
            mutating func appendInterpolation(escaped text: String) { bytes += XML.escape(text).utf8 }
            mutating func appendInterpolation(_ writer: SVGWriter) { bytes += writer.bytes }
            mutating func appendInterpolation(_ value: some CustomStringConvertible) { bytes += value.description.utf8 }
        }
    }
}
