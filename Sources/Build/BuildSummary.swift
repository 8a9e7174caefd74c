import Core
import MarketData

/// What a build did, for the terminal, the logs and `metrics.prom`.
public struct BuildSummary: Sendable {
    public var asOf: Day
    /// HTML pages of the public site.
    public var pages = 0
    /// Price charts (`chart.svg`) of the public site; sparklines are not counted.
    public var charts = 0
    public var bundles = 0
    /// Each bundle's file count, in tier order.
    public var bundleFiles: [(tier: TierID, files: Int)] = []
    /// Files and bytes in the published output.
    public var files = 0
    public var bytes = 0
    /// Files whose bytes changed (the rest were hard-linked from the previous site).
    public var rewritten = 0
    public var warnings: [String] = []
    /// Warnings about a file that an earlier build reported for the file as it is now: `build`
    /// does not say them again (`check` does).
    public var repeatedWarnings: Set<String> = []
    /// The symbol a warning is about, by its text, for structured logs.
    public var warningSymbols: [String: String] = [:]
    public var generatedKey: String?
    public var ledgerEvents = 0
    public var fetch: FetchSummary?
    public var hookCommentaries: Int?
    public var stages: [(stage: String, seconds: Double, peakKiB: Int)] = []
    public var symbolsOK = 0, symbolsStale = 0, symbolsFailed = 0
    /// Nothing changed since the last build: the output was left exactly as it was.
    public var unchanged = false
    /// The most symbol series and analyses that were in memory at one time: at most `--jobs`.
    public var peakSeriesInMemory = 0
    /// Symbols whose prices were adjusted for splits and dividends (`Adj Close`, `data.prices: adjusted`).
    public var symbolsAdjusted = 0
    /// Notes dated after the build date, by date: they wait for their day.
    public var notesScheduled: [Day] = []
    /// `data.source: http`: series the fetch had to keep in memory (the cache could not take them).
    public var seriesHeldAfterFetch = 0
    public var peakAnalysesInMemory = 0
    /// `archive.keep_days`: bundles of earlier editions kept in the edition store but left out of the site.
    public var editionsNotPublished = 0
    /// Editions this build sealed in the edition log.
    public var editionsSealed = 0
    /// Alerts this build queued in the outbox for `deliver`.
    public var alertsQueued = 0
    /// Chain heads an RFC 3161 authority stamped (`archive.timestamp`).
    public var timestamped = 0
    /// `serve`: symbols whose files were taken from the last preview build (`PreviewMemo`).
    public var symbolsReused = 0
    /// `signalpress check`: links of the public site that were followed.
    public var linksChecked = 0

    public init(asOf: Day) { self.asOf = asOf }
}

extension BuildSummary {
    /// What a build has to tell beside its counts, one line each: the fetch, adjusted prices, a new key.
    public var notices: [String] {
        var lines: [String] = []
        if let fetch { lines.append("market data: " + fetch.line) }
        if symbolsAdjusted > 0 {
            lines.append("prices: adjusted for splits and dividends (Adj Close) for \(NumberText.counted(symbolsAdjusted, "symbol")); data.prices: raw turns this off")
        }
        for (day, count) in Dictionary(grouping: notesScheduled, by: { $0 }).mapValues(\.count).sorted(by: { $0.key < $1.key }) {
            lines.append("\(NumberText.counted(count, "note")) scheduled for \(day)")
        }
        if editionsNotPublished > 0 {
            lines.append("archive: \(NumberText.counted(editionsNotPublished, "older bundle")) and their reports stay in .signalpress/editions "
                + "but are not published (archive.keep_days); raise it, or set it to all, and build to publish them again")
        }
        if timestamped > 0 {
            lines.append("archive: \(NumberText.counted(timestamped, "chain head")) timestamped by the time-stamp authority (timestamp.tsr beside the bundle)")
        }
        if !repeatedWarnings.isEmpty {
            lines.append("\(NumberText.counted(repeatedWarnings.count, "warning")) about unchanged files reported by an earlier build "
                + "\(repeatedWarnings.count == 1 ? "is" : "are") not repeated; signalpress check lists every warning")
        }
        if let generatedKey {
            lines.append("created signing key \(generatedKey) in .signalpress/keys/ (back it up; its public half is published at keys/signing.pub)")
        }
        return lines
    }
}

extension BuildSummary {
    /// The build's one-line account, nouns agreeing with their numbers:
    /// `24 public pages, 4 charts; bundles: free 61 files, pro 120 files; 1 warning; 3 new ledger events; 144 files written`.
    public var line: String {
        var parts = ["\(NumberText.counted(pages, "public page"))" + (charts > 0 ? ", \(NumberText.counted(charts, "chart"))" : "")]
        if !bundleFiles.isEmpty {
            parts.append("bundles: " + bundleFiles.map { "\($0.tier) \(NumberText.counted($0.files, "file"))" }.joined(separator: ", "))
        }
        parts.append(NumberText.counted(warnings.count, "warning") + (repeatedWarnings.isEmpty ? "" : " (\(repeatedWarnings.count) reported before)"))
        if ledgerEvents > 0 { parts.append("\(NumberText.counted(ledgerEvents, "new ledger event"))") }
        parts.append("\(NumberText.counted(files, "file")) in the output (\(rewritten) rewritten)")
        return parts.joined(separator: "; ")
    }
}
