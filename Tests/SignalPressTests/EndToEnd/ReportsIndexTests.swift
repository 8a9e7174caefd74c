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

    @Test("each report leads with what changed: new calls and exits above the watchlists, in the page and in report.md")
    func reportLeadsWithChanges() throws {
        // Every symbol on the public site, for days with new calls as well as exits.
        let root = Fixtures.project(site: Fixtures.siteYAML.replacingOccurrences(of: "watchlists: [core]", with: "watchlists: all"), days: 420)
        #expect(SignalPress.run(["build", "--project", root.path, "--quiet"] + Fixtures.todayArguments) == 0)
        let site = root.appendingPathComponent("site")
        let days = try FileManager.default.contentsOfDirectory(atPath: site.appendingPathComponent("reports").path).filter { $0.hasPrefix("20") }.sorted()
        var seen = (newCalls: 0, exits: 0, quiet: 0)
        for day in days {
            let page = try String(contentsOf: site.appendingPathComponent("reports/\(day)/index.html"), encoding: .utf8)
            let markdown = try String(contentsOf: site.appendingPathComponent("reports/\(day)/report.md"), encoding: .utf8)
            let all = page.matches(of: /symbols\/([A-Z]+)\/index.html">[A-Z]+<\/a>(?:(?!<\/tr>).)*?<td>(was [A-Z]+)<\/td>/).map { String($0.1) }
            if all.isEmpty {
                // A quiet day says so once, in the lead, with no empty section under it.
                seen.quiet += 1
                #expect(page.contains("No signal changed.") && !page.contains("What changed") && !markdown.contains("What changed"), "\(day)")
                continue
            }
            let section = try #require(page.firstRange(of: "<h2>What changed</h2>"), "\(day) has no What changed")
            let watchlist = try #require(page.firstRange(of: "<h2>Core</h2>"))
            #expect(section.lowerBound < watchlist.lowerBound, "\(day): the watchlists come first")
            let changes = String(page[section.upperBound..<watchlist.lowerBound])
            for symbol in Set(all) { #expect(changes.contains("symbols/\(symbol)/index.html"), "\(day): \(symbol) changed but is not under What changed") }
            // New calls are BUY or SELL; exits are HOLD again.
            if let exits = changes.firstRange(of: "<h3>Exits</h3>") {
                seen.exits += 1
                #expect(!changes[exits.upperBound...].contains("badge buy") && !changes[exits.upperBound...].contains("badge sell"), "\(day)")
            }
            if let calls = changes.firstRange(of: "<h3>New calls</h3>") {
                seen.newCalls += 1
                let end = changes.firstRange(of: "<h3>Exits</h3>")?.lowerBound ?? changes.endIndex
                #expect(!changes[calls.upperBound..<end].contains("badge hold"), "\(day)")
            }
            let markdownSection = try #require(markdown.firstRange(of: "## What changed"))
            #expect(markdownSection.lowerBound < (markdown.firstRange(of: "## Core")?.lowerBound ?? markdown.startIndex), "\(day)")
        }
        #expect(seen.newCalls >= 1 && seen.exits >= 1 && seen.quiet >= 1, "\(seen)")
    }
}
