import Core
import Foundation
import MarketData
@testable import Project
@testable import Publishing
import Synchronization
import Testing

#if canImport(FoundationXML)
import FoundationXML
#endif

@Suite("Report feeds")
struct ReportFeedsTests {
    func edition() throws -> (SiteExtras, Edition) {
        let config = try SiteConfigReader.read("title: T & Co\nbase_url: https://x.example\ntiers:\n  - { id: free, price_cents: 0, watchlists: all, features: [reports] }\n",
                                               file: "content/site.yml", watchlists: ["core"])
        let days = (0..<30).map { Day(iso: "2026-11-01")!.adding(days: -$0) }
        return (SiteExtras(config: config), Edition(tier: config.tiers[0], isPublic: true, asOf: days[0], watchlists: [], pages: [], notes: [], reportDays: days))
    }

    @Test("a feed's buffer grows by doubling, not by a copy of the whole feed for every report")
    func roomByDoubling() {
        var buffer: [UInt8] = []
        var grew = 0
        let report = [UInt8](repeating: 0x41, count: 40_000)
        for _ in 0..<30 {
            let before = buffer.capacity
            ReportFeeds.makeRoom(in: &buffer, for: report.count + 4096)
            #expect(buffer.capacity >= buffer.count + report.count + 4096)
            if buffer.capacity != before { grew += 1 }
            buffer += report
        }
        // Exactly what is asked each time would grow it thirty times; doubling, a handful.
        #expect(grew <= 6, "grew \(grew) times")
        var empty: [UInt8] = []
        ReportFeeds.makeRoom(in: &empty, for: 5_000_000)
        #expect(empty.capacity >= 5_000_000 && empty.capacity < 6_000_000, "a first report is reserved at its size, not doubled")
    }

    @Test("the newest reports carry their whole HTML within the size budget, the older their summary; both feeds parse and agree")
    func budget() throws {
        let (extras, edition) = try edition()
        var feeds = ReportFeeds(extras, edition: edition)
        // About a megabyte a report: four fit in the budget.
        let row = "<tr><td><a href=\"\u{1}symbols/A/index.html\">A</a></td><td>\"quoted\" & <b>bold</b></td></tr>\n"
        let big = "<table>" + String(repeating: row, count: 1_000_000 / row.utf8.count) + "</table>"
        for day in edition.reportDays { feeds.add(day, noteTitle: day == edition.asOf ? "<Note>" : nil, summary: "1 BUY", content: big) }
        let (atom, json) = feeds.finish()
        let parser = XMLParser(data: Data(atom))
        #expect(parser.parse())
        let text = String(decoding: atom, as: UTF8.self)
        let entries = text.components(separatedBy: "<entry>").dropFirst()
        let withContent = entries.filter { $0.contains("<content type=\"html\">") }.count
        let absolute = big.replacingOccurrences(of: "\u{1}", with: "https://x.example/").utf8.count
        #expect(entries.count == 30 && withContent == ReportFeeds.contentBudget / absolute && withContent >= 3)
        #expect(entries.prefix(withContent).allSatisfy { $0.contains("<content") } && !text.contains("\u{1}"))
        #expect(text.contains("href=\"https://x.example/symbols/A/index.html\"") && text.contains("<title>Daily report 2026-11-01: &lt;Note&gt;</title>"))
        let feed = try #require(try JSONSerialization.jsonObject(with: Data(json)) as? [String: Any])
        let items = try #require(feed["items"] as? [[String: Any]])
        #expect(items.count == 30 && items.filter { $0["content_html"] != nil }.count == withContent)
        #expect(items.dropFirst(withContent).allSatisfy { ($0["content_text"] as? String) == "1 BUY The whole report: \($0["url"] as! String)" })
        #expect((items[0]["content_html"] as? String)?.hasPrefix("<table><tr><td><a href=\"https://x.example/symbols/A/index.html\">") == true)
        #expect(feed["title"] as? String == "T & Co daily reports" && String(decoding: json, as: UTF8.self).contains("T \\u0026 Co"))
    }

