import Foundation
@testable import signalpress
import Testing

/// The methodology page is made from `signals:`, so it cannot describe rules the site does not use.
@Suite("Methodology page")
struct MethodologyTests {
    func methodology(_ signals: String?, in path: String = "methodology/index.html") throws -> String {
        let root = Fixtures.project(site: Fixtures.siteYAML + (signals.map { "signals: \($0)\n" } ?? ""))
        #expect(SignalPress.run(["build", "--project", root.path, "--quiet"] + Fixtures.todayArguments) == 0)
        return try String(contentsOf: root.appendingPathComponent("site/" + path), encoding: .utf8)
    }

    @Test("a preset with a key changed: the page names the preset and the change, lists only the rules in use, and says how calls close")
    func presetWithChange() throws {
        let page = try methodology("{ preset: trend, min_hold_days: 2 }")
        #expect(page.contains("The approach: Trend") && page.contains("This site starts from the trend preset and sets its own min_hold_days."))
        #expect(page.contains("A BUY stands until the score falls below 0.10") && page.contains("at least 2 trading days"))
        #expect(!page.contains("RSI(14) extremes") && !page.contains("<th scope=\"row\">Bollinger bands</th>") && page.contains("ADX trend filter"))
        #expect(page.contains("<td class=\"num\">1.50</td>"), "trend's weight")
    }

    @Test("without a preset or hysteresis the page says a call ends the day its score leaves the threshold")
    func plainRules() throws {
        let page = try methodology(nil)
        #expect(!page.contains("The approach") && page.contains("A call ends on the first day the score leaves its threshold"))
        #expect(!page.contains("stands at least") && page.contains("RSI(14) extremes"))
        // Linked from every page's footer, the public dashboard's included.
        #expect(try methodology(nil, in: "index.html").contains("<a href=\"methodology/index.html\">how they are made</a>"))
    }
}
