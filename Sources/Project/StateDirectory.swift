import Core
import Foundation

/// `.signalpress/` beside `content/`: project state that is never published. Every path in it
/// is named here and nowhere else.
public struct StateDirectory: Sendable {
    public let url: URL

    public init(project root: URL) { url = root.appendingPathComponent(".signalpress") }

    /// The SQLite ledger of builds, subscribers and usage.
    public var ledger: URL { url.appendingPathComponent("ledger.sqlite") }
    /// Ed25519 signing keys (private halves mode 0600).
    public var keys: URL { url.appendingPathComponent("keys") }
    /// `data.source: http`: the last good response per symbol.
    public var marketCache: URL { url.appendingPathComponent("cache") }
    /// The post-analysis hook's output, by the hash of its input.
    public var hookCache: URL { url.appendingPathComponent("hooks") }
    /// What the last build read and wrote, to skip a build that has nothing to do.
    public var buildState: URL { url.appendingPathComponent("build-state.json") }
    /// The warnings about files that builds have reported, so an unchanged file's are not repeated.
    public var warnings: URL { url.appendingPathComponent("warnings.json") }
    /// What each tier's past report pages were rendered from (`ReportPageMemo`).
    public var reportPages: URL { url.appendingPathComponent("report-pages.json") }
    /// The content of `tier`'s newest reports as its feeds carry them, one file per day (`ReportPageMemo`).
    public func reportContent(_ tier: TierID) -> URL { url.appendingPathComponent("report-content/\(tier.value)") }
    /// The track record's reading of `tier`'s editions as the last build left it (`TrackRecord.Fold`).
    public func trackRecord(_ tier: TierID) -> URL { url.appendingPathComponent("track-record/\(tier.value).fold") }
    /// The calls `tier`'s track record has ended, with their rows and JSON as written, appended
    /// build by build (`KeptTrackRecord`).
    public func trackRecordEnded(_ tier: TierID) -> URL { url.appendingPathComponent("track-record/\(tier.value).ended") }
    /// Prometheus textfile-collector metrics of the last build.
    public var metrics: URL { url.appendingPathComponent("metrics.prom") }
    /// Every tier's published editions and the bundles published with them (`EditionStore`).
    public var editions: URL { url.appendingPathComponent("editions", isDirectory: true) }
    /// `serve`'s private build.
    public var preview: URL { url.appendingPathComponent("preview") }
    /// The members' revocation list as the edge reads it, written by every build: nginx `map`
    /// entries, and one key per subscriber for a Workers KV namespace and a CloudFront KeyValueStore.
    public var revocations: (nginx: URL, workers: URL, cloudFront: URL) {
        let folder = url.appendingPathComponent("edge", isDirectory: true)
        return (folder.appendingPathComponent("revocations.nginx"), folder.appendingPathComponent("revocations.workers.json"),
                folder.appendingPathComponent("revocations.cloudfront.json"))
    }
}

extension Project {
    public var state: StateDirectory { StateDirectory(project: root) }
}
