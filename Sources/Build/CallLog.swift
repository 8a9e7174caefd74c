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
/// confidence, closes) leads each line, its numbers as their exact bits, so the mark is read
/// back without parsing the JSON (held in memory, the marks were 16 MB at 10,000 symbols).
final class CallLog: Sendable {
    let folder: URL
    private struct State {
        var handles: [String: FileHandle] = [:]
        /// Lines waiting to be written, per file: written 64 KiB at a time, not one system call a line.
        var buffers: [String: [UInt8]] = [:]
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

    /// One line: the symbol, its action, its score, confidence, close and previous close as 16
    /// hexadecimal digits each (the last empty when there is none), then the call as JSON with
    /// sorted keys, written by hand (JSONEncoder was a twentieth of a whole build here); tabs between.
    func append(_ call: EditionSnapshot.Call, date: Day, day: Day) {
        var line = Array(call.symbol.utf8)
        line.append(9)
        line += call.action.utf8
        for number in [call.score, call.confidence, call.close, call.previousClose] {
            line.append(9)
            if let number { Self.appendBits(number, to: &line) }
        }
        line.append(9)
        Self.json(call, into: &line)
        line.append(10)
        let key = name(date, day)
        let folder = self.folder
        state.withLock { state in
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
    func calls(date: Day, day: Day, symbols: [Symbol]) -> LoggedCalls {
        let key = name(date, day)
        guard let data = FileManager.default.contents(atPath: folder.appendingPathComponent(key).path) else { return LoggedCalls(bytes: Data(), ranges: [], marks: []) }
        // One pass over the bytes (Data's generic split was most of this function's time).
        var bySymbol: [String: (json: Range<Int>, mark: EditionSnapshot.Call)] = [:]
        data.withUnsafeBytes { (raw: UnsafeRawBufferPointer) in
            let bytes = raw.bindMemory(to: UInt8.self)
            var start = 0
            while start < bytes.count {
                var end = start
                while end < bytes.count && bytes[end] != 10 { end += 1 }
                // The symbol, the action, four numbers, then the JSON (which has no raw tab).
                var fields: [Range<Int>] = []
                var field = start
                for index in start..<end where bytes[index] == 9 && fields.count < 6 {
                    fields.append(field..<index)
                    field = index + 1
                }
                if fields.count == 6 {
                    let text = { (range: Range<Int>) in String(decoding: UnsafeBufferPointer(rebasing: bytes[range]), as: UTF8.self) }
                    let number = { (range: Range<Int>) in Self.bits(UnsafeBufferPointer(rebasing: bytes[range])) }
                    let symbol = text(fields[0])
                    let mark = EditionSnapshot.Call(symbol: symbol, action: text(fields[1]), score: number(fields[2]) ?? .nan,
                                                    confidence: number(fields[3]) ?? .nan, close: number(fields[4]) ?? .nan, votes: [],
                                                    previousClose: number(fields[5]))
                    bySymbol[symbol] = (field..<end, mark)
                }
                start = end + 1
            }
        }
        let found = symbols.compactMap { bySymbol[$0.value] }
        return LoggedCalls(bytes: data, ranges: found.map(\.json), marks: found.map(\.mark))
    }

    /// A number's IEEE 754 bits as 16 hexadecimal digits: read back exactly, whatever its digits.
    static func appendBits(_ value: Double, to out: inout [UInt8]) {
        let bits = value.bitPattern
        for shift in stride(from: 60, through: 0, by: -4) {
            let digit = UInt8((bits >> UInt64(shift)) & 0xF)
            out.append(digit < 10 ? 48 + digit : 87 + digit)
        }
    }

    static func bits(_ digits: UnsafeBufferPointer<UInt8>) -> Double? {
        guard digits.count == 16 else { return nil }
        var bits: UInt64 = 0
        for digit in digits {
            let value: UInt8 = digit >= 97 ? digit - 87 : digit - 48
            bits = bits << 4 | UInt64(value & 0xF)
        }
        return Double(bitPattern: bits)
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

/// One day's calls of an edition as the call log holds them: the file's bytes, where each
/// symbol's JSON lies in them (in the edition's order), and each call's mark. An edition's file
/// takes the calls straight from these bytes: at 10,000 symbols a copy of each call, then of
/// the whole file, was a hundred megabytes at once.
struct LoggedCalls {
    let bytes: Data
    let ranges: [Range<Int>]
    let marks: [EditionSnapshot.Call]

    /// Each call's JSON apart.
    var json: [Data] { ranges.map { Data(bytes[$0]) } }

    /// The calls' JSON joined by commas, a chunk of about `size` bytes at a time.
    func forEachChunk(of size: Int = 1 << 20, _ body: ([UInt8]) throws -> Void) rethrows {
        var chunk: [UInt8] = []
        chunk.reserveCapacity(size)
        try bytes.withUnsafeBytes { (raw: UnsafeRawBufferPointer) in
            for (index, range) in ranges.enumerated() {
                if index > 0 { chunk.append(UInt8(ascii: ",")) }
                chunk += UnsafeRawBufferPointer(rebasing: raw[range])
                if chunk.count >= size {
                    try body(chunk)
                    chunk.removeAll(keepingCapacity: true)
                }
            }
        }
        if !chunk.isEmpty { try body(chunk) }
    }
}
