import Core
import Foundation
import Project
import Publishing
#if canImport(Glibc)
import Glibc
#endif

/// What a build keeps of each tier's track record for the next one, in `.signalpress/track-record/`:
///
/// - `<tier>.ended`: every call the track record has ended, in the order they ended, each as its
///   line of the fold (`TrackRecord.Fold.line`), a group separator, its row of the page, a group
///   separator and its member of `track-record.json`, ended by a record separator (none of the
///   three holds either). An ended call never changes, so a build appends the calls it ended and
///   leaves the others as they are; the next reads them and writes their rows and JSON again
///   as they are, so a night costs the same in year five as in week one.
/// - `<tier>.fold`: how many of those calls and bytes it covers, the rest of the fold
///   (`TrackRecord.Fold.head`), and the layout (`ReportPageMemo.layout`) the rows were rendered
///   under, one per line. It is replaced after the calls are appended, so bytes appended by a
///   build that died before replacing it are past what it covers, and the next build cuts them off.
enum KeptTrackRecord {
    static let separator: UInt8 = 0x1D, end: UInt8 = 0x1E

    /// A tier's track record as the last build kept it, to go on from.
    struct Kept: Sendable {
        var fold: TrackRecord.Fold
        /// What was written of each of `fold.ended`, when under this build's layout; else empty.
        var ended: [TrackRecord.EndedCallOutput]
        /// The bytes of `<tier>.ended` that `fold` covers.
        var bytes: Int

        var mark: Mark { Mark(ended: fold.ended.count, bytes: bytes) }
    }

    /// How many ended calls, and bytes of `<tier>.ended`, a build read: where the next appends.
    struct Mark: Sendable {
        var ended: Int
        var bytes: Int
    }

    /// Nil when nothing was kept, or anything kept does not read back whole: the build then reads
    /// every edition again.
    static func load(_ tier: TierID, layout: String, _ state: StateDirectory) -> Kept? {
        guard let head = FileManager.default.contents(atPath: state.trackRecord(tier).path).map([UInt8].init) else { return nil }
        let lines = head.split(separator: UInt8(ascii: "\n"), maxSplits: 2, omittingEmptySubsequences: false)
        let counts = lines[0].split(separator: UInt8(ascii: " ")).compactMap { Int(String(decoding: $0, as: UTF8.self)) }
        guard lines.count == 3, counts.count == 2, let file = FileManager.default.contents(atPath: state.trackRecordEnded(tier).path),
              file.count >= counts[1], let records = records([UInt8](file.prefix(counts[1]))), records.count == counts[0],
              let fold = TrackRecord.Fold(head: lines[1], ended: records.map(\.line)) else { return nil }
        let sameLayout = lines[2].elementsEqual(layout.utf8)
        return Kept(fold: fold, ended: sameLayout ? records.map { .init(row: $0.row, object: $0.object) } : [], bytes: counts[1])
    }

    typealias Record = (line: ArraySlice<UInt8>, row: ArraySlice<UInt8>, object: ArraySlice<UInt8>)

    /// Each record of `bytes` cut into its three parts; nil unless every record has them and the last is ended.
    static func records(_ bytes: [UInt8]) -> [Record]? {
        // memchr, not a loop over the bytes: a year's file is megabytes, read every night.
        let found = bytes.withUnsafeBytes { buffer -> [Int]? in
            guard let base = buffer.baseAddress else { return [] }
            var cuts: [Int] = []
            var start = 0
            while start < buffer.count {
                let rest = buffer.count - start
                guard let first = memchr(base + start, Int32(separator), rest).map({ UnsafeRawPointer($0) - base }),
                      let second = memchr(base + first + 1, Int32(separator), buffer.count - first - 1).map({ UnsafeRawPointer($0) - base }),
                      let last = memchr(base + second + 1, Int32(end), buffer.count - second - 1).map({ UnsafeRawPointer($0) - base }),
                      memchr(base + start, Int32(end), second - start) == nil else { return nil }
                cuts += [start, first, second, last]
                start = last + 1
            }
            return cuts
        }
        guard let found else { return nil }
        var records: [Record] = []
        records.reserveCapacity(found.count / 4)
        for index in stride(from: 0, to: found.count, by: 4) {
            let (start, first, second, last) = (found[index], found[index + 1], found[index + 2], found[index + 3])
            records.append((bytes[start..<first], bytes[(first + 1)..<second], bytes[(second + 1)..<last]))
        }
        return records
    }

    /// Keeps `fold` (when the build read one) with `ended`, what was written anew of the calls it
    /// ended from the `first` on: appended after what was kept (`kept`) when the fold went on
    /// from it and reused the rest, written whole when `first` is 0.
    static func save(_ fold: TrackRecord.Fold?, ended: (first: Int, outputs: [TrackRecord.EndedCallOutput]), after kept: Mark?, _ tier: TierID,
                     layout: String, _ state: StateDirectory) {
        let (headFile, endedFile) = (state.trackRecord(tier), state.trackRecordEnded(tier))
        // Before, the fold was `<tier>.json` and then whole in `.fold`, and the page's rows were `<tier>.rows`.
        for old in ["json", "rows"] { unlink(headFile.deletingPathExtension().appendingPathExtension(old).path) }
        guard let fold else { return }
        let (calls, first) = (fold.ended, ended.first)
        let offset = first == 0 ? 0 : kept.flatMap { fold.endedWhenKept == first && $0.ended == first ? $0.bytes : nil }
        guard let offset, first + ended.outputs.count >= calls.count else {
            unlink(headFile.path)
            return
        }
        try? FileManager.default.createDirectory(at: headFile.deletingLastPathComponent(), withIntermediateDirectories: true)
        guard let end = write(calls[first...], ended.outputs, to: endedFile.path, at: offset) else {
            unlink(headFile.path)
            return
        }
        let head = Array("\(calls.count) \(end)\n".utf8) + fold.head() + [UInt8(ascii: "\n")] + Array(layout.utf8)
        if (try? EditionStore.replace(headFile, with: Data(head))) == nil { unlink(headFile.path) }
    }

    /// Writes the records of `calls` at `offset` of the file at `path` in place of what followed,
    /// a megabyte at a time (a first build of a whole market ends thousands of calls, and the
    /// whole file at once was the build's peak of memory), and syncs it. Returns where they end.
    private static func write(_ calls: ArraySlice<TrackRecord.Call>, _ outputs: [TrackRecord.EndedCallOutput], to path: String, at offset: Int) -> Int? {
        let descriptor = open(path, O_WRONLY | O_CREAT, 0o644)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        guard ftruncate(descriptor, off_t(offset)) == 0 else { return nil }
        var (position, buffer) = (offset, [UInt8]())
        func flush() -> Bool {
            let written = buffer.withUnsafeBytes { pwrite(descriptor, $0.baseAddress, $0.count, off_t(position)) }
            guard written == buffer.count else { return false }
            position += buffer.count
            buffer.removeAll(keepingCapacity: true)
            return true
        }
        for (call, output) in zip(calls, outputs) {
            buffer += TrackRecord.Fold.line(call)
            buffer.append(separator)
            buffer += output.row
            buffer.append(separator)
            buffer += output.object
            buffer.append(end)
            if buffer.count >= 1 << 20, !flush() { return nil }
        }
        return flush() && fsync(descriptor) == 0 ? position : nil
    }
}
