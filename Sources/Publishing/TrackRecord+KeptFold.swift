import Core
import Foundation
import Project

/// The fold as a build keeps it for the next: `head()`, a line of JSON with what stays small (the
/// rule, the days read, the open calls and each symbol's latest mark), and each ended call as
/// `line(_:)`, its fields separated by tabs. Ended calls are most of a year's record and never
/// change, so a build appends the ones it ended and rewrites only the head (see
/// `KeptTrackRecord`); as JSON, decoding and encoding them was a growing part of every night.
extension TrackRecord.Fold {
    private struct Head: Codable {
        var closeOn: TrackRecordConfig.CloseOn
        var days: [String]
        var book: OpenBook
    }

    /// Sorted keys: the same fold, however its dictionaries were filled, is the same bytes.
    public func head() -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        return (try? encoder.encode(Head(closeOn: closeOn, days: days, book: book))).map { [UInt8]($0) } ?? []
    }

    /// An ended call's line: no tab, newline or other control character of its own.
    public static func line(_ call: TrackRecord.Call) -> [UInt8] {
        let fields = [call.symbol, call.date, call.action, "\(call.close)", "\(call.adjustedClose)", call.endDate, "\(call.endClose)", call.endedBy,
                      String(call.daysHeld), "\(call.return)", call.right ? "1" : "0", "\(call.buyAndHoldReturn)", call.editionSHA256 ?? "",
                      call.publishedLive ? "1" : "0"]
        return Array(fields.joined(separator: "\t").utf8)
    }

    /// Nil for anything `head()` and `line(_:)` did not write: the next build then reads every
    /// edition again.
    public init?(head: some Collection<UInt8>, ended lines: [ArraySlice<UInt8>]) {
        guard let head = try? JSONDecoder().decode(Head.self, from: Data(head)) else { return nil }
        self.init(closeOn: head.closeOn)
        days = head.days
        book = head.book
        closed.reserveCapacity(lines.count)
        for line in lines {
            guard let call = Self.call(line) else { return nil }
            closed.append(call)
        }
        endedWhenKept = closed.count
    }

    private static func call(_ line: ArraySlice<UInt8>) -> TrackRecord.Call? {
        let fields = line.split(separator: UInt8(ascii: "\t"), omittingEmptySubsequences: false)
        guard fields.count == 14 else { return nil }
        let text = { (index: Int) in String(decoding: fields[index], as: UTF8.self) }
        guard let close = Double(text(3)), let adjusted = Double(text(4)), let endClose = Double(text(6)),
              let daysHeld = Int(text(8)), let change = Double(text(9)), let buyAndHold = Double(text(11)) else { return nil }
        return TrackRecord.Call(symbol: text(0), date: text(1), action: text(2), close: close, adjustedClose: adjusted, endDate: text(5),
                                endClose: endClose, endedBy: text(7), daysHeld: daysHeld, return: change, right: text(10) == "1",
                                buyAndHoldReturn: buyAndHold, editionSHA256: fields[12].isEmpty ? nil : text(12), publishedLive: text(13) == "1")
    }
}
