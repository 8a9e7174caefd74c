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

    /// One line: symbol, action, score, confidence and close, tab-separated (what the track record
    /// reads), then the call as JSON (what the edition keeps), so neither needs the other decoded.
    func append(_ call: EditionSnapshot.Call, date: Day, day: Day) {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        guard let json = try? encoder.encode(call) else { return }
        var line = Data("\(call.symbol)\t\(call.action)\t\(call.score)\t\(call.confidence)\t\(call.close)\t".utf8)
        line.append(json)
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

    /// The calls of `symbols` on `day`, for the edition dated `date`, in the order of `symbols`:
    /// each as its JSON, and as a mark (the call without its votes) for the track record.
    func calls(date: Day, day: Day, symbols: [Symbol]) -> (json: [Data], marks: [EditionSnapshot.Call]) {
        guard let data = FileManager.default.contents(atPath: folder.appendingPathComponent(name(date, day)).path) else { return ([], []) }
        var bySymbol: [String: (Data, EditionSnapshot.Call)] = [:]
        for line in data.split(separator: 10) {
            let fields = line.split(separator: 9, maxSplits: 5, omittingEmptySubsequences: false)
            guard fields.count == 6, let score = Double(String(decoding: fields[2], as: UTF8.self)),
                  let confidence = Double(String(decoding: fields[3], as: UTF8.self)), let close = Double(String(decoding: fields[4], as: UTF8.self))
            else { continue }
            let symbol = String(decoding: fields[0], as: UTF8.self)
            bySymbol[symbol] = (Data(fields[5]), EditionSnapshot.Call(symbol: symbol, action: String(decoding: fields[1], as: UTF8.self), score: score,
                                                                     confidence: confidence, close: close, votes: []))
        }
        let found = symbols.compactMap { bySymbol[$0.value] }
        return (found.map(\.0), found.map(\.1))
    }
}
