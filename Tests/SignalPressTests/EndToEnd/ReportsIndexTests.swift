import Foundation
@testable import signalpress
import Testing

/// The reports index is for finding the day something happened: each line leads with what changed.
@Suite("Reports index")
struct ReportsIndexTests {
    @Test("each day's line names the calls that changed that day, with what they were; a quiet day says so")
    func linesNameChanges() throws {
        let root = Fixtures.project(days: 420)
        #expect(SignalPress.run(["build", "--project", root.path, "--quiet"] + Fixtures.todayArguments) == 0)
        let site = root.appendingPathComponent("site")
        let index = try String(contentsOf: site.appendingPathComponent("reports/index.html"), encoding: .utf8)
        let days = try FileManager.default.contentsOfDirectory(atPath: site.appendingPathComponent("reports").path).filter { $0.hasPrefix("20") }.sorted()
        var changedDays = 0
        for day in days {
            let report = try String(contentsOf: site.appendingPathComponent("reports/\(day)/index.html"), encoding: .utf8)
            // A row whose "Change" cell says what the call was before.
            let changed = report.matches(of: /symbols\/([A-Z]+)\/index.html">[A-Z]+<\/a>(?:(?!<\/tr>).)*?<td>(was [A-Z]+)<\/td>/).map { "\($0.1) " }
            let line = try #require(index.split(separator: "\n").first { $0.contains("reports/\(day)/index.html") }).description
            if changed.isEmpty {
                #expect(line.contains("No signal changed"), "\(day): \(line)")
            } else {
                changedDays += 1
                #expect(changed.prefix(3).allSatisfy { line.contains($0) } && line.contains("(was "), "\(day): \(line)")
            }
        }
        #expect(days.count >= 5 && changedDays >= 1, "\(days.count) days, \(changedDays) with a change")
    }
}