    @Test("feeds written from each report as escaped for an earlier feed are the bytes written from the content; another root's are not used")
    func escapedOnce() throws {
        let (extras, edition) = try edition()
        let contents = edition.reportDays.indices.map { "<p><a href=\"\u{1}reports/\($0)/\">R\($0)</a> \"q\" & <i>é</i>\t\u{7}</p>\n" }
        var fresh = ReportFeeds(extras, edition: edition)
        let kept = edition.reportDays.indices.map { fresh.add(edition.reportDays[$0], noteTitle: nil, summary: "s", content: contents[$0]) }
        let whole = fresh.finish()
        #expect(kept.allSatisfy { $0?.root == "https://x.example/" })
        // Every other report as kept, the rest from their content: the same two files.
        var reused = ReportFeeds(extras, edition: edition)
        for (index, day) in edition.reportDays.enumerated() {
            let returned = reused.add(day, noteTitle: nil, summary: "s", content: contents[index], escaped: index % 2 == 0 ? kept[index] : nil)
            #expect(returned == kept[index])
        }
        let again = reused.finish()
        #expect(again.atom == whole.atom && again.json == whole.json)
        // Kept for another root (a members' area's, say): written anew for this one.
        var moved = kept[0]!
        moved.root = "https://elsewhere.example/"
        moved.atom = Array("stale".utf8)
        var other = ReportFeeds(extras, edition: edition)
        #expect(other.add(edition.reportDays[0], noteTitle: nil, summary: "s", content: contents[0], escaped: moved) == kept[0])
        #expect(!String(decoding: other.finish().atom, as: UTF8.self).contains("stale"))
    }

    @Test("kept reports are read only while the feed has room for them, and the feeds are the bytes written fresh")
    func keptReadWhenCarried() throws {
        let (extras, edition) = try edition()
        // About a third of the budget each before rooting, half after: the feeds carry two whole.
        let rows = String(repeating: "<p><a href=\"\u{1}symbols/A/\">A</a></p>\n", count: ReportFeeds.contentBudget / 40 / 3)
        let contents = edition.reportDays.indices.map { "<p>\($0)</p>\n" + rows }
        var fresh = ReportFeeds(extras, edition: edition)
        let escaped = edition.reportDays.indices.map { fresh.add(edition.reportDays[$0], noteTitle: nil, summary: "s", content: contents[$0]) }
        let whole = fresh.finish()
        let carried = escaped.indices.filter { escaped[$0] != nil }
        #expect(carried == Array(0..<carried.count) && (2...4).contains(carried.count))
        let reads = Mutex(Set<Int>())
        var kept = ReportFeeds(extras, edition: edition)
        for (index, day) in edition.reportDays.enumerated() {
            let entry = FeedEntryContent(content: contents[index], noteTitle: nil, escaped: escaped[index])
            kept.add(day, summary: "s", kept: KeptFeedEntry(noteTitle: nil, escapedRoot: escaped[index]?.root, escapedLength: escaped[index]?.length) {
                reads.withLock { _ = $0.insert(index) }
                return entry
            })
        }
        let again = kept.finish()
        #expect(again.atom == whole.atom && again.json == whole.json)
        // Those carried, and the first that was not (kept without its length): none after it.
        #expect(reads.withLock { $0 } == Set(0...carried.count))
    }

    @Test("a report bigger than the budget on its own is still carried whole: the newest report always is")
    func newestAlways() throws {
        let (extras, edition) = try edition()
        var feeds = ReportFeeds(extras, edition: edition)
        let huge = String(repeating: "x", count: ReportFeeds.contentBudget + 1)
        feeds.add(edition.reportDays[0], noteTitle: nil, summary: "s", content: huge)
        feeds.add(edition.reportDays[1], noteTitle: nil, summary: "s", content: "small")
        let text = String(decoding: feeds.finish().atom, as: UTF8.self)
        #expect(text.components(separatedBy: "<content").count == 2)
    }
}
