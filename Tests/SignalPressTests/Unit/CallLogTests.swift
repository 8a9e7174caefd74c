@testable import Build
import Core
import Foundation
import MarketData
import Publishing
import Signals
import Testing

@Suite("Call log")
struct CallLogTests {
    @Test("a call written by hand reads back exactly, whatever its reason sentences hold")
    func roundTrip() throws {
        let reasons = ["RSI 28.4 < 30: \"oversold\"", "back\\slash", "line\nbreak\ttab\r", "bell \u{07} and é 株 🚀", ""]
        let call = EditionSnapshot.Call(symbol: "BRK.B", action: "BUY", score: 0.1 + 0.2, confidence: 1e-300, close: 315.685000000000002,
                                        votes: reasons.enumerated().map { Vote(rule: "r\($0.offset)", weight: 1.5, value: -0.25, reason: $0.element) })
        var bytes: [UInt8] = []
        CallLog.json(call, into: &bytes)
        #expect(try JSONDecoder().decode(EditionSnapshot.Call.self, from: Data(bytes)) == call)
        // The same keys in the same order as JSONEncoder's sorted keys, so edition files read alike either way.
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let reference = try JSONSerialization.jsonObject(with: encoder.encode(call)) as? NSDictionary
        #expect(try JSONSerialization.jsonObject(with: Data(bytes)) as? NSDictionary == reference)

        let folder = Fixtures.temporaryDirectory("calls")
        let log = CallLog(folder: folder)
        let day = Day(iso: "2026-11-27")!
        var split = call
        (split.symbol, split.action, split.score, split.previousClose) = ("AAPL", "SELL", -0.0, 630.0000000000001)
        log.append(split, date: day, day: day)
        log.append(call, date: day, day: day)
        log.close()
        let read = log.calls(date: day, day: day, symbols: [Symbol("BRK.B")!, Symbol("NONE")!, Symbol("AAPL")!])
        #expect(read.json.count == 2 && read.marks.map(\.symbol) == ["BRK.B", "AAPL"])
        #expect(try JSONDecoder().decode(EditionSnapshot.Call.self, from: read.json[0]) == call)
        // The marks come back bit for bit (a negative zero, a close one step past 630), without their votes.
        for (mark, original) in zip(read.marks, [call, split]) {
            var expected = original
            expected.votes = []
            #expect(mark == expected && mark.score.sign == original.score.sign)
        }
    }
}
