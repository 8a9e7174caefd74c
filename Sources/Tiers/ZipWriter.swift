import CLibdeflate
import Core
import Crypto
import Foundation
import Synchronization
import MarketData

/// Writes one tier's bundle while the build streams, straight into the zip: each file is
/// compressed (raw deflate, libdeflate level 1) on the thread that made it. A symbol's files arrive as
/// one `Batch` with the symbol's position and are written in that order, whichever thread
/// finishes first (a batch that arrives early waits, compressed, for the ones before it); the
/// files that do not belong to a symbol (index pages, assets, feed) follow, in path order, when
/// the zip is sealed. One fixed DOS timestamp, mode 0644, and the SHA-256 taken as bytes are
/// written, so the zip's bytes depend only on its files and date, never on `--jobs`, and
/// nothing is written twice. Past the classic format's limits (65,535 entries, 4 GiB of offsets
/// or sizes) the ZIP64 extension (APPNOTE 4.5.3) carries the numbers, for that field or
/// record alone: a zip within the limits is byte for byte what it was without ZIP64.
public final class ZipWriter: Sendable {
    /// One file, compressed, ready to be written.
    struct Entry: Sendable {
        var path: String
        var payload: [UInt8]
        var size: Int
        var crc: UInt32
        var stored: Bool
        /// Kept as its 32 bytes until the manifest is written: a whole market's bundle has
        /// 120,000 files, and as hexadecimal strings their hashes were tens of megabytes.
        var sha256: FileDigest
    }

    /// A SHA-256 held in place, without a heap allocation.
    struct FileDigest: Sendable {
        private var words: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)

        init(_ bytes: [UInt8]) {
            let digest = SHA256.hash(data: bytes)
            withUnsafeMutableBytes(of: &words) { target in digest.withUnsafeBytes { target.copyMemory(from: $0) } }
        }

        var hex: String { withUnsafeBytes(of: words) { Hex.string($0) } }

