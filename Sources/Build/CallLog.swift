import Foundation
import MarketData
import Publishing

/// Each symbol's call on each report day of this build, written as the symbols stream (one JSON
/// line per symbol, one file per edition date and report day) and read back one day at a time
/// when that day's edition is made: the votes and their reasons, a kilobyte or two a symbol and
/// day, never accumulate in memory.
final class CallLog: @unchecked Sendable {
    let folder: URL
    private let lock = NSLock()
    private var handles: [String: FileHandle] = [:]
    private(set) var failure: String?

    init(folder: URL) { self.folder = folder }

    private func name(_ date: Day, _ day: Day) -> String { "\(date)-\(day).jsonl" }

    func append(_ call: EditionSnapshot.Call, date: Day, day: Day) {
        guard var line = try? JSONEncoder().encode(call) else { return }
        line.append(10)
        lock.lock()
        defer { lock.unlock() }
        let key = name(date, day)
        if handles[key] == nil {
            let url = folder.appendingPathComponent(key)
            do {
                try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
                guard FileManager.default.createFile(atPath: url.path, contents: nil) else { throw CocoaError(.fileWriteUnknown) }
                handles[key] = try FileHandle(forWritingTo: url)
            } catch {
                failure = failure ?? "cannot write \(url.path): \(error)"
                return
            }
        }
        do { try handles[key]!.write(contentsOf: line) } catch { failure = failure ?? "cannot write \(key): \(error)" }
    }

    func close() {
        lock.lock()
        for handle in handles.values { try? handle.close() }
        handles = [:]
        lock.unlock()
    }

    /// The calls of `symbols` on `day`, for the edition dated `date`, in the order of `symbols`.
    func calls(date: Day, day: Day, symbols: [Symbol]) -> [EditionSnapshot.Call] {
        guard let data = FileManager.default.contents(atPath: folder.appendingPathComponent(name(date, day)).path) else { return [] }
        var bySymbol: [String: EditionSnapshot.Call] = [:]
        for line in data.split(separator: 10) {
            if let call = try? JSONDecoder().decode(EditionSnapshot.Call.self, from: line) { bySymbol[call.symbol] = call }
        }
        return symbols.compactMap { bySymbol[$0.value] }
    }
}
