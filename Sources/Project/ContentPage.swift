import Core
import MarketData

/// A Markdown page (`content/pages/*.md`) or analyst note (`content/notes/YYYY-MM-DD.md`)
/// with YAML front matter.
public struct ContentPage: Sendable, Equatable {
    public enum Kind: String, Sendable { case page, note }

    public var kind: Kind
    public var slug: String
    public var title: String
    public var description: String
    public var date: Day?
    /// The lowest tier allowed to see it; `nil` means every tier.
    public var tier: TierID?
    public var html: String
    /// The Markdown body; raw HTML in it is only rendered when `allowsHTML`.
    public var source: String
    public var allowsHTML: Bool
    public var file: String
    /// Lines of `file` whose raw HTML was left out (neither `allow_html` nor `markdown.raw_html` was set).
    public var droppedHTMLLines: [Int] = []

    static let allowedKeys = ["title", "description", "date", "slug", "tier", "allow_html"]

    /// `rawHTML` is the site's default (`markdown: { raw_html: true }`); `allow_html` in the front matter overrides it.
    static func read(_ text: String, kind: Kind, fileStem: String, file: String, tiers: [TierID], rawHTML: Bool = false) throws(ConfigError) -> ContentPage {
        let (frontMatter, body, bodyLine) = try split(XML.removingForbidden(text), file: file)
        guard let frontMatter, let root = try YAMLValue.parse(frontMatter, file: file) else {
            throw ConfigError(file: file, line: 1, column: 1, message: "missing front matter: start the file with --- and a title")
        }
        // Front matter starts on line 2; shift positions so they point into the .md file.
        let keys = try shifted(file: file) { () throws(ConfigError) in try root.mapping(allowed: allowedKeys) }
        func value(_ key: String) throws(ConfigError) -> String? {
            guard let entry = keys[key] else { return nil }
            return try shifted(file: file) { () throws(ConfigError) in try entry.string() }
        }
        guard let title = try value("title"), !title.isEmpty else {
            throw ConfigError(file: file, line: 2, column: 1, message: "front matter needs a title")
        }
        var date: Day?
        if let text = try value("date") {
            guard let day = Day(iso: text) else {
                throw ConfigError(file: file, line: (keys["date"]?.line ?? 0) + 1, column: keys["date"]?.column ?? 1,
                                  message: "date '\(text)' is not an ISO date (YYYY-MM-DD)")
            }
            date = day
        }
        if kind == .note {
            guard let fromName = Day(iso: fileStem) else {
                throw ConfigError(file: file, line: 1, column: 1, message: "a note's file name must be its date, YYYY-MM-DD.md")
            }
            if let date, date != fromName {
                throw ConfigError(file: file, line: (keys["date"]?.line ?? 0) + 1, column: 1,
                                  message: "date \(date) differs from the file name's date \(fromName)")
            }
            date = fromName
        }
        let tier = try value("tier").map { TierID($0) }
        if let tier, !tiers.contains(tier) {
            throw ConfigError(file: file, line: (keys["tier"]?.line ?? 0) + 1, column: keys["tier"]?.column ?? 1,
                              message: "unknown tier '\(tier)' (configured: \(tiers.map(\.value).joined(separator: ", ")))")
        }
        let slug = try value("slug") ?? fileStem
        guard SiteConfigReader.isID(slug) || kind == .note else {
            throw ConfigError(file: file, line: (keys["slug"]?.line ?? 0) + 1, column: 1,
                              message: "slug '\(slug)' may contain only \(SiteConfigReader.idPattern)")
        }
        let allowHTML = try keys["allow_html"].map { entry throws(ConfigError) in try shifted(file: file) { () throws(ConfigError) in try entry.bool() } } ?? rawHTML
        let rendered = Markdown.render(body, allowRawHTML: allowHTML)
        var page = ContentPage(kind: kind, slug: slug, title: title, description: try value("description") ?? "",
                               date: date, tier: tier, html: rendered.html, source: body, allowsHTML: allowHTML, file: file)
        page.droppedHTMLLines = rendered.droppedHTMLLines.map { $0 + bodyLine - 1 }
        return page
    }

    static func shifted<T>(file: String, _ body: () throws(ConfigError) -> T) throws(ConfigError) -> T {
        do { return try body() } catch {
            var moved = error
            moved.line += 1
            throw moved
        }
    }

    /// Splits `---\n<yaml>\n---\n<markdown>` into the YAML, the body, and the file line the body starts on.
    static func split(_ text: String, file: String) throws(ConfigError) -> (String?, String, Int) {
        // "\r\n" is one Character in Swift, so Windows line endings are made plain first.
        let text = text.replacingOccurrences(of: "\r\n", with: "\n")
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if lines.first?.hasPrefix("\u{FEFF}") == true { lines[0].removeFirst() }
        guard lines.first == "---" else { return (nil, text, 1) }
        guard let end = lines.dropFirst().firstIndex(of: "---") else {
            throw ConfigError(file: file, line: 1, column: 1, message: "front matter is not closed: add a line with --- after it")
        }
        let yaml = lines[1..<end].joined(separator: "\n")
        let body = lines[(end + 1)...].joined(separator: "\n")
        return (yaml, body, end + 2)
    }
}
