import Build
import Publishing
import Foundation
import Testing
@testable import signalpress

/// Rebuilds write only what changed, without timing anything.
@Suite("Incremental builds")
struct IncrementalBuildTests {
    /// Relative path to (inode, modification time) of every file under `directory`.
    func snapshot(_ directory: URL) -> [String: [Int]] {
        var result: [String: [Int]] = [:]
        for path in Fixtures.tree(directory).keys {
            var info = stat()
            stat(directory.appendingPathComponent(path).path, &info)
            result[path] = [Int(info.st_ino), Int(info.st_mtim.tv_sec), Int(info.st_mtim.tv_nsec)]
        }
        return result
    }

    func changed(_ before: [String: [Int]], _ after: [String: [Int]]) -> Set<String> {
        Set(after.keys.filter { before[$0] != after[$0] }).union(before.keys.filter { after[$0] == nil })
    }

    func build(_ root: URL, jobs: Int = 2, output: URL? = nil) throws -> BuildSummary {
        try Build(options: BuildOptions(root: root, output: output ?? root.appendingPathComponent("site"), clock: Fixtures.clock, jobs: jobs)).run()
    }

    @Test("--jobs 1, 2 and 6 give the same bytes (at 6, each of three tiers renders its reports two at a time)")
    func jobsAgree() throws {
        let root = Fixtures.project()
        _ = try build(root, jobs: 1, output: root.appendingPathComponent("one"))
        let one = Fixtures.tree(root.appendingPathComponent("one"))
        #expect(one.count > 30 && one.keys.filter { $0.hasPrefix("reports/") && $0.hasSuffix("/report.md") }.count >= 10)
        for jobs in [2, 6] {
            _ = try build(root, jobs: jobs, output: root.appendingPathComponent("jobs-\(jobs)"))
            #expect(one == Fixtures.tree(root.appendingPathComponent("jobs-\(jobs)")), "--jobs \(jobs)")
        }
    }

    @Test("a rebuild with unchanged inputs rewrites no file and says so")
    func noOp() throws {
        let root = Fixtures.project()
        let first = try build(root)
        #expect(!first.unchanged)
        let site = root.appendingPathComponent("site")
        let before = snapshot(site)
        usleep(20_000)
        let second = try build(root)
        #expect(second.unchanged && second.pages == first.pages && second.asOf == first.asOf)
        #expect(changed(before, snapshot(site)).isEmpty)
        // Touching a file without changing it is still no change; editing the output by hand is.
        try FileManager.default.setAttributes([.modificationDate: Date()], ofItemAtPath: root.appendingPathComponent("content/pages/methodology.md").path)
        #expect(try build(root).unchanged)
        Fixtures.write("tampered", to: site.appendingPathComponent("robots.txt"))
        let repaired = try build(root)
        #expect(!repaired.unchanged)
        #expect(try String(contentsOf: site.appendingPathComponent("robots.txt"), encoding: .utf8).hasPrefix("User-agent"))
    }

    @Test("a file removed from a sealed day's folder is noticed and published again; the scan does not read every past file")
    func sealedDayTampered() throws {
        let root = Fixtures.project()
        _ = try build(root)
        let site = root.appendingPathComponent("site")
        let days = try FileManager.default.contentsOfDirectory(atPath: site.appendingPathComponent("reports").path).filter { $0.hasPrefix("2") }.sorted()
        let report = site.appendingPathComponent("reports/\(days[0])/report.md")
        let bundle = site.appendingPathComponent("bundles/pro/2026-11-27/manifest.sig")
        let (text, signature) = (try Data(contentsOf: report), try Data(contentsOf: bundle))
        #expect(try build(root).unchanged)
        for file in [report, bundle] {
            try FileManager.default.removeItem(at: file)
            #expect(try !build(root).unchanged)
        }
        #expect(try Data(contentsOf: report) == text && Data(contentsOf: bundle) == signature)
        #expect(try build(root).unchanged)
        #expect(StagingSite.isSealedDay("reports/2026-11-27") && StagingSite.isSealedDay("bundles/pro/2026-11-27")
            && !StagingSite.isSealedDay("reports/page") && !StagingSite.isSealedDay("symbols/2026-11-27") && !StagingSite.isSealedDay("bundles/pro"))
    }

    @Test("changing one free symbol's data rewrites only the files that show it")
    func oneSymbol() throws {
        let root = Fixtures.project()
        _ = try build(root)
        let site = root.appendingPathComponent("site")
        let before = snapshot(site)
        let data = root.appendingPathComponent("content/data/BBBX.csv")
        var lines = try String(contentsOf: data, encoding: .utf8).split(separator: "\n").map(String.init)
        // The day before the last: the public (delayed) edition shows it.
        var fields = lines[lines.count - 2].split(separator: ",").map(String.init)
        fields[5] = String(Int(fields[5])! + 1000)
        lines[lines.count - 2] = fields.joined(separator: ",")
        Fixtures.write(lines.joined(separator: "\n") + "\n", to: data)
        let summary = try build(root)
        #expect(!summary.unchanged)
        let rewritten = changed(before, snapshot(site))
        #expect(rewritten.contains("symbols/BBBX/index.html"))
        for untouched in ["symbols/AAAX/index.html", "symbols/AAAX/sparkline.svg", "pages/methodology/index.html", "robots.txt", "404.html",
                          "sitemap.xml", "keys/signing.pub"] {
            #expect(!rewritten.contains(untouched), "\(untouched) was rewritten")
        }
        // The same holds in each paid tier's members' area, whose feeds and track record also carry BBBX's closes.
        let inArea = { (path: String) in path.hasPrefix("members/") ? path.split(separator: "/", maxSplits: 2).last.map(String.init) ?? path : path }
        #expect(rewritten.contains("members/pro/symbols/BBBX/index.html") && !rewritten.contains("members/pro/symbols/AAAX/index.html"))
        #expect(rewritten.map(inArea).allSatisfy { $0.hasPrefix("symbols/BBBX/") || $0.hasPrefix("bundles/") || $0.hasPrefix("reports/") || $0.hasPrefix("watchlists/")
                                        || ["index.html", "status.json", "latest.json", "feed.xml", "feed.json", "track-record.json", "track-record/index.html"].contains($0)
                                        || ($0.hasPrefix("exports/") && $0.contains("BBBX")) }, "\(rewritten.sorted())")
    }
}
