import Charts
import Core
import MarketData
import Project

/// The Atom feed and the JSON Feed 1.1 of an edition's newest reports, written side by side
/// as each report is rendered: an entry's content goes into both byte buffers at once and is
/// dropped, so a build holds the two feeds, never every report's content as well.
struct ReportFeeds {
    /// How many of the newest reports the feeds list: a reader that polls a feed needs the
    /// recent ones, and the archive has the rest.
    static let entries = 30
    /// The whole reports' HTML a feed carries, newest first, at most: the newest report always,
    /// then older ones while they fit; the rest carry their summary and link. Feed readers fetch a
    /// feed every hour and many refuse one of more than a few megabytes, and a report of 2,000
    /// symbols is most of a megabyte: so a feed stays about 4 MB whatever the universe, and a
    /// build's memory stays flat as the archive grows.
    static let contentBudget = 4_000_000

    private var atom: [UInt8] = []
    private var json: [UInt8] = []
    private var items = 0
    private var contentBytes = 0
    private var full = true
    let extras: SiteExtras
    /// The address of the edition's site (the public site's, or a members' area), ending in `/`.
    let root: String
    let siteRoot: String
    /// A bundle's feeds: every link relative, to a file the bundle holds.
    let linksWithin: Bool

    init(_ extras: SiteExtras, edition: Edition) {
        self.extras = extras
        let config = extras.config
        siteRoot = edition.siteRoot
        linksWithin = edition.feedsLinkWithin
        root = linksWithin ? "" : config.baseURL + "/" + siteRoot
        let updated = (edition.reportDays.first ?? edition.asOf).iso + "T00:00:00Z"
        var head = "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\">\n"
        head += "  <title>\(Escaping.xml(config.title)) daily reports</title>\n"
        head += "  <id>tag:\(Escaping.xml(extras.host)),2000:signalpress/\(Escaping.xml(edition.siteRoot))reports</id>\n"
        head += "  <link rel=\"self\" href=\"\(Escaping.xml(root))feed.xml\"/>\n"
        head += "  <link rel=\"alternate\" href=\"\(Escaping.xml(linksWithin ? "index.html" : root))\"/>\n"
        head += "  <updated>\(updated)</updated>\n  <author><name>\(Escaping.xml(config.title))</name></author>\n"
        // The edition log's head (an Atom extension element; JSON Feed's is `_signalpress`).
        if let chainHead = edition.chainHead {
            head += "  <sp:chain-head xmlns:sp=\"https://signalpress.dev/ns/edition-log\">\(chainHead)</sp:chain-head>\n"
        }
        atom += head.utf8
        let description = config.description.isEmpty ? "Daily signal reports" : config.description
        // JSON Feed's addresses are absolute URLs: a bundle's feed, which links only within the
        // bundle, leaves them out (they are optional) and keeps the relative links in its content.
        let addresses = linksWithin ? "" : "\n  \"home_page_url\": \"\(Escaping.json(root))\",\n  \"feed_url\": \"\(Escaping.json(root))feed.json\","
        json += """
            {
              "version": "https://jsonfeed.org/version/1.1",
              "title": "\(Escaping.json(config.title)) daily reports",\(addresses)
              "description": "\(Escaping.json(description))",
              "language": "en",
              "authors": [{"name": "\(Escaping.json(config.title))"}],\(edition.chainHead.map { "\n  \"_signalpress\": {\"chain_head\": \"\($0)\"}," } ?? "")
              "items": [
            """.utf8
    }

