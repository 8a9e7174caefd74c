import Core
import Foundation
import Synchronization
import MarketData
import Project
import Publishing
import Tiers

/// One tier's output while the build streams: its edition, its bundle being written, and its
/// leak boundary, checked on every file as it is produced. The lowest tier's files are also the
/// public site, written into the staging directory. A preview of a paid tier (`serve --tier`)
/// has no bundle: its files go straight into the staging directory, as a subscriber unzips them.
final class TierOutput: Sendable {
    let rank: Int
    let bundle: BundlePath
    /// Nil for a preview of a paid tier.
    let zip: ZipWriter?
    let scanner: LeakCheck.Scanner
    /// For what the sealed editions already published (past reports, the feeds, the track
    /// record): the same boundary less the symbols those editions showed, made when first needed.
    private let history: Mutex<(published: Set<String>, scanner: LeakCheck.Scanner)?> = Mutex(nil)
    private let boundary: LeakCheck.Boundary
    /// Where the tier's pages go in the staging site: the whole site for the lowest tier (or the
    /// one tier a preview shows), `members/<tier>/` for a paid tier's members' area.
    let site: StagingSite.Area?

    private struct State {
        var edition: Edition
        var leaks: [LeakCheck.Leak] = []
        var pages: [String] = []
        var chartCount = 0
        var marks: [Day: EditionMarks] = [:]
        var sealedBundle: SealedBundle?
        var keptInPastEditions: Set<String> = []
        var trackRecord: TrackRecord.Fold?
        var renderedReports: [Day: URL] = [:]
        var trackRecordEnded: (first: Int, outputs: [TrackRecord.EndedCallOutput]) = (0, [])
    }

    /// The bundle this build sealed for the tier, and the hash of its signed manifest.
    struct SealedBundle: Sendable {
        var archive: PublishedFile
        var manifestHash: String
    }

    /// The track record's reading of every edition, saved for the next build once this one is published.
    var trackRecord: TrackRecord.Fold? {
        get { state.withLock { $0.trackRecord } }
        set { state.withLock { $0.trackRecord = newValue } }
    }

    /// What this build wrote anew of the calls the track record ended, from the `first` not
    /// reused on, saved for the next (`KeptTrackRecord`).
    var trackRecordEnded: (first: Int, outputs: [TrackRecord.EndedCallOutput]) {
        get { state.withLock { $0.trackRecordEnded } }
        set { state.withLock { $0.trackRecordEnded = newValue } }
    }

    /// Feed entries this build rendered anew, kept for the next build (`ReportPageMemo`): each
    /// written to `spool` as soon as it is rendered, since a whole market's report is megabytes
    /// and a first build renders eleven of them per tier.
    var renderedReports: [Day: URL] { state.withLock { $0.renderedReports } }
    let spool: URL

    func rendered(_ day: Day, _ content: FeedEntryContent) {
        let file = spool.appendingPathComponent("\(day).html")
        do {
            try FileManager.default.createDirectory(at: spool, withIntermediateDirectories: true)
            try ReportPageMemo.write(content, to: file)
        } catch { return }   // not kept: the next build renders that report again
        state.withLock { $0.renderedReports[day] = file }
    }

    var sealedBundle: SealedBundle? {
        get { state.withLock { $0.sealedBundle } }
        set { state.withLock { $0.sealedBundle = newValue } }
    }
    private let state: Mutex<State>

    /// Filled in as the build goes (`updateEdition`): summaries as symbols stream, editions once they are made.
    var edition: Edition { state.withLock { $0.edition } }
    /// Fixed when the output is made, and read on every file written: kept out of the lock.
    let tier: TierConfig
    /// The edition's date (the tier's delayed date).
    let asOf: Day
    /// The lowest tier, whose files are the public site (sitemap, robots, headers, status beside them).
    let isPublic: Bool
    var leaks: [LeakCheck.Leak] { state.withLock { $0.leaks } }
    /// The public site's HTML pages (for the sitemap) and price charts, for the lowest tier.
    var pages: [String] { state.withLock { $0.pages } }
    var chartCount: Int { state.withLock { $0.chartCount } }
    /// The track-record marks of the editions this build made, until they are kept.
    var marks: [Day: EditionMarks] { state.withLock { $0.marks } }

    /// Changes the edition and the marks in place under the lock: a copy out and back would copy
    /// their dictionaries on every change.
    func update(_ change: (inout Edition, inout [Day: EditionMarks]) -> Void) {
        state.withLock { change(&$0.edition, &$0.marks) }
    }

