import Core
import Foundation
import MarketData
import Project
import Publishing
import Tiers

/// One tier's output while the build streams: its edition, its bundle being written, and its
/// leak boundary, checked on every file as it is produced. The lowest tier's files are also the
/// public site, written into the staging directory. A preview of a paid tier (`serve --tier`)
/// has no bundle: its files go straight into the staging directory, as a subscriber unzips them.
final class TierOutput: @unchecked Sendable {
    var edition: Edition
    let rank: Int
    let bundle: BundlePath
    /// Nil for a preview of a paid tier.
    let zip: ZipWriter?
    let scanner: LeakCheck.Scanner
    /// The staging site: for the lowest tier, or the one tier a preview shows.
    let site: StagingSite?
    /// The lowest tier, whose files are the public site (sitemap, robots, headers, status beside them).
    var isPublic: Bool { rank == 0 }
    private let lock = NSLock()
    private(set) var leaks: [LeakCheck.Leak] = []
    /// The public site's HTML pages (for the sitemap) and price charts, for the lowest tier.
    private(set) var pages: [String] = []
    private(set) var chartCount = 0
    /// The track-record marks of the editions this build made, until they are kept.
    var marks: [Day: EditionMarks] = [:]
    /// The edition of the tier's own date, written once its bundle is sealed (it names the bundle).
    var newest: (snapshot: EditionSnapshot, calls: [Data])?

    init(edition: Edition, rank: Int, bundle: BundlePath, zip: ZipWriter?, boundary: LeakCheck.Boundary, site: StagingSite?) {
        self.edition = edition
        self.rank = rank
        self.bundle = bundle
        self.zip = zip
        scanner = LeakCheck.Scanner(boundary: boundary)
        self.site = site
    }

    var tier: TierConfig { edition.tier }

    /// A file of this tier's edition: into its bundle (with a symbol's other files when `batch`
    /// is given) and, for the lowest tier, the site.
    func add(_ path: String, _ bytes: [UInt8], batch: ZipWriter.Batch? = nil) {
        let leak = scanner.leak(in: bytes, path: path, shownAs: isPublic || zip == nil ? path : "\(bundle.archive):\(path)")
        if let zip { if let batch { zip.add(path, bytes, to: batch) } else { zip.add(path, bytes) } }
        site?.write(path, bytes)
        lock.lock()
        if let leak { leaks.append(leak) }
        if site != nil {
            if path.hasSuffix(".html") { pages.append(path) }
            if path.hasSuffix("/chart.svg") { chartCount += 1 }
        }
        lock.unlock()
    }

    /// A file of the public site only (sitemap, status, published keys), checked like the rest.
    func addToSite(_ path: String, _ bytes: [UInt8]) {
        guard let site else { return }
        let leak = scanner.leak(in: bytes, path: path)
        site.write(path, bytes)
        lock.lock()
        if let leak { leaks.append(leak) }
        lock.unlock()
    }
}
