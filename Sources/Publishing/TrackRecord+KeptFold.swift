import Core
import Foundation
import Project

/// The fold as a build keeps it for the next: a first line of JSON with what stays small (the
/// rule, the days read, the open calls and each symbol's latest mark), then one line per ended
/// call, its fields separated by tabs. Ended calls are most of a year's record and never change;
/// as JSON, decoding and encoding them was a growing part of every night.
extension TrackRecord.Fold {
    private struct Head: Codable {
        var closeOn: TrackRecordConfig.CloseOn
        var days: [String]
        var book: OpenBook
    }

    public func kept() -> [UInt8] {
        var out = (try? JSONEncoder().encode(Head(closeOn: closeOn, days: days, book: book))).map { [UInt8]($0) } ?? []
        out.append(UInt8(ascii: "\n"))
        for call in closed {
            let fields = [call.symbol, call.date, call.action, "\(call.close)", "\(call.adjustedClose)", call.endDate, "\(call.endClose)", call.endedBy,
                          String(call.daysHeld), "\(call.return)", call.right ? "1" : "0", "\(call.buyAndHoldReturn)", call.editionSHA256 ?? "",
                          call.publishedLive ? "1" : "0"]
            out += fields.joined(separator: "\t").utf8
            out.append(UInt8(ascii: "\n"))
        }
        return out
    }

    /// Nil for anything `kept()` did not write: the next build then reads every edition again.
    public init?(kept bytes: some Collection<UInt8>) {
        let lines = bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
        guard let first = lines.first, let head = try? JSONDecoder().decode(Head.self, from: Data(first)) else { return nil }
        self.init(closeOn: head.closeOn)
        days = head.days
        book = head.book
        for line in lines.dropFirst() where !line.isEmpty {
            let fields = line.split(separator: UInt8(ascii: "\t"), omittingEmptySubsequences: false).map { String(decoding: $0, as: UTF8.self) }
            guard fields.count == 14, let close = Double(fields[3]), let adjusted = Double(fields[4]), let endClose = Double(fields[6]),
                  let daysHeld = Int(fields[8]), let change = Double(fields[9]), let buyAndHold = Double(fields[11]) else { return nil }
            closed.append(TrackRecord.Call(symbol: fields[0], date: fields[1], action: fields[2], close: close, adjustedClose: adjusted, endDate: fields[5],
                                           endClose: endClose, endedBy: fields[7], daysHeld: daysHeld, return: change, right: fields[10] == "1",
                                           buyAndHoldReturn: buyAndHold, editionSHA256: fields[12].isEmpty ? nil : fields[12],
                                           publishedLive: fields[13] == "1"))
        }
    }
}
