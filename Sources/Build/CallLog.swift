import Core
import Foundation
import Synchronization
import MarketData
import Project
import Publishing
import Signals

/// Each symbol's call on each report day of this build, written as the symbols stream (one line
/// per symbol, one file per edition date and report day) and read back one day at a time when
/// that day's edition is made: the votes and their reasons, a kilobyte or two a symbol and day,
/// never accumulate in memory. What the track record reads of a call (its mark: action, score,
/// confidence, close) is a few dozen bytes and stays in memory, like the summaries.
final class CallLog: Sendable {
    let folder: URL
    private struct State {
        var handles: [String: FileHandle] = [:]
        /// Lines waiting to be written, per file: written 64 KiB at a time, not one system call a line.
        var buffers: [String: [UInt8]] = [:]
        var marks: [String: [String: EditionSnapshot.Call]] = [:]
        var failure: (path: String, reason: String)?

        mutating func flush(_ key: String) {
            guard let pending = buffers[key], !pending.isEmpty, let handle = handles[key] else { return }
            do { try handle.write(contentsOf: pending) } catch { failure = failure ?? (key, "\(error)") }
            buffers[key] = []
        }
    }
    private let state = Mutex(State())

    init(folder: URL) { self.folder = folder }

    /// The first file that could not be written, and why.
    var failure: (path: String, reason: String)? { state.withLock { $0.failure } }

    private func name(_ date: Day, _ day: Day) -> String { "\(date)-\(day).jsonl" }

    /// One line: the symbol, a tab, then the call as JSON with sorted keys, written by hand
    /// (JSONEncoder was a twentieth of a whole build here).
    func append(_ call: EditionSnapshot.Call, date: Day, day: Day) {
        var line = Array(call.symbol.utf8)
        line.append(9)
        Self.json(call, into: &line)
        line.append(10)
        var mark = call
        mark.votes = []
        let key = name(date, day)
        let folder = self.folder
        state.withLock { state in
            state.marks[key, default: [:]][call.symbol] = mark
            if state.handles[key] == nil {
                let url = folder.appendingPathComponent(key)
                do {
                    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
                    guard FileManager.default.createFile(atPath: url.path, contents: nil) else { throw CocoaError(.fileWriteUnknown) }
                    state.handles[key] = try FileHandle(forWritingTo: url)
                } catch {
                    state.failure = state.failure ?? (url.path, "\(error)")
                    return
                }
            }
            state.buffers[key, default: []] += line
            if state.buffers[key]!.count >= 1 << 16 { state.flush(key) }
        }
    }

    func close() {
        state.withLock { state in
            for key in state.handles.keys { state.flush(key) }
            for handle in state.handles.values { try? handle.close() }
            state.handles = [:]
        }
    }

    /// The calls of `symbols` on `day`, for the edition dated `date`, in the order of `symbols`:
    /// each as its JSON, and as a mark (the call without its votes) for the track record.
    func calls(date: Day, day: Day, symbols: [Symbol]) -> (json: [Data], marks: [EditionSnapshot.Call]) {
        let key = name(date, day)
        let dayMarks = state.withLock { $0.marks[key] ?? [:] }
        guard let data = FileManager.default.contents(atPath: folder.appendingPathComponent(key).path) else { return ([], []) }
        // One pass over the bytes (Data's generic split was most of this function's time).
        var bySymbol: [String: Data] = [:]
        data.withUnsafeBytes { (raw: UnsafeRawBufferPointer) in
            let bytes = raw.bindMemory(to: UInt8.self)
            var start = 0
            while start < bytes.count {
                var end = start
                while end < bytes.count && bytes[end] != 10 { end += 1 }
                var tab = start
                while tab < end && bytes[tab] != 9 { tab += 1 }
                if tab < end {
                    let symbol = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<tab]), as: UTF8.self)
                    bySymbol[symbol] = Data(UnsafeBufferPointer(rebasing: bytes[(tab + 1)..<end]))
                }
                start = end + 1
            }
        }
        let found = symbols.compactMap { symbol in bySymbol[symbol.value].flatMap { json in dayMarks[symbol.value].map { (json, $0) } } }
        return (found.map(\.0), found.map(\.1))
    }

    /// `{"action":..,"close":..,"confidence":..,"previousClose":..,"score":..,"symbol":..,"votes":[{"reason":..,"rule":..,"value":..,"weight":..}]}`,
    /// keys sorted as JSONEncoder's `.sortedKeys` writes them, numbers in Swift's shortest form that reads back the same.
    static func json(_ call: EditionSnapshot.Call, into out: inout [UInt8]) {
        func key(_ name: String) { JSONWriter.appendKey(name, to: &out) }
        func number(_ value: Double) { JSONWriter.appendNumber(value, to: &out) }
        out.append(123)
        key("action"); string(call.action, into: &out); out.append(44)
        key("close"); number(call.close); out.append(44)
        key("confidence"); number(call.confidence); out.append(44)
        if let previous = call.previousClose { key("previousClose"); number(previous); out.append(44) }
        key("score"); number(call.score); out.append(44)
        key("symbol"); string(call.symbol, into: &out); out.append(44)
        key("votes"); out.append(91)
        for (index, vote) in call.votes.enumerated() {
            if index > 0 { out.append(44) }
            out.append(123)
            key("reason"); string(vote.reason, into: &out); out.append(44)
            key("rule"); string(vote.rule, into: &out); out.append(44)
            key("value"); number(vote.value); out.append(44)
            key("weight"); number(vote.weight)
            out.append(125)
        }
        out += [93, 125]
    }

    static func string(_ text: String, into out: inout [UInt8]) {
        JSONWriter.appendString(text, to: &out, markupSafe: false)
    }
}
