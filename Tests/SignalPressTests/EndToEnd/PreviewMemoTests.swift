import Build
import Foundation
import MarketData
import Publishing
import Testing

/// `serve`'s memo: an edit redoes only what it affects, and the preview is byte for byte what a
/// build from scratch of the same inputs gives.
@Suite("Preview rebuilds only what an edit affects")
struct PreviewMemoTests {
    /// A preview build of the public site with the memo, and a fresh one beside it to compare with.
    func build(_ root: URL, memo: PreviewMemo) throws -> (reused: Int, same: Bool) {
        let preview = root.appendingPathComponent(".signalpress/preview/site")
        var options = BuildOptions(root: root, output: preview, clock: Fixtures.clock, recordsLedger: false, only: .publicSite)
        options.memo = memo
        let summary = try Build(options: options).run()
        let fresh = Fixtures.temporaryDirectory("fresh").appendingPathComponent("site")
        _ = try Build(options: BuildOptions(root: root, output: fresh, clock: Fixtures.clock, recordsLedger: false, only: .publicSite)).run()
        // Signing keys differ only if one was made; the preview made it first, so both use it.
        return (summary.symbolsReused, Fixtures.tree(preview) == Fixtures.tree(fresh))
    }

    /// Moves the last close of a data file by a cent, inside its day's range.
    func nudgeLastClose(_ data: URL) throws {
        var lines = try String(contentsOf: data, encoding: .utf8).split(separator: "\n").map(String.init)
        var last = lines[lines.count - 1].split(separator: ",").map(String.init)
        last[4] = String(format: "%.2f", Double(last[4])! + 0.01 <= Double(last[2])! ? Double(last[4])! + 0.01 : Double(last[4])! - 0.01)
        lines[lines.count - 1] = last.joined(separator: ",")
        Fixtures.write(lines.joined(separator: "\n") + "\n", to: data)
    }

    @Test("a page edit reuses every symbol, a data edit re-runs that symbol, a title edit re-runs all; the output is always a fresh build's")
    func edits() throws {
        let root = Fixtures.project()
        let memo = PreviewMemo()
        let first = try build(root, memo: memo)
        #expect(first.reused == 0 && first.same)

        let page = root.appendingPathComponent("content/pages/methodology.md")
        Fixtures.write("---\ntitle: Methodology\ndescription: How it works.\n---\nRules *vote*, and a new sentence.\n", to: page)
        let body = try build(root, memo: memo)
        // The public tier sees the core watchlist: AAAX and BBBX.
        #expect(body.reused == 2 && body.same, "\(body)")
        #expect(try String(contentsOf: root.appendingPathComponent(".signalpress/preview/site/pages/methodology/index.html"), encoding: .utf8)
            .contains("a new sentence"))

        let data = root.appendingPathComponent("content/data/AAAX.csv")
        try nudgeLastClose(data)
        let one = try build(root, memo: memo)
        #expect(one.reused == 1 && one.same, "\(one)")

        // The navigation lists every page by title: a new title shows on every symbol's page.
        Fixtures.write("---\ntitle: How it works\ndescription: How it works.\n---\nRules *vote*.\n", to: page)
        let title = try build(root, memo: memo)
        #expect(title.reused == 0 && title.same, "\(title)")

        let template = root.appendingPathComponent("Templates/symbol.mustache")
        Fixtures.write(String(decoding: Theme.defaults.files["symbol.mustache"]!, as: UTF8.self) + "<!-- edited -->\n", to: template)
        let themed = try build(root, memo: memo)
        #expect(themed.reused == 0 && themed.same, "\(themed)")
    }

    @Test("an edit to the benchmark's data re-runs every symbol, since every symbol page compares with it")
    func benchmarkEdit() throws {
        let root = ReaderPagesTests.project()
        let memo = PreviewMemo()
        #expect(try build(root, memo: memo).reused == 0)
        #expect(try build(root, memo: memo).reused == 2)
        let data = root.appendingPathComponent("content/data/IDXX.csv")
        try nudgeLastClose(data)
        let edited = try build(root, memo: memo)
        #expect(edited.reused == 0 && edited.same, "\(edited)")
    }

    @Test("a failed build carries nothing over: the next one reuses only what was published")
    func failure() throws {
        let root = Fixtures.project()
        // The theme folder exists throughout: its appearing would be a theme change of its own.
        try FileManager.default.createDirectory(at: root.appendingPathComponent("Templates"), withIntermediateDirectories: true)
        let memo = PreviewMemo()
        #expect(try build(root, memo: memo).reused == 0)
        let template = root.appendingPathComponent("Templates/dashboard.mustache")
        Fixtures.write("{{#broken}}", to: template)
        var options = BuildOptions(root: root, output: root.appendingPathComponent(".signalpress/preview/site"), clock: Fixtures.clock, recordsLedger: false, only: .publicSite)
        options.memo = memo
        #expect(throws: BuildError.self) { try Build(options: options).run() }
        try FileManager.default.removeItem(at: template)
        let after = try build(root, memo: memo)
        #expect(after.reused == 2 && after.same, "\(after)")
    }
}