    init(edition: Edition, rank: Int, bundle: BundlePath, zip: ZipWriter?, boundary: LeakCheck.Boundary, site: StagingSite.Area?, spool: URL) {
        state = Mutex(State(edition: edition))
        self.spool = spool
        (tier, asOf, isPublic) = (edition.tier, edition.asOf, edition.isPublic)
        self.rank = rank
        self.bundle = bundle
        self.zip = zip
        scanner = LeakCheck.Scanner(boundary: boundary)
        self.boundary = boundary
        self.site = site
    }

    /// A file of this tier's edition: into its bundle (with a symbol's other files when `batch`
    /// is given, compressed once for the tiers with the same `sharing`) and, for the lowest tier, the site.
    func add(_ path: String, _ bytes: [UInt8], batch: ZipWriter.Batch? = nil, sharing: ZipWriter.SharedEntries? = nil) {
        let leak = scan(bytes, path: path, shownAs: isPublic || zip == nil ? path : "\(bundle.archive):\(path)")
        if let zip { if let batch { zip.add(path, bytes, to: batch, sharing: sharing) } else { zip.add(path, bytes) } }
        site?.write(path, bytes)
        let inSite = site != nil
        state.withLock { state in
            if let leak { state.leaks.append(leak) }
            if inSite {
                if path.hasSuffix(".html") { state.pages.append(path) }
                if path.hasSuffix("/chart.svg") { state.chartCount += 1 }
            }
        }
    }

    /// Symbols the tier's sealed editions showed and it may no longer see (moved to a paid
    /// tier): kept in what those editions published, reported once per build.
    var keptInPastEditions: Set<String> { state.withLock { $0.keptInPastEditions } }

    /// The leak check of one file. A file made from sealed editions may show a symbol they
    /// published when the tier still saw it; anything else it may not.
    func scan(_ bytes: [UInt8], path: String, shownAs: String) -> LeakCheck.Leak? {
        guard let leak = scanner.leak(in: bytes, path: path, shownAs: shownAs) else { return nil }
        guard let symbol = leak.symbol, Self.fromSealedEditions(path, asOf: asOf) else { return leak }
        let (published, history) = history.withLock { cached in
            if let cached { return cached }
            let published = edition.archive.symbolsShown
            var narrower = boundary
            narrower.symbols.subtract(published)
            cached = (published, LeakCheck.Scanner(boundary: narrower))
            return cached!
        }
        guard published.contains(symbol) else { return leak }
        let rest = history.leak(in: bytes, path: path, shownAs: shownAs)
        state.withLock { $0.keptInPastEditions.formUnion(published.intersection(boundary.symbols)) }
        return rest
    }

    /// Past reports and their index, the feeds and the track record: pages made from what sealed editions published.
    static func fromSealedEditions(_ path: String, asOf: Day) -> Bool {
        (path.hasPrefix("reports/") && !path.hasPrefix("reports/\(asOf)/")) || path.hasPrefix("feed.") || path.hasPrefix("track-record")
    }

    /// A page of the site carried over from the one published (a past report that would render the same).
    func keepFromSite(_ path: String) {
        guard let site else { return }
        site.carry(path)
        if path.hasSuffix(".html") { state.withLock { $0.pages.append(path) } }
    }

    /// A file of the bundle only (the day's own report, as the bundle holds it), checked like the rest.
    func addToBundle(_ path: String, _ bytes: [UInt8]) {
        guard let zip else { return }
        let leak = scan(bytes, path: path, shownAs: isPublic ? path : "\(bundle.archive):\(path)")
        zip.add(path, bytes)
        if let leak { state.withLock { $0.leaks.append(leak) } }
    }

    /// The files that list the whole archive (the feeds, the track record, the sitemap): the
    /// public site publishes them and leaves them out of its day's bundle, which holds that day
    /// and does not grow with the archive. A paid tier's members' area has them all; its bundle
    /// has its track record and feeds of its own day.
    static let listings: Set<String> = ["feed.xml", "feed.json", "track-record.json", "track-record/index.html", "sitemap.xml"]

    func addListing(_ path: String, _ bytes: [UInt8]) {
        // Past reports are the site's alone: the public site's, or a paid tier's members' area. So
        // are the feeds of a tier with a site (a paid tier's bundle has feeds of its own day).
        let siteOnly = path.hasPrefix("reports/") || (site?.isWholeSite == true && Self.listings.contains(path))
            || (site != nil && path.hasPrefix("feed."))
        if siteOnly { addToSite(path, bytes) } else { add(path, bytes) }
    }

    /// A file of the public site only (sitemap, status, published keys), checked like the rest.
    func addToSite(_ path: String, _ bytes: [UInt8]) {
        guard let site else { return }
        let leak = scan(bytes, path: path, shownAs: path)
        site.write(path, bytes)
        state.withLock { state in
            if let leak { state.leaks.append(leak) }
            if path.hasSuffix(".html") { state.pages.append(path) }
        }
    }
}
