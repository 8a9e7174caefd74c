import Core
import Foundation
@testable import Publishing
import Testing

@Suite("Edition files written by hand")
struct EditionJSONTests {
    static let alphabet = Array("aZ 09.-%éü€😀\"\\/\n\r\t<>&\u{2028}\u{7F}")

    /// Random text of the alphabet.
    final class Texts {
        var generator = SystemRandomNumberGenerator()
        func next(_ length: Int) -> String { String((0..<length).map { _ in EditionJSONTests.alphabet.randomElement(using: &generator)! }) }
        func flip() -> Bool { Bool.random(using: &generator) }
    }

    func report(_ texts: Texts, rows: Int) -> ReportView {
        let next = texts.next
        let row = { (index: Int) in
            ReportView.Row(symbol: "S\(index)", close: next(3), change1D: next(2), change1DClass: "up", action: ["BUY", "HOLD", "SELL"][index % 3],
                           actionClass: "a", score: next(4), topReason: next(12), change: index % 4 == 0 ? "was HOLD" : "",
                           stale: index % 5 == 0 ? next(6) : nil)
        }
        let symbolTexts = { (count: Int) in (0..<count).map { ReportView.SymbolText(symbol: "S\($0)", text: next(8), directionClass: $0 % 2 == 0 ? "up" : nil) } }
        let hasNote = texts.flip()
        // Every tenth report has a control character JSONEncoder writes as \u0001 in its summary.
        return ReportView(date: "2026-11-27", summary: next(20) + (rows % 10 == 9 ? "\u{1}" : ""),
                          watchlists: [.init(title: next(6), rows: (0..<rows).map(row)), .init(title: "Empty", rows: [])],
                          hasEvents: rows % 2 == 0, events: symbolTexts(rows % 3), hasCommentary: rows % 3 == 0, commentary: symbolTexts(rows % 4),
                          note: hasNote ? .init(title: next(5), contentHTML: "<p>" + next(30) + "</p>\n", source: next(10)) : nil,
                          previous: rows % 2 == 0 ? .init(date: "2026-11-26") : nil, next: rows % 3 == 1 ? .init(date: "2026-11-30") : nil)
    }

    /// What the edition store wrote before: `JSONEncoder` with sorted keys, the calls spliced in.
    func encoded(_ snapshot: EditionSnapshot, calls: [Data]) throws -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let json = String(decoding: try encoder.encode(snapshot), as: UTF8.self)
        let joined = calls.map { String(decoding: $0, as: UTF8.self) }.joined(separator: ",")
        return Array(json.replacingOccurrences(of: "\"calls\":[]", with: "\"calls\":[\(joined)]").utf8)
    }

    @Test("an edition and its report are the bytes JSONEncoder writes with sorted keys; text with a control character is left to JSONEncoder")
    func sameAsJSONEncoder() throws {
        let texts = Texts()
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        var written = 0
        for rows in 0..<60 {
            let view = report(texts, rows: rows)
            let bundle = rows % 2 == 0 ? PublishedFile(path: "bundles/pro/2026-11-27/pro-2026-11-27.zip", bytes: rows * 1000, sha256: "ab12") : nil
            let snapshot = EditionSnapshot(tier: "pro", date: "2026-11-27", report: view, indexSummary: texts.next(9),
                                           feedSummary: texts.next(9), calls: [], bundle: bundle)
            let calls = (0..<rows % 4).map { Data("{\"action\":\"BUY\",\"symbol\":\"S\($0)\"}".utf8) }
            let expected = try encoded(snapshot, calls: calls)
            guard let json = snapshot.json(calls: calls) else {
                #expect(rows % 10 == 9, "left to JSONEncoder though no text needed it: \(String(decoding: expected, as: UTF8.self))")
                #expect(view.json() == nil)
                continue
            }
            #expect(rows % 10 != 9)
            written += 1
            #expect(json == expected, "\(String(decoding: json, as: UTF8.self))\n\(String(decoding: expected, as: UTF8.self))")
            #expect(view.json() == Array(try encoder.encode(view)))
        }
        #expect(written > 0)
    }
}
