import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A scratch file beside a zip, removed from its folder as soon as it is opened (the kernel
/// frees it when it is closed, even after a crash): what a zip writes last (the files that
/// belong to no symbol, the central directory, the manifest's list) waits here rather than in
/// memory, which at 10,000 symbols was a hundred megabytes held from the first symbol to the seal.
/// Unchecked `Sendable`: only ever used under the zip writer's lock.
final class Spool: @unchecked Sendable {
    private let file: UnsafeMutablePointer<FILE>
    /// Bytes appended so far.
    private(set) var size = 0
    /// Whether every append reached the file.
    private(set) var failed = false

    init?(beside url: URL, suffix: String) {
        let path = url.path + suffix
        guard let file = fopen(path, "w+b") else { return nil }
        unlink(path)
        self.file = file
    }

    deinit { fclose(file) }

    /// Appends `bytes`; returns where they start.
    @discardableResult
    func append(_ bytes: [UInt8]) -> Int {
        let start = size
        if bytes.withUnsafeBufferPointer({ fwrite($0.baseAddress, 1, $0.count, file) }) != bytes.count { failed = true }
        size += bytes.count
        return start
    }

    /// `count` bytes from `offset`, or nil when they cannot be read back.
    func read(at offset: Int, count: Int) -> [UInt8]? {
        guard count > 0 else { return [] }
        guard fflush(file) == 0 else { return nil }
        var bytes = [UInt8](repeating: 0, count: count)
        let got = bytes.withUnsafeMutableBytes { pread(fileno(file), $0.baseAddress, count, off_t(offset)) }
        return got == count ? bytes : nil
    }

    /// Every byte appended, a chunk at a time, in order; false when one could not be read back.
    func forEachChunk(of length: Int = 1 << 20, _ body: ([UInt8]) -> Void) -> Bool {
        var offset = 0
        while offset < size {
            guard let chunk = read(at: offset, count: min(length, size - offset)) else { return false }
            body(chunk)
            offset += chunk.count
        }
        return true
    }
}
