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
}
