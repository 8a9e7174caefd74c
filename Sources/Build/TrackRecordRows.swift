import Core
import Foundation
import Project

/// `.signalpress/track-record/<tier>.rows`: the rows of a tier's track record page as the last
/// build rendered them, by what each shows (`TrackRecordView.Call.key`). The page lists every
/// call ever published; an ended call's row never changes, so with these a night renders only
/// the rows of open and new calls, and costs the same in year five as in week one.
///
/// The file: the layout hash (`ReportPageMemo.layout`) on the first line, then each row as its
/// key, a group separator and its HTML, rows ended by a record separator (neither is in a
/// key or a page).
enum TrackRecordRows {
    static let separator: Character = "\u{1D}", end: Character = "\u{1E}"

    /// The rows kept for `tier` under `layout`; none when the layout changed or nothing was kept.
    static func load(_ tier: TierID, layout: String, _ state: StateDirectory) -> [String: String] {
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

    /// Keeps `rows` (this build's, and only those: a row no longer shown is dropped).
    static func save(_ rows: [String: String], _ tier: TierID, layout: String, _ state: StateDirectory) {
        var text = layout + "\n"
        for key in rows.keys.sorted() { text += key + String(separator) + rows[key]! + String(end) }
        let url = state.trackRecordRows(tier)
        try? FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try? EditionStore.replace(url, with: Data(text.utf8))
    }
}
