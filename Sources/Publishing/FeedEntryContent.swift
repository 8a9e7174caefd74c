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

/// A feed entry an earlier build kept on disk, read only when a feed carries its content: a
/// whole market's report is megabytes, the feeds carry one or two of their 30 in full, and
/// all 30 read at once held a hundred megabytes through a one-symbol rebuild.
public struct KeptFeedEntry: Sendable {
    public var noteTitle: String?
    /// The root and rooted length of the escaped forms kept with it, if any: enough to tell
    /// whether a feed's budget has room for it, without reading it.
    public var escapedRoot: String?
    public var escapedLength: Int?
    /// The whole entry; nil if it can no longer be read.
    public let read: @Sendable () -> FeedEntryContent?

    public init(noteTitle: String?, escapedRoot: String?, escapedLength: Int?, read: @escaping @Sendable () -> FeedEntryContent?) {
        self.noteTitle = noteTitle
        self.escapedRoot = escapedRoot
        self.escapedLength = escapedLength
        self.read = read
    }
}
