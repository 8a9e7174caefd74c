import Core
import Foundation
import Testing
import Tiers
@testable import signalpress

/// Each paid tier's site under `members/<tier>/`: the pages its bundle has, with every report
/// of its archive, published beside the public site and kept out of crawlers' way.
@Suite("Members' area")
struct MembersAreaTests {
    func build(_ root: URL, asOf day: String) {
        #expect(SignalPress.run(["build", "--project", root.path, "--quiet", "--as-of", day] + Fixtures.todayArguments) == 0)
    }

    @Test("a paid tier's members' area has its pages as the bundle has them, and every report of its archive")
    func paidTierSite() throws {
        let root = Fixtures.project()
        build(root, asOf: "2026-11-26")
        build(root, asOf: "2026-11-27")
        let tree = Fixtures.tree(root.appendingPathComponent("site"))
        let members = tree.filter { $0.key.hasPrefix("members/pro/") }
        #expect(!members.isEmpty && !tree.keys.contains { $0.hasPrefix("members/free/") })
        let bundle = try BundleArchive.unzip([UInt8](try #require(tree["bundles/pro/2026-11-27/pro-2026-11-27.zip"])))
        // The day's pages are the bundle's own, byte for byte: a pro-only symbol with its chart, the
        // dashboard, the watchlists, the track record, the exports. (The day's report links to the
        // day before it, which only the members' area has.)
        for path in ["index.html", "symbols/DDDX/index.html", "symbols/DDDX/chart.svg", "watchlists/extra/index.html", "track-record/index.html",
                     "reports/2026-11-27/report.md", "exports/DDDX.csv"] {
            #expect(members["members/pro/" + path] == bundle[path].map { Data($0) }, "\(path)")
        }
        // The archive: the day's bundle holds the day, the members' area every report.
        #expect(bundle["reports/2026-11-26/index.html"] == nil)
        let days = Set(members.keys.compactMap { path -> String? in
            let parts = path.split(separator: "/")
            return parts.count == 5 && parts[2] == "reports" && parts[4] == "index.html" ? String(parts[3]) : nil
        })
        #expect(days.contains("2026-11-26") && days.contains("2026-11-27") && days.count >= 10)
        let index = String(decoding: try #require(members["members/pro/reports/index.html"]), as: UTF8.self)
        #expect(index.contains("2026-11-26/index.html") && index.contains("2026-11-27/index.html"))
        // The bundle's own feeds hold its day, and link only to what the bundle holds.
        let bundleFeed = String(decoding: try #require(bundle["feed.xml"]), as: UTF8.self)
        #expect(bundleFeed.components(separatedBy: "<entry>").count == 2 && !bundleFeed.contains("https://test.example.com"))
        let hrefs = bundleFeed.matches(of: /href="([^"]+)"/).map { String($0.1) }
            + bundleFeed.matches(of: /href=&quot;([^&]+)&quot;/).map { String($0.1) }
        #expect(hrefs.count >= 4 && hrefs.allSatisfy { $0 == "feed.xml" || bundle[$0] != nil }, "\(hrefs.filter { $0 != "feed.xml" && bundle[$0] == nil })")
        let bundleJSONBytes = try #require(bundle["feed.json"])
        let bundleJSON = try #require(try JSONSerialization.jsonObject(with: Data(bundleJSONBytes)) as? [String: Any])
        // JSON Feed's addresses are absolute URLs: the bundle's leaves them out.
        #expect(bundleJSON["home_page_url"] == nil && bundleJSON["feed_url"] == nil)
        #expect((bundleJSON["items"] as? [[String: Any]])?.map { $0["url"] == nil ? $0["id"] as? String : nil }
                == ["tag:test.example.com,2026-11-27:signalpress/members/pro/reports/2026-11-27"])
        // The members' feed links into the members' area.
        let feed = String(decoding: try #require(members["members/pro/feed.xml"]), as: UTF8.self)
        #expect(feed.contains("<link rel=\"self\" href=\"https://test.example.com/members/pro/feed.xml\"/>")
                && feed.contains("href=\"https://test.example.com/members/pro/reports/2026-11-26/\"") && !feed.contains("\"https://test.example.com/symbols/"))
    }

    @Test("the members' area is out of crawlers' and shared caches' way, and its links resolve inside it")
    func privateAndWhole() throws {
        let root = Fixtures.project()
        build(root, asOf: "2026-11-27")
        let tree = Fixtures.tree(root.appendingPathComponent("site"))
        #expect(String(decoding: try #require(tree["robots.txt"]), as: UTF8.self).contains("Disallow: /members/\n"))
        #expect(String(decoding: try #require(tree["_headers"]), as: UTF8.self).contains("/members/*\n  Cache-Control: private, no-cache\n"))
        #expect(!String(decoding: try #require(tree["sitemap.xml"]), as: UTF8.self).contains("/members/"))
        #expect(tree["members/pro/_headers"] == nil)
        let pattern = try NSRegularExpression(pattern: "(?:href|src)=\"([^\"#]+)\"")
        var checked = 0
        for (path, data) in tree where path.hasPrefix("members/pro/") && path.hasSuffix(".html") {
            let html = String(decoding: data, as: UTF8.self)
            for match in pattern.matches(in: html, range: NSRange(html.startIndex..., in: html)) {
                let link = String(html[Range(match.range(at: 1), in: html)!])
                guard !link.hasPrefix("http"), !link.hasPrefix("mailto:") else { continue }
                let target = String(URL(fileURLWithPath: link, relativeTo: URL(fileURLWithPath: "/" + path).deletingLastPathComponent()).standardizedFileURL.path.dropFirst())
                #expect(target.hasPrefix("members/pro/") && tree[target] != nil, "\(path) links to \(link)")
                checked += 1
            }
        }
        #expect(checked > 100)
    }
}
