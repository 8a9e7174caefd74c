import Core
import Foundation
import Project
import Publishing

/// `.signalpress/report-pages.json`: what each tier's past report pages were rendered from, so
/// a night renders only the reports that changed. A past report is a function of its sealed
/// edition (never changes), its neighbours, its corrections and the layout (the theme,
/// `site.yml`, the names of the pages and watchlists the navigation lists, this executable):
/// with all of those unchanged, editing a page's text included, the page published last night
/// is carried over as it is, and the newest reports' feed entries are read back from
/// `.signalpress/report-content/<tier>/<day>.html`, so a night costs the same with 250
/// editions as with 10.
struct ReportPageMemo: Codable, Equatable {
    var layout: String
    /// Per tier, each report day's neighbours and corrections, as `descriptor` writes them.
    var tiers: [String: [String: String]]

    static func load(_ state: StateDirectory) -> ReportPageMemo? {
        FileManager.default.contents(atPath: state.reportPages.path).flatMap { try? JSONDecoder().decode(ReportPageMemo.self, from: $0) }
    }

    /// Saves the memo of `tiers` (each tier's edition as this build published it) after the
    /// feed entries each rendered anew; a feed entry that left the feeds is removed.
    static func save(_ tiers: [TierOutput], layout: String, _ state: StateDirectory) {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        var memo = ReportPageMemo(layout: layout, tiers: [:])
        for tier in tiers where tier.edition.showsReports {
            let folder = state.reportContent(tier.tier.id)
            try? FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            for (day, spooled) in tier.renderedReports {
                let kept = folder.appendingPathComponent("\(day).html")
                // Moved in by a rename where the spool is beside it, copied where it is not (a preview's).
                if (try? EditionStore.sync(spooled)) == nil || rename(spooled.path, kept.path) != 0,
                   let data = FileManager.default.contents(atPath: spooled.path) {
                    try? EditionStore.replace(kept, with: data)
                }
            }
            let feedDays = Set(tier.edition.reportDays.prefix(SiteRenderer.feedEntries).map { "\($0).html" })
            for name in (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? [] where !feedDays.contains(name) {
                unlink(folder.appendingPathComponent(name).path)
            }
            memo.tiers[tier.tier.id.value] = descriptors(tier.edition)
        }
        guard let data = try? encoder.encode(memo) else { return }
        try? EditionStore.replace(state.reportPages, with: data)
    }

    /// The first line of a kept feed entry: its note's title, and the bytes of each part after it.
    private struct EntryHead: Codable {
        var noteTitle: String?
        var content: Int
        /// The content as the feeds escaped it (`EscapedFeedContent`), when they carried it.
        var root: String?
        var length: Int?
        var atom: Int?
        var json: Int?
    }

    /// Writes a feed entry as kept: a line of JSON (`EntryHead`), then the content as it is, then
    /// the content as the Atom feed and as JSON Feed escaped it. Part by part: a whole market's
    /// report is megabytes in each of its three forms, and joined first they were held twice.
    static func write(_ entry: FeedEntryContent, to url: URL) throws {
        guard let file = fopen(url.path, "wb") else { throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: url.path]) }
        var failed = false
        write(entry) { part in
            if !failed, part.withUnsafeBytes({ fwrite($0.baseAddress, 1, $0.count, file) }) != part.count { failed = true }
        }
        if fclose(file) != 0 || failed { throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: url.path]) }
    }

    private static func write(_ entry: FeedEntryContent, _ part: (UnsafeRawBufferPointer) -> Void) {
        var head = EntryHead(noteTitle: entry.noteTitle, content: entry.content.utf8.count)
        if let escaped = entry.escaped {
            (head.root, head.length, head.atom, head.json) = (escaped.root, escaped.length, escaped.atom.count, escaped.json.count)
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        var line = (try? encoder.encode(head)) ?? Data()
        line.append(10)
        line.withUnsafeBytes(part)
        var content = entry.content
        content.withUTF8 { part(UnsafeRawBufferPointer($0)) }
        if let escaped = entry.escaped {
            escaped.atom.withUnsafeBytes(part)
            escaped.json.withUnsafeBytes(part)
        }
    }

    /// Nil for anything `write(_:to:)` did not write (an entry kept by an earlier version): that
    /// report is rendered again.
    static func entry(_ data: Data) -> FeedEntryContent? {
        guard let newline = data.firstIndex(of: 10), let head = try? JSONDecoder().decode(EntryHead.self, from: data[..<newline]) else { return nil }
        let body = data[(newline + 1)...]
        let (atom, json) = (head.atom ?? 0, head.json ?? 0)
        guard body.count == head.content + atom + json else { return nil }
        let contentEnd = body.startIndex + head.content
        var entry = FeedEntryContent(content: String(decoding: body[..<contentEnd], as: UTF8.self), noteTitle: head.noteTitle)
        if let root = head.root, let length = head.length {
            entry.escaped = EscapedFeedContent(root: root, length: length, atom: [UInt8](body[contentEnd..<(contentEnd + atom)]),
                                               json: [UInt8](body[(contentEnd + atom)...]))
        }
        return entry
    }

    /// The kept entry at `url`, its first line read and its size checked against it; the rest
    /// is read when a feed carries it. Nil for what `write(_:to:)` did not write whole.
    static func kept(_ url: URL) -> KeptFeedEntry? {
        guard let file = FileHandle(forReadingAtPath: url.path) else { return nil }
        defer { try? file.close() }
        // The line is a few numbers and the note's title, which a page heading keeps short.
        guard let start = try? file.read(upToCount: 64 * 1024), let newline = start.firstIndex(of: 10),
              let head = try? JSONDecoder().decode(EntryHead.self, from: start[..<newline]),
              let size = try? file.seekToEnd(), Int(size) == newline - start.startIndex + 1 + head.content + (head.atom ?? 0) + (head.json ?? 0)
        else { return nil }
        let path = url.path
        return KeptFeedEntry(noteTitle: head.noteTitle, escapedRoot: head.length == nil ? nil : head.root, escapedLength: head.length) {
            FileManager.default.contents(atPath: path).flatMap(Self.entry)
        }
    }

    /// The hash of everything a report page's layout is made from.
    static func layout(_ project: Project, keys: URL) -> String {
        let siteFile = (try? String(contentsOf: project.contentDirectory.appendingPathComponent("site.yml"), encoding: .utf8)) ?? ""
        let navigation = project.pages.map { "page \($0.slug) \($0.title) \($0.tier?.value ?? "")" }
            + project.watchlists.map { "watchlist \($0.id) \($0.title)" }
        return BuildState.fingerprint(folders: [project.templatesDirectory], keys: keys, options: ["site.yml " + siteFile] + navigation)
    }

    /// What else a report page shows: the reports before and after it, and its corrections.
    static func descriptors(_ edition: Edition) -> [String: String] {
        var result: [String: String] = [:]
        for (index, day) in edition.reportDays.enumerated() {
            let older = index + 1 < edition.reportDays.count ? edition.reportDays[index + 1].iso : ""
            let newer = index > 0 ? edition.reportDays[index - 1].iso : ""
            result[day.iso] = "\(older) \(newer) \(edition.archive.corrections[day]?.count ?? 0)"
        }
        return result
    }

    /// The sealed report days of `tier` whose reports are as this build would render them: for a
    /// tier with a site, their pages are in the published site; the newest, which the feeds carry, have
    /// their content kept too, returned with them.
    func unchanged(_ tier: TierOutput, layout: String, state: StateDirectory) -> (days: Set<Day>, content: [Day: KeptFeedEntry]) {
        let edition = tier.edition
        guard layout == self.layout, let pages = tiers[tier.tier.id.value] else { return ([], [:]) }
        let now = Self.descriptors(edition)
        let folder = state.reportContent(tier.tier.id)
        var (days, content) = (Set<Day>(), [Day: KeptFeedEntry]())
        for (index, day) in edition.reportDays.enumerated() {
            guard edition.archive.summaries[day] != nil, pages[day.iso] == now[day.iso] else { continue }
            if let site = tier.site {
                let page = site.published + "reports/\(day)/"
                guard access(page + "index.html", F_OK) == 0, access(page + "report.md", F_OK) == 0 else { continue }
            }
            if index < SiteRenderer.feedEntries {
                guard let entry = Self.kept(folder.appendingPathComponent("\(day).html")) else { continue }
                content[day] = entry
            } else if tier.site == nil {
                break
            }
            days.insert(day)
        }
        return (days, content)
    }
}
