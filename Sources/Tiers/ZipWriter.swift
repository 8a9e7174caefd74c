import CZlib
import Foundation
import MarketData
import Publishing

/// Writes a deterministic zip: entries in the order given, one fixed DOS timestamp, mode 0644,
/// raw deflate at a chosen level. Entries are compressed in parallel. ZIPFoundation (which reads
/// and verifies bundles) compresses one entry at a time at zlib's default level, and that was
/// most of a build's time (see the README's performance section).
enum ZipWriter {
    struct Entry {
        var path: String
        var bytes: [UInt8]
    }

    /// `level` 1 (fastest) to 9 (smallest).
    static func zip(_ entries: [Entry], modified: Date, level: Int32 = 1, jobs: Int = Parallel.cores) throws -> [UInt8] {
        let compressed = Slots<(crc: UInt32, data: [UInt8])>(count: entries.count)
        Parallel.forEach(entries.count, jobs: jobs) { index in
            compressed.set(index, (crc32(entries[index].bytes), deflate(entries[index].bytes, level: level)))
        }
        let (time, date) = dosTimestamp(modified)
        var out: [UInt8] = []
        out.reserveCapacity(entries.reduce(0) { $0 + $1.bytes.count / 3 } + entries.count * 100)
        var central: [UInt8] = []
        for (index, entry) in entries.enumerated() {
            let (crc, data) = compressed.get(index)
            let name = Array(entry.path.utf8)
            // A stored entry when deflate does not help (tiny or incompressible files).
            let stored = data.count >= entry.bytes.count
            let payload = stored ? entry.bytes : data
            guard out.count < Int(UInt32.max), payload.count < Int(UInt32.max) else { throw CocoaError(.fileWriteFileExists) }
            let offset = UInt32(out.count)
            var local: [UInt8] = []
            local.append32(0x0403_4b50)
            local.append16(20); local.append16(0x0800); local.append16(stored ? 0 : 8)
            local.append16(time); local.append16(date)
            local.append32(crc); local.append32(UInt32(payload.count)); local.append32(UInt32(entry.bytes.count))
            local.append16(UInt16(name.count)); local.append16(0)
            out += local
            out += name
            out += payload

            central.append32(0x0201_4b50)
            central.append16(0x0314); central.append16(20); central.append16(0x0800); central.append16(stored ? 0 : 8)
            central.append16(time); central.append16(date)
            central.append32(crc); central.append32(UInt32(payload.count)); central.append32(UInt32(entry.bytes.count))
            central.append16(UInt16(name.count)); central.append16(0); central.append16(0)
            central.append16(0); central.append16(0); central.append32(UInt32(0o100644) << 16)
            central.append32(offset)
            central += name
        }
        let start = UInt32(out.count)
        out += central
        out.append32(0x0605_4b50)
        out.append16(0); out.append16(0)
        out.append16(UInt16(entries.count)); out.append16(UInt16(entries.count))
        out.append32(UInt32(central.count)); out.append32(start)
        out.append16(0)
        return out
    }

    static func crc32(_ bytes: [UInt8]) -> UInt32 {
        bytes.withUnsafeBufferPointer { UInt32(CZlib.crc32(0, $0.baseAddress, uInt($0.count))) }
    }

    static func deflate(_ bytes: [UInt8], level: Int32) -> [UInt8] {
        var stream = z_stream()
        // deflateInit2 is a C macro; this is its expansion. Negative window bits: raw deflate, as zip stores it.
        guard deflateInit2_(&stream, level, Z_DEFLATED, -MAX_WBITS, 8, Z_DEFAULT_STRATEGY, ZLIB_VERSION,
                            Int32(MemoryLayout<z_stream>.size)) == Z_OK else { return bytes }
        defer { deflateEnd(&stream) }
        var output = [UInt8](repeating: 0, count: Int(deflateBound(&stream, uLong(bytes.count))))
        var input = bytes
        let produced: Int = input.withUnsafeMutableBufferPointer { source in
            output.withUnsafeMutableBufferPointer { target in
                stream.next_in = source.baseAddress
                stream.avail_in = uInt(source.count)
                stream.next_out = target.baseAddress
                stream.avail_out = uInt(target.count)
                let status = CZlib.deflate(&stream, Z_FINISH)
                return status == Z_STREAM_END ? Int(stream.total_out) : -1
            }
        }
        guard produced >= 0 else { return bytes + [0] } // forces a stored entry
        output.removeSubrange(produced...)
        return output
    }

    /// MS-DOS time and date fields, as the local time zip readers assume (UTC here: `main` sets TZ).
    static func dosTimestamp(_ date: Date) -> (UInt16, UInt16) {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        let time = UInt16(parts.hour! << 11 | parts.minute! << 5 | parts.second! / 2)
        let day = UInt16((max(parts.year!, 1980) - 1980) << 9 | parts.month! << 5 | parts.day!)
        return (time, day)
    }
}

private extension Array where Element == UInt8 {
    mutating func append16(_ value: UInt16) { append(UInt8(value & 0xff)); append(UInt8(value >> 8)) }
    mutating func append32(_ value: UInt32) { for shift in stride(from: 0, to: 32, by: 8) { append(UInt8((value >> UInt32(shift)) & 0xff)) } }
}
