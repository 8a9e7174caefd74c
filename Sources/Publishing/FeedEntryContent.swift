/// A report's content as the feeds carry it (rendered from the site's root, the page and the
/// feeds each root it where they need), and the title of its note: what a night keeps of a past
/// report so that its feed entry is not rendered again.
public struct FeedEntryContent: Sendable, Equatable {
    public var content: String
    public var noteTitle: String?
    /// The content as a site's feeds last carried it, escaped for each; nil when none did.
    public var escaped: EscapedFeedContent?

    public init(content: String, noteTitle: String?, escaped: EscapedFeedContent? = nil) {
        self.content = content
        self.noteTitle = noteTitle
        self.escaped = escaped
    }
}

/// A report's content with every link rooted at `root`, escaped for the Atom feed and for JSON
/// Feed: what the feeds write of it. A night's feeds carry 30 reports, and rooting and escaping
/// each of them again every night (five passes over tens of kilobytes) grew with the archive.
public struct EscapedFeedContent: Sendable, Equatable {
    public var root: String
    /// The rooted content's bytes: what a feed's budget counts.
    public var length: Int
    public var atom: [UInt8]
    public var json: [UInt8]

    public init(root: String, length: Int, atom: [UInt8], json: [UInt8]) {
        self.root = root
        self.length = length
        self.atom = atom
        self.json = json
    }
}
