import Core
import Publishing
import Testing
@testable import Tiers

@Suite("Leak check")
struct LeakCheckTests {
    let boundary = LeakCheck.Boundary(name: "free", symbols: ["CCCX", "BRK.B", "CCI"], laterDays: ["2026-11-27"],
                                      fragments: [("pages/outlook/", "the page 'Outlook'")], vocabulary: LeakCheck.defaultVocabulary)

    func leaks(_ files: [String: String]) -> [String] {
        var output = OutputFiles()
        for (path, text) in files { output.add(path, text) }
        return LeakCheck().leaks(in: output, boundary: boundary).map(\.description)
    }

    @Test("a paid symbol anywhere in a file or its path is a leak, named with the file")
    func symbols() {
        #expect(leaks(["index.html": "<p>Also watch CCCX today.</p>"]) == ["leak check: index.html contains the symbol CCCX, which only tiers above free may see"])
        #expect(leaks(["exports/CCCX.csv": "Date\n"]).count == 1)
        #expect(leaks(["a.md": "Berkshire BRK.B."]).count == 1)
        #expect(leaks(["a.html": "CCCXY and XCCCX and cccx are other words"]).isEmpty)
    }

    @Test("a paid symbol spelled like an indicator is looked for only where a symbol stands")
    func vocabulary() {
        #expect(leaks(["a.html": "<td>CCI 20</td> and CCI(20) is -97"]).isEmpty)
        #expect(leaks(["a.html": "<a href=\"symbols/CCI/index.html\">x</a>"]).count == 1)
        #expect(leaks(["a.html": "<th>CCI</th>"]).count == 1)
        #expect(leaks(["symbols/CCI/index.html": "x"]).count == 1)
    }

    @Test("a trading day after the tier's date, and a higher tier's page, are leaks")
    func datesAndFragments() {
        #expect(leaks(["a.json": "{\"as_of\": \"2026-11-27\"}"]) == ["leak check: a.json contains the date 2026-11-27, newer than free's delay allows"])
        #expect(leaks(["a.json": "{\"as_of\": \"2026-11-26\"}"]).isEmpty)
        #expect(leaks(["index.html": "<a href=\"pages/outlook/index.html\">"]) == ["leak check: index.html contains the page 'Outlook'"])
    }

    @Test("the telling text of a note is its longest stretch without markup")
    func distinctiveText() {
        #expect(LeakCheck.distinctiveText(of: "Rates *fell*; the curve steepened sharply into the close.\n") == "; the curve steepened sharply into the close.")
        #expect(LeakCheck.distinctiveText(of: "Short.") == nil)
    }
}
