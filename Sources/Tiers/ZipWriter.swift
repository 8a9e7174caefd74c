import CZlib
import Crypto
import Foundation
import MarketData
import Publishing

/// Writes one tier's bundle while the build streams: each file is compressed (raw deflate,
/// zlib level 1) and appended to a spool file as it is produced, in whatever order the symbols
/// finish; `seal` then writes the zip with its entries in path order, one fixed DOS timestamp
/// and mode 0644, copying payloads from the spool. Memory holds one small record per entry, so
/// a bundle of any size costs the same, and its bytes depend only on its files and date.
public final class ZipWriter: @unchecked Sendable {
    struct Entry {
        var path: String
        var offset: Int
        var payload: Int
        var size: Int
        var crc: UInt32
        var stored: Bool
        var sha256: String
    }

    public struct Sealed: Sendable {
        public var bytes: Int
        public var sha256: String
        public var files: [Manifest.File]
    }

    public struct Failure: Error, CustomStringConvertible {
        public var description: String
    }

    private let spool: UnsafeMutablePointer<FILE>
    private let spoolURL: URL
    private let lock = NSLock()
    private var entries: [Entry] = []
    private var spoolSize = 0
    private let level: Int32

    /// `level` 1 (fastest) to 9 (smallest): level 1 is twice to four times as fast as zlib's
    /// default for 5-10% more bytes (see the README's performance section).
    public init(spool: URL, level: Int32 = 1) throws(Failure) {
        guard let file = fopen(spool.path, "w+b") else { throw Failure(description: "cannot create \(spool.path)") }
        self.spool = file
        spoolURL = spool
        self.level = level
    }

    deinit {
        fclose(spool)
        unlink(spoolURL.path)
    }

    /// Compresses `bytes` on the caller's thread and appends them to the spool.
    public func add(_ path: String, _ bytes: [UInt8]) throws(Failure) {
        let crc = Self.crc32(bytes)
        let deflated = Self.deflate(bytes, level: level)
        // A stored entry when deflate does not help (tiny or incompressible files).
        let stored = deflated.count >= bytes.count
        let payload = stored ? bytes : deflated
        let digest = Assets.sha256(bytes)
        lock.lock()
        defer { lock.unlock() }
        let written = payload.withUnsafeBufferPointer { fwrite($0.baseAddress, 1, $0.count, spool) }
        guard written == payload.count else { throw Failure(description: "cannot write \(spoolURL.path): disk full?") }
        entries.append(Entry(path: path, offset: spoolSize, payload: payload.count, size: bytes.count, crc: crc, stored: stored, sha256: digest))
        spoolSize += payload.count
    }

    /// Writes the zip to `target` with entries in path order; returns its size, SHA-256 and files.
    public func seal(to target: URL, modified: Date) throws(Failure) -> Sealed {
        lock.lock()
        defer { lock.unlock() }
        guard fflush(spool) == 0, let out = fopen(target.path, "wb") else { throw Failure(description: "cannot write \(target.path)") }
        defer { fclose(out) }
        var hasher = SHA256()
        var total = 0
        var failed = false
        func emit(_ bytes: [UInt8]) {
            hasher.update(data: bytes)
            total += bytes.count
            if bytes.withUnsafeBufferPointer({ fwrite($0.baseAddress, 1, $0.count, out) }) != bytes.count { failed = true }
        }
        let (time, date) = Self.dosTimestamp(modified)
        let sorted = entries.sorted { $0.path < $1.path }
        var central: [UInt8] = []
        var buffer: [UInt8] = []
        for entry in sorted {
            let name = Array(entry.path.utf8)
            guard total < Int(UInt32.max), entry.payload < Int(UInt32.max) else { throw Failure(description: "\(target.path) would exceed 4 GiB") }
            let offset = UInt32(total)
            var local: [UInt8] = []
            local.append32(0x0403_4b50)
            local.append16(20); local.append16(0x0800); local.append16(entry.stored ? 0 : 8)
            local.append16(time); local.append16(date)
            local.append32(entry.crc); local.append32(UInt32(entry.payload)); local.append32(UInt32(entry.size))
            local.append16(UInt16(name.count)); local.append16(0)
            emit(local + name)
            buffer = [UInt8](repeating: 0, count: entry.payload)
            let read = buffer.withUnsafeMutableBytes { pread(fileno(spool), $0.baseAddress, entry.payload, off_t(entry.offset)) }
            guard read == entry.payload else { throw Failure(description: "cannot read back \(spoolURL.path)") }
            emit(buffer)

            central.append32(0x0201_4b50)
            central.append16(0x0314); central.append16(20); central.append16(0x0800); central.append16(entry.stored ? 0 : 8)
            central.append16(time); central.append16(date)
            central.append32(entry.crc); central.append32(UInt32(entry.payload)); central.append32(UInt32(entry.size))
            central.append16(UInt16(name.count)); central.append16(0); central.append16(0)
            central.append16(0); central.append16(0); central.append32(UInt32(0o100644) << 16)
            central.append32(offset)
            central += name
        }
        let start = UInt32(total)
        var end = central
        end.append32(0x0605_4b50)
        end.append16(0); end.append16(0)
        end.append16(UInt16(sorted.count)); end.append16(UInt16(sorted.count))
        end.append32(UInt32(central.count)); end.append32(start)
        end.append16(0)
        emit(end)
        guard !failed, fflush(out) == 0 else { throw Failure(description: "cannot write \(target.path): disk full?") }
        let digest = hasher.finalize().map { $0 < 16 ? "0" + String($0, radix: 16) : String($0, radix: 16) }.joined()
        return Sealed(bytes: total, sha256: digest, files: sorted.map { Manifest.File(path: $0.path, bytes: $0.size, sha256: $0.sha256) })
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