    /// One report, newest first: its title (with the day's note title), its summary, and, while
    /// the budget allows, its whole HTML (`content`, whose links start with the root marker) with
    /// absolute links, as `escaped` has it when that is for this feed's root. Returns the
    /// content as carried, rooted and escaped, for the next build to reuse; nil for a summary only.
    @discardableResult
    mutating func add(_ day: Day, noteTitle: String?, summary: String, content: String, escaped: EscapedFeedContent? = nil) -> EscapedFeedContent? {
        var html: EscapedFeedContent?
        if full {
            let carried = escaped?.root == root ? escaped! : Self.escape(content, root: root)
            if fits(carried.length) { html = carried } else { full = false }
        }
        contentBytes += html?.length ?? 0
        if let html {
            Self.makeRoom(in: &atom, for: html.atom.count + 4096)
            Self.makeRoom(in: &json, for: html.json.count + 4096)
        }
        let title = "Daily report \(day)" + (noteTitle.map { ": \($0)" } ?? "")
        let url = root + "reports/\(day)/" + (linksWithin ? "index.html" : "")
        var entry = "  <entry>\n    <title>\(Escaping.xml(title))</title>\n"
        entry += "    <id>tag:\(Escaping.xml(extras.host)),\(day):signalpress/\(Escaping.xml(siteRoot))reports/\(day)</id>\n"
        entry += "    <link rel=\"alternate\" href=\"\(Escaping.xml(url))\"/>\n"
        entry += "    <updated>\(day)T00:00:00Z</updated>\n"
        entry += "    <summary>\(Escaping.xml(summary))</summary>\n"
        atom += entry.utf8
        if let html {
            atom += "    <content type=\"html\">".utf8
            atom += html.atom
            atom += "</content>\n".utf8
        }
        atom += "  </entry>\n".utf8

        json += (items == 0 ? "\n" : ",\n").utf8
        // Titles and summaries are text: `<` and `&` escaped, so they are never markup to a careless
        // reader. The content is HTML already made safe, so only what JSON itself needs is escaped.
        let id = linksWithin ? "tag:\(extras.host),\(day):signalpress/\(siteRoot)reports/\(day)" : url
        let address = linksWithin ? "" : " \"url\": \"\(Escaping.json(url))\","
        json += "    {\"id\": \"\(Escaping.json(id))\",\(address) \"title\": \"\(Escaping.json(title))\",\n".utf8
        json += "     \"summary\": \"\(Escaping.json(summary))\", \"date_published\": \"\(day)T00:00:00Z\",\n".utf8
        // JSON Feed requires content: the older items carry their summary as text.
        if let html {
            json += "     \"content_html\": \"".utf8
            json += html.json
        } else {
            json += "     \"content_text\": \"\(Escaping.json(summary)) The whole report: \(Escaping.json(url))".utf8
        }
        json += "\"}".utf8
        items += 1
        return html
    }

    /// A report an earlier build kept (`KeptFeedEntry`), read only if the feed carries its
    /// content: one the budget has no room for is told by its kept length. One that can no
    /// longer be read (removed while the build ran) ends the whole reports, as a full budget does.
    mutating func add(_ day: Day, summary: String, kept: KeptFeedEntry) {
        if full, kept.escapedRoot == root, let length = kept.escapedLength, !fits(length) { full = false }
        let entry = full ? kept.read() : nil
        if entry == nil { full = false }
        add(day, noteTitle: kept.noteTitle, summary: summary, content: entry?.content ?? "", escaped: entry?.escaped)
    }

    /// Whether a report's content of `length` rooted bytes still goes in whole: the first always does.
    private func fits(_ length: Int) -> Bool {
        items == 0 || contentBytes + length <= Self.contentBudget
    }

    /// `content` rooted at `root` and escaped for each feed.
    static func escape(_ content: String, root: String) -> EscapedFeedContent {
        let absolute = SiteRenderer.rooted(content, at: root)
        var (atom, json): ([UInt8], [UInt8]) = ([], [])
        XML.append(absolute, to: &atom, quotes: false)
        Escaping.appendJSON(absolute, to: &json, markupSafe: false)
        return EscapedFeedContent(root: root, length: absolute.utf8.count, atom: atom, json: json)
    }

    /// Room for `count` more bytes (made once for a report's content: a whole market's report is
    /// megabytes, and a buffer doubling its way there held it two and three times over), at
    /// least doubling when it must grow: `reserveCapacity`
    /// allocates exactly what it is asked for, so asking again for each report copied the whole
    /// feed each time (30 reports at 250 editions: 1% of a night, growing with the archive).
    static func makeRoom(in buffer: inout [UInt8], for count: Int) {
        let needed = buffer.count + count
        if buffer.capacity < needed { buffer.reserveCapacity(max(needed, buffer.isEmpty ? 0 : 2 * buffer.capacity)) }
    }

    /// The two files' bytes, closed in place (no copy of either).
    mutating func finish() -> (atom: [UInt8], json: [UInt8]) {
        atom += "</feed>\n".utf8
        json += (items == 0 ? "]\n}\n" : "\n  ]\n}\n").utf8
        defer { (atom, json) = ([], []) }
        return (atom, json)
    }
}
