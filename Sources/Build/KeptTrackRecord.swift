import Core
import Foundation
import Project
import Publishing

/// What a build keeps of each tier's track record for the next one, in `.signalpress/track-record/`:
///
/// - `<tier>.fold`: its reading of the editions (`TrackRecord.Fold`, as `kept()` writes it),
///   which the next build goes on from instead of reading every edition again;
/// - `<tier>.rows`: the rows of its page as rendered, by what each shows
///   (`TrackRecordView.Call.key`). The page lists every call ever published; an ended call's
///   row never changes, so with these a night renders only the rows of open and new calls, and
///   costs the same in year five as in week one. The layout hash (`ReportPageMemo.layout`) on
///   the first line, then each row as its key, a group separator and its HTML, rows ended by a
///   record separator (neither is in a key or a page).
enum KeptTrackRecord {
    static let separator: UInt8 = 0x1D, end: UInt8 = 0x1E

    /// The fold kept for `tier`, and its rows when they were rendered under `layout`.
    static func load(_ tier: TierID, layout: String, _ state: StateDirectory) -> (fold: TrackRecord.Fold?, rows: [String: String]) {
        let fold = FileManager.default.contents(atPath: state.trackRecord(tier).path).flatMap { TrackRecord.Fold(kept: [UInt8]($0)) }
        return (fold, rows(tier, layout: layout, state))
    }

    private static func rows(_ tier: TierID, layout: String, _ state: StateDirectory) -> [String: String] {
        guard let data = FileManager.default.contents(atPath: state.trackRecordRows(tier).path) else { return [:] }
        // Split as bytes: both separators are single bytes in UTF-8, and splitting a String by
        // Character was most of reading a year's rows.
        return data.withUnsafeBytes { (bytes: UnsafeRawBufferPointer) -> [String: String] in
            guard let newline = bytes.firstIndex(of: UInt8(ascii: "\n")),
                  bytes[..<newline].elementsEqual(layout.utf8) else { return [:] }
            var rows: [String: String] = [:]
            for entry in bytes[(newline + 1)...].split(separator: end) {
                guard let middle = entry.firstIndex(of: separator) else { continue }
                rows[String(decoding: entry[..<middle], as: UTF8.self)] = String(decoding: entry[(middle + 1)...], as: UTF8.self)
            }
            return rows
        }
    }

    /// Keeps `fold` (when the build read one) and `rows` (this build's, and only those: a row
    /// no longer shown is dropped).
    static func save(_ fold: TrackRecord.Fold?, rows: [String: String], _ tier: TierID, layout: String, _ state: StateDirectory) {
        var text = Array(layout.utf8) + [UInt8(ascii: "\n")]
        for key in rows.keys.sorted() {
            text += key.utf8
            text.append(separator)
            text += rows[key]!.utf8
            text.append(end)
        }
        try? FileManager.default.createDirectory(at: state.trackRecord(tier).deletingLastPathComponent(), withIntermediateDirectories: true)
        try? EditionStore.replace(state.trackRecordRows(tier), with: Data(text))
        guard let fold else { return }
        try? EditionStore.replace(state.trackRecord(tier), with: Data(fold.kept()))
        // Before the fold was kept as `.fold`, it was `<tier>.json`.
        unlink(state.trackRecord(tier).deletingPathExtension().appendingPathExtension("json").path)
    }
}
