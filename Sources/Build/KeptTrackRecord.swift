import Core
import Foundation
import Project
import Publishing

/// What a build keeps of each tier's track record for the next one, in `.signalpress/track-record/`:
///
/// - `<tier>.json`: its reading of the editions (`TrackRecord.Fold`), which the next build goes
///   on from instead of reading every edition again;
/// - `<tier>.rows`: the rows of its page as rendered, by what each shows
///   (`TrackRecordView.Call.key`). The page lists every call ever published; an ended call's
///   row never changes, so with these a night renders only the rows of open and new calls, and
///   costs the same in year five as in week one. The layout hash (`ReportPageMemo.layout`) on
///   the first line, then each row as its key, a group separator and its HTML, rows ended by a
///   record separator (neither is in a key or a page).
enum KeptTrackRecord {
    static let separator: Character = "\u{1D}", end: Character = "\u{1E}"

    /// The fold kept for `tier`, and its rows when they were rendered under `layout`.
    static func load(_ tier: TierID, layout: String, _ state: StateDirectory) -> (fold: TrackRecord.Fold?, rows: [String: String]) {
        let fold = FileManager.default.contents(atPath: state.trackRecord(tier).path).flatMap { try? JSONDecoder().decode(TrackRecord.Fold.self, from: $0) }
        return (fold, rows(tier, layout: layout, state))
    }

    private static func rows(_ tier: TierID, layout: String, _ state: StateDirectory) -> [String: String] {
        guard let data = FileManager.default.contents(atPath: state.trackRecordRows(tier).path) else { return [:] }
        let text = String(decoding: data, as: UTF8.self)
        guard let newline = text.firstIndex(of: "\n"), text[..<newline] == layout else { return [:] }
        var rows: [String: String] = [:]
        for record in text[text.index(after: newline)...].split(separator: end) {
            guard let middle = record.firstIndex(of: separator) else { continue }
            rows[String(record[..<middle])] = String(record[record.index(after: middle)...])
        }
        return rows
    }

    /// Keeps `fold` (when the build read one) and `rows` (this build's, and only those: a row
    /// no longer shown is dropped).
    static func save(_ fold: TrackRecord.Fold?, rows: [String: String], _ tier: TierID, layout: String, _ state: StateDirectory) {
        var text = layout + "\n"
        for key in rows.keys.sorted() { text += key + String(separator) + rows[key]! + String(end) }
        try? FileManager.default.createDirectory(at: state.trackRecord(tier).deletingLastPathComponent(), withIntermediateDirectories: true)
        try? EditionStore.replace(state.trackRecordRows(tier), with: Data(text.utf8))
        guard let fold, let data = try? JSONEncoder().encode(fold) else { return }
        try? EditionStore.replace(state.trackRecord(tier), with: data)
    }
}
