/// A report's content as the feeds carry it (rendered from the site's root, the page and the
/// feeds each root it where they need), and the title of its note: what a night keeps of a past
/// report so that its feed entry is not rendered again.
public struct FeedEntryContent: Sendable, Equatable {
    public var content: String
    public var noteTitle: String?

    public init(content: String, noteTitle: String?) {
        self.content = content
        self.noteTitle = noteTitle
    }
}
