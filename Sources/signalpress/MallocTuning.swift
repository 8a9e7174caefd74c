import Core
import Foundation

/// glibc hands memory at the top of the heap back to the kernel whenever 128 KiB of it are
/// free, and faults it in again (zeroed) for the next series: a third of the indicators' time
/// in a profile. Keeping up to 64 MiB free, growing the heap 16 MiB at a time, and serving
/// blocks up to 32 MiB from the heap stops that churn without raising the peak much, since
/// freed memory is what the next allocation reuses.
enum MallocTuning {
    // <malloc.h>, which Swift's Glibc module does not export.
    static let trimThreshold: Int32 = -1
    static let topPad: Int32 = -2
    static let mmapThreshold: Int32 = -3

    static func keepFreedMemory() {
        #if os(Linux)
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "mallopt") else { return }
        let mallopt = unsafeBitCast(symbol, to: (@convention(c) (Int32, Int32) -> Int32).self)
        _ = mallopt(trimThreshold, 64 << 20)
        _ = mallopt(topPad, 16 << 20)
        // Setting the two above also freezes glibc's mmap threshold at 128 KiB, so every export
        // buffer and deflate output (about 1 MiB each) would be a fresh mapping, faulted in and
        // zeroed page by page; from the heap they reuse memory already there.
        _ = mallopt(mmapThreshold, 32 << 20)
        #endif
    }
}
