import Foundation
import Core
@testable import Publishing
import Signals
import Testing

/// Numbers as readers see them on the pages.
@Suite("Number formats")
struct FormatTests {
    @Test("large whole numbers (OBV) are grouped by thousands")
    func grouped() {
        #expect(Format.grouped(4_384_498_200) == "4,384,498,200")
        #expect(Format.grouped(-12_000) == "-12,000")
        #expect(Format.grouped(999) == "999")
        #expect(Format.grouped(1000.4) == "1,000")
        #expect(Format.grouped(.nan) == "n/a")
    }

    @Test("a move that reads 0.0% is neither green nor red; one that reads otherwise is")
    func zeroIsNeutral() {
        #expect(Format.signedPercent(-0.0001) == "0.0%" && percentClass(-0.0001) == "")
        #expect(Format.signedPercent(0.0001) == "0.0%" && percentClass(0.0001) == "")
        #expect(percentClass(-0.001) == "down" && percentClass(0.001) == "up")
        #expect(percentClass(nil) == "")
    }

    @Test("every date is written YYYY-MM-DD, zero-padded, and reads back as the same day")
    func isoDates() {
        #expect(Day(year: 2026, month: 3, day: 7)!.iso == "2026-03-07")
        #expect(Day(year: 987, month: 12, day: 31)!.iso == "0987-12-31")
        #expect(Day(year: 2024, month: 2, day: 29)!.description == "2024-02-29")
        #expect(Day(year: 10_000, month: 1, day: 1)!.iso == "10000-01-01")
        let wrong = (Day(iso: "1899-12-30")!.daysSinceEpoch...Day(iso: "2101-01-02")!.daysSinceEpoch).map(Day.init(daysSinceEpoch:)).filter { day in
            let (year, month, date) = day.components
            return day.iso != String(format: "%04d-%02d-%02d", year, month, date) || Day(iso: day.iso) != day
        }
        #expect(wrong.isEmpty)
    }
}