        func append(to bytes: inout [UInt8]) { withUnsafeBytes(of: words) { bytes += $0 } }
    }

    /// A symbol's files for this bundle, compressed as they are produced.
    public final class Batch: Sendable {
        let entries = Mutex<[Entry]>([])
        public init() {}
    }

    /// One symbol's files as compressed for one bundle, for the other tiers' bundles that hold the
    /// same bytes at the same path (its charts, in every paid tier): deflate was a fifth of a
    /// build's CPU, and a chart was compressed once per tier that shows it.
    public final class SharedEntries: Sendable {
        private let entries = Mutex<[String: (bytes: [UInt8], level: Int32, entry: Entry)]>([:])
        public init() {}

        /// The entry made for `path` from these very bytes at this level, else one made now.
        func entry(_ path: String, _ bytes: [UInt8], level: Int32) -> Entry {
            // Tiers given the same rendering hold the same array: `==` answers on its storage
            // without reading it, and reads it only when two tiers' arrays differ.
            if let kept = entries.withLock({ $0[path] }), kept.level == level, kept.bytes == bytes { return kept.entry }
            let entry = ZipWriter.entry(path, bytes, level: level)
            entries.withLock { $0[path] = (bytes, level, entry) }
            return entry
        }
    }

    public struct Sealed: Sendable {
        public var bytes: Int
        public var sha256: String
        public var files: [Manifest.File]
    }

    private let level: Int32
    private let url: URL
    /// The archive being written, and the batches and files waiting for their turn.
    private struct State {
        var stream: Stream
        var nextBatch = 0
        var waiting: [Int: Batch] = [:]
        /// The files of no symbol, their payloads in `restPayloads` (where they start, how long).
        var rest: [(entry: Entry, offset: Int, count: Int)] = []
        let restPayloads: Spool
    }
    private let state: Mutex<State>

    /// `level` 1 (fastest) to 12 (smallest), libdeflate's scale: level 1 is several times as fast
    /// as zlib's default for 5-10% more bytes (see docs/performance.md).
    public convenience init(archive: URL, modified: Date, level: Int32 = 1) throws(TiersError) {
        try self.init(archive: archive, modified: modified, level: level, zip64Above: 0xFFFF_FFFE)
    }

    init(archive: URL, modified: Date, level: Int32, zip64Above limit: Int) throws(TiersError) {
        guard let file = fopen(archive.path, "wb") else { throw .cannotCreate(path: archive.path) }
        guard let rest = Spool(beside: archive, suffix: ".rest"), let central = Spool(beside: archive, suffix: ".central"),
              let files = Spool(beside: archive, suffix: ".files") else {
            fclose(file)
            throw .cannotCreate(path: archive.path + ".rest")
        }
        url = archive
        self.level = level
        let (time, date) = Self.dosTimestamp(modified)
        state = Mutex(State(stream: Stream(file: file, url: archive, limit: limit, time: time, date: date, central: central, files: files),
                            restPayloads: rest))
    }

    deinit { state.withLock { _ = fclose($0.stream.file) } }

    /// Compresses a symbol's file into its batch, on the caller's thread; once for every bundle
    /// given the same `sharing`, where they hold the same bytes at the same path.
    public func add(_ path: String, _ bytes: [UInt8], to batch: Batch, sharing: SharedEntries? = nil) {
        let entry = sharing?.entry(path, bytes, level: level) ?? Self.entry(path, bytes, level: level)
        batch.entries.withLock { $0.append(entry) }
    }

    /// Batch number `sequence` is complete (every sequence number from 0 up must come, empty or
    /// not): it is written as soon as every batch before it has been.
    public func commit(_ batch: Batch, sequence: Int) {
        state.withLock { state in
            state.waiting[sequence] = batch
            while let ready = state.waiting.removeValue(forKey: state.nextBatch) {
                for entry in ready.entries.withLock({ $0 }) { state.stream.write(entry) }
                state.nextBatch += 1
            }
        }
    }

    /// A file that belongs to no symbol: compressed now, written in path order by `seal`; its
    /// payload waits on disk (a whole market's reports are megabytes each).
    public func add(_ path: String, _ bytes: [UInt8]) {
        var entry = Self.entry(path, bytes, level: level)
        let payload = entry.payload
        entry.payload = []
        state.withLock { state in
            state.rest.append((entry, state.restPayloads.append(payload), payload.count))
        }
    }

    /// Writes the remaining files and the central directory; returns the zip's size, SHA-256 and
    /// files (in path order, for the manifest).
    public func seal() throws(TiersError) -> Sealed {
        try state.withLock { (state: inout State) throws(TiersError) -> Sealed in
            guard state.waiting.isEmpty else { throw .batchNeverCame(path: url.path, batch: state.nextBatch) }
            for waiting in state.rest.sorted(by: { $0.entry.path < $1.entry.path }) {
                guard !state.restPayloads.failed, let payload = state.restPayloads.read(at: waiting.offset, count: waiting.count) else {
                    throw .diskFull(path: url.path)
                }
                var entry = waiting.entry
                entry.payload = payload
                state.stream.write(entry)
            }
            state.rest = []
            return try state.stream.finish()
        }
    }

    private static func entry(_ path: String, _ bytes: [UInt8], level: Int32) -> Entry {
        // A stored entry when deflate does not help (tiny or incompressible files).
        let deflated = Self.deflate(bytes, level: level)
        return Entry(path: path, payload: deflated ?? bytes, size: bytes.count, crc: Self.crc32(bytes), stored: deflated == nil,
                     sha256: FileDigest(bytes))
    }

    /// The archive's bytes as they are written: the file, their SHA-256 and count, the central
    /// directory and the manifest's files, all moved together by each write.
    struct Stream {
        let file: UnsafeMutablePointer<FILE>
        let url: URL
        /// The largest number a classic 32-bit field holds; above it, ZIP64. Lower only in tests.
        let limit: Int
        let time: UInt16, date: UInt16
        var hasher = SHA256()
        var written = 0
        /// The central directory's records, and the manifest's files (path, size, SHA-256),
        /// kept on disk until the zip is sealed; `count` of each.
        let central: Spool
        let files: Spool
        var count = 0
        var failure: TiersError?
        var writeBehind: WriteBehind

        init(file: UnsafeMutablePointer<FILE>, url: URL, limit: Int, time: UInt16, date: UInt16, central: Spool, files: Spool) {
            (self.file, self.url, self.limit, self.time, self.date) = (file, url, limit, time, date)
            (self.central, self.files) = (central, files)
            writeBehind = WriteBehind(descriptor: fileno(file))
        }

        /// Appends one local header and payload, and its central directory record.
        /// A size or offset past the classic fields goes into a ZIP64 extra field (id 1), in the
        /// order the format fixes: size, compressed size, offset; the field itself says 0xFFFFFFFF.
        mutating func write(_ entry: Entry) {
            let name = Array(entry.path.utf8)
            let offset = written
            let bigSizes = entry.size > limit || entry.payload.count > limit
            let version: UInt16 = bigSizes || offset > limit ? 45 : 20
            var local: [UInt8] = []
            local.append32(0x0403_4b50)
            local.append16(version); local.append16(0x0800); local.append16(entry.stored ? 0 : 8)
            local.append16(time); local.append16(date)
            local.append32(entry.crc)
            local.append32(bigSizes ? 0xFFFF_FFFF : UInt32(entry.payload.count)); local.append32(bigSizes ? 0xFFFF_FFFF : UInt32(entry.size))
            local.append16(UInt16(name.count)); local.append16(bigSizes ? 20 : 0)
            local += name
            if bigSizes { local.append16(1); local.append16(16); local.append64(UInt64(entry.size)); local.append64(UInt64(entry.payload.count)) }
            emit(local)
            emit(entry.payload)

            var extra: [UInt8] = []
            if entry.size > limit { extra.append64(UInt64(entry.size)) }
            if entry.payload.count > limit { extra.append64(UInt64(entry.payload.count)) }
            if offset > limit { extra.append64(UInt64(offset)) }
            var central: [UInt8] = []
            central.reserveCapacity(46 + name.count + 4 + extra.count)
            central.append32(0x0201_4b50)
            central.append16(0x0300 | version); central.append16(version); central.append16(0x0800); central.append16(entry.stored ? 0 : 8)
            central.append16(time); central.append16(date)
            central.append32(entry.crc)
            central.append32(entry.payload.count > limit ? 0xFFFF_FFFF : UInt32(entry.payload.count))
            central.append32(entry.size > limit ? 0xFFFF_FFFF : UInt32(entry.size))
            central.append16(UInt16(name.count)); central.append16(extra.isEmpty ? 0 : UInt16(4 + extra.count)); central.append16(0)
            central.append16(0); central.append16(0); central.append32(UInt32(0o100644) << 16)
            central.append32(offset > limit ? 0xFFFF_FFFF : UInt32(offset))
            central += name
            if !extra.isEmpty { central.append16(1); central.append16(UInt16(extra.count)); central += extra }
            self.central.append(central)
            // The manifest's record: the path's length and bytes, the size, the SHA-256.
            var file: [UInt8] = []
            file.reserveCapacity(4 + name.count + 8 + 32)
            file.append32(UInt32(name.count))
            file += name
            file.append64(UInt64(entry.size))
            entry.sha256.append(to: &file)
            files.append(file)
            count += 1
        }

        mutating func emit(_ bytes: [UInt8]) {
            hasher.update(data: bytes)
            written += bytes.count
            if bytes.withUnsafeBufferPointer({ fwrite($0.baseAddress, 1, $0.count, file) }) != bytes.count, failure == nil {
                failure = .diskFull(path: url.path)
            }
            if writeBehind.due(written), fflush(file) == 0 { writeBehind.advance(to: written) }
        }

        /// The central directory and the end records; the zip's size, SHA-256 and files (in path order).
        mutating func finish() throws(TiersError) -> Sealed {
            let start = written
            guard !central.failed, !files.failed, central.forEachChunk({ emit($0) }) else { throw .diskFull(path: url.path) }
            let size = written - start
            let zip64 = count >= 0xFFFF || size > limit || start > limit
            var end: [UInt8] = []
            if zip64 {
                // The ZIP64 end of central directory record, then its locator.
                let record = written
                end.append32(0x0606_4b50); end.append64(44)
                end.append16(0x032D); end.append16(45)
                end.append32(0); end.append32(0)
                end.append64(UInt64(count)); end.append64(UInt64(count))
                end.append64(UInt64(size)); end.append64(UInt64(start))
                end.append32(0x0706_4b50); end.append32(0); end.append64(UInt64(record)); end.append32(1)
            }
            end.append32(0x0605_4b50)
            end.append16(0); end.append16(0)
            let shortCount = count >= 0xFFFF ? 0xFFFF : UInt16(count)
            end.append16(shortCount); end.append16(shortCount)
            end.append32(size > limit ? 0xFFFF_FFFF : UInt32(size)); end.append32(start > limit ? 0xFFFF_FFFF : UInt32(start))
            end.append16(0)
            emit(end)
            if let failure { throw failure }
            guard fflush(file) == 0 else { throw .diskFull(path: url.path) }
            let digest = Hex.string(hasher.finalize())
            guard let named = Self.manifestFiles(files, count: count) else { throw .diskFull(path: url.path) }
            return Sealed(bytes: written, sha256: digest, files: named)
        }

        /// The files `write` recorded, in path order.
        static func manifestFiles(_ spool: Spool, count: Int) -> [Manifest.File]? {
            guard let bytes = spool.read(at: 0, count: spool.size) else { return nil }
            var named: [Manifest.File] = []
            named.reserveCapacity(count)
            var at = 0
            func number(_ width: Int) -> Int {
                defer { at += width }
                return (0..<width).reduce(0) { $0 | Int(bytes[at + $1]) << (8 * $1) }
            }
            while at < bytes.count {
                let length = number(4)
                let path = String(decoding: bytes[at..<(at + length)], as: UTF8.self)
                at += length
                let size = number(8)
                named.append(Manifest.File(path: path, bytes: size, sha256: Hex.string(bytes[at..<(at + 32)])))
                at += 32
            }
            return named.sorted { $0.path < $1.path }
        }
    }

    static func crc32(_ bytes: [UInt8]) -> UInt32 {
        bytes.withUnsafeBufferPointer { UInt32(libdeflate_crc32(0, $0.baseAddress, $0.count)) }
    }

    /// `bytes` as raw deflate (as zip stores it), or nil where that is not smaller: such an entry
    /// is stored. libdeflate, not zlib: at the fastest level it is three times as fast (zlib was
    /// a sixth of a first build's CPU) and writes 7% fewer bytes.
    static func deflate(_ bytes: [UInt8], level: Int32) -> [UInt8]? {
        guard bytes.count > 1 else { return nil }
        var compressor = Compressor.take(level: level)
        defer { compressor.giveBack() }
        return compressor.deflate(bytes)
    }

    /// A libdeflate compressor and the buffer it writes into, reused: making one allocates its
    /// tables, and a bundle deflates thousands of files, one at a time on each thread. The
    /// compressor is held by its address, so that the idle ones can wait in a `Mutex`.
    struct Compressor: Sendable {
        private static let idle = Mutex<[Int32: [Compressor]]>([:])
        /// Files up to this size are deflated into the kept buffer (pages, charts, a symbol's
        /// export); a larger one (a whole market's feed or index) gets its own, let go after.
        private static let kept = 1 << 20
        let level: Int32
        private let address: UInt
        private var scratch: [UInt8] = []

        private init(level: Int32) {
            guard let made = libdeflate_alloc_compressor(level) else { fatalError("libdeflate could not allocate a compressor (out of memory)") }
            (self.level, address) = (level, UInt(bitPattern: Int(bitPattern: UnsafeRawPointer(made))))
        }

        static func take(level: Int32) -> Compressor {
            idle.withLock { $0[level]?.popLast() } ?? Compressor(level: level)
        }

        func giveBack() {
            Self.idle.withLock { $0[level, default: []].append(self) }
        }

        mutating func deflate(_ bytes: [UInt8]) -> [UInt8]? {
            // Room for one byte less than the input: libdeflate answers 0 where it needs more.
            let room = bytes.count - 1
            var buffer: [UInt8] = []
            if room <= Self.kept { swap(&buffer, &scratch) }
            if buffer.count < room { buffer = [UInt8](repeating: 0, count: room) }
            let compressor = OpaquePointer(bitPattern: address)
            let size = bytes.withUnsafeBufferPointer { input in
                buffer.withUnsafeMutableBufferPointer { libdeflate_deflate_compress(compressor, input.baseAddress, input.count, $0.baseAddress, room) }
            }
            // Exactly the compressed bytes: a batch waiting for its turn holds them.
            let output = size == 0 ? nil : Array(buffer[..<size])
            if room <= Self.kept { scratch = buffer }
            return output
        }
    }

    /// MS-DOS time and date fields, as the local time zip readers assume (UTC here: `main` sets TZ).
    static func dosTimestamp(_ date: Date) -> (UInt16, UInt16) {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        let time = UInt16(parts.hour! << 11 | parts.minute! << 5 | parts.second! / 2)
        // DOS dates cover 1980 to 2107; the build refuses bars outside 1900-2100, and this never traps.
        let day = UInt16((min(max(parts.year!, 1980), 2107) - 1980) << 9 | parts.month! << 5 | parts.day!)
        return (time, day)
    }
}

private extension Array where Element == UInt8 {
    mutating func append16(_ value: UInt16) { append(UInt8(value & 0xff)); append(UInt8(value >> 8)) }
    mutating func append32(_ value: UInt32) { for shift in stride(from: 0, to: 32, by: 8) { append(UInt8((value >> UInt32(shift)) & 0xff)) } }
    mutating func append64(_ value: UInt64) { for shift in stride(from: 0, to: 64, by: 8) { append(UInt8((value >> UInt64(shift)) & 0xff)) } }
}
