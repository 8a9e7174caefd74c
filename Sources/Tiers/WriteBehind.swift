import Foundation

/// Flushes a large file to disk as it is written and drops what is on disk from the page cache,
/// as PostgreSQL's `*_flush_after` settings do. A 2,000-symbol enterprise bundle is a gigabyte:
/// left to the kernel, it becomes a gigabyte of dirty cache that the build pays for in fresh
/// pages (on a virtual machine, every page touched for the first time is a fault in the host:
/// 1.1 s of kernel time a gigabyte here, against 0.4 s written behind), and that a small VPS
/// pays for in throttled writes. Each 8 MiB chunk is started on its way to disk when complete
/// and dropped once the chunk after it is complete, so the pages are reused while still warm.
/// Where the calls are missing or the file system ignores them (tmpfs), it does nothing.
struct WriteBehind {
    static let chunk = 8 << 20
    private let descriptor: Int32
    private var started = 0

    init(descriptor: Int32) { self.descriptor = descriptor }

    /// `written` bytes of the file have reached the kernel (the caller flushed its buffer).
    mutating func advance(to written: Int) {
        guard let syncRange = Self.syncFileRange else { return }
        while written - started >= Self.chunk {
            _ = syncRange(descriptor, Int64(started), Int64(Self.chunk), Self.write)
            if started >= Self.chunk {
                let previous = started - Self.chunk
                _ = syncRange(descriptor, Int64(previous), Int64(Self.chunk), Self.waitBefore | Self.write | Self.waitAfter)
                _ = posix_fadvise(descriptor, off_t(previous), off_t(Self.chunk), Int32(POSIX_FADV_DONTNEED))
            }
            started += Self.chunk
        }
    }

    /// Whether `written` bytes are enough for another chunk (so the caller flushes only then).
    func due(_ written: Int) -> Bool { Self.syncFileRange != nil && written - started >= Self.chunk }

    // <fcntl.h> declares sync_file_range only under _GNU_SOURCE, which Swift's Glibc module does not set.
    private static let waitBefore: UInt32 = 1, write: UInt32 = 2, waitAfter: UInt32 = 4
    private typealias SyncFileRange = @convention(c) (Int32, Int64, Int64, UInt32) -> Int32
    private static let syncFileRange: SyncFileRange? = {
        #if os(Linux)
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "sync_file_range") else { return nil }
        return unsafeBitCast(symbol, to: SyncFileRange.self)
        #else
        return nil
        #endif
    }()
}
