import Core
import Foundation

/// `SAMPLE-DATA.txt` beside the data files `init` and `sample-data` write: each generated file
/// with its SHA-256, so a build can tell demo data (fictional tickers, synthetic prices) from
/// real data, and the editions made from it are marked as demo.
public enum SampleDataList {
    public static let fileName = "SAMPLE-DATA.txt"

    /// Records `files` (name and bytes) in `directory`'s list, beside those recorded before.
    public static func record(_ files: [(name: String, bytes: Data)], in directory: URL) throws {
        var entries = read(directory)
        for file in files { entries[file.name] = Hex.sha256([UInt8](file.bytes)) }
        var text = "# Written by signalpress (init, sample-data): synthetic prices for fictional tickers.\n"
            + "# Editions made while any of these files is unchanged are marked as demo, and leave the site once none is.\n"
        for name in entries.keys.sorted() { text += "\(entries[name]!)  \(name)\n" }
        try Data(text.utf8).write(to: directory.appendingPathComponent(fileName), options: .atomic)
    }

    /// The listed files still in `directory` with the bytes they were generated with.
    static func unchanged(in directory: URL) -> [String] {
        read(directory).filter { isUnchanged($0.key, sha256: $0.value, in: directory) }.keys.sorted()
    }

    /// Whether any listed file is still as generated: all a build asks, so it hashes only up to
    /// the first (hashing every file of a demo universe was 3% of its first build).
    public static func anyUnchanged(in directory: URL) -> Bool {
        read(directory).sorted { $0.key < $1.key }.contains { isUnchanged($0.key, sha256: $0.value, in: directory) }
    }

    static func isUnchanged(_ name: String, sha256: String, in directory: URL) -> Bool {
        FileManager.default.contents(atPath: directory.appendingPathComponent(name).path).map { Hex.sha256([UInt8]($0)) == sha256 } ?? false
    }

    static func read(_ directory: URL) -> [String: String] {
        guard let text = FileManager.default.contents(atPath: directory.appendingPathComponent(fileName).path) else { return [:] }
        var entries: [String: String] = [:]
        for line in String(decoding: text, as: UTF8.self).split(separator: "\n") where !line.hasPrefix("#") {
            let parts = line.split(separator: " ", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            if parts.count == 2, parts[0].count == 64, !parts[1].contains("/") { entries[parts[1]] = parts[0] }
        }
        return entries
    }
}
