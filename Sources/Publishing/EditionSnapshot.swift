import Core
import MarketData
import Project
import Signals

/// One tier's edition of one trading day as it was published: its report (rendered again from
/// this, so a theme change reaches the whole archive, but never recomputed from later data or
/// rules), and every symbol's call that day, for the track record. Kept in
/// `.signalpress/editions/`, beside the bundle that was published with it.
public struct EditionSnapshot: Codable, Sendable {
    public struct Call: Codable, Sendable, Equatable {
        public var symbol: String
        public var action: String
        public var score: Double
        public var confidence: Double
        public var close: Double
        public var votes: [Vote]
        /// The symbol's close on the bar before, as this edition's data gave it: against the
        /// close an earlier edition published for that bar, it shows an adjustment (a split, a
        /// dividend) made to the history since.
        public var previousClose: Double?

        public init(symbol: String, action: String, score: Double, confidence: Double, close: Double, votes: [Vote], previousClose: Double? = nil) {
            self.previousClose = previousClose
            self.symbol = symbol
            self.action = action
            self.score = score
            self.confidence = confidence
            self.close = close
            self.votes = votes
        }
    }

    public typealias Bundle = PublishedFile

    public var format = 1
    public var tier: String
    public var date: String
    /// The report as published, less its list of other reports (that grows with the archive).
    public var report: ReportView
    /// The line under the report's date in the reports index, and the feed entry's summary.
    public var indexSummary: String
    public var feedSummary: String
    public var calls: [Call]
    /// The bundle the build that published this edition made, when this edition was its newest.
    public var bundle: Bundle?
}

/// The editions of one tier that earlier builds published: their summaries at hand (the reports
/// index and the feed list them all), each whole edition read only when its report is rendered,
/// so the archive costs no memory as it grows.
public struct EditionArchive: Sendable {
    public struct Summaries: Codable, Sendable, Equatable {
        public var indexSummary: String
        public var feedSummary: String

        public init(indexSummary: String, feedSummary: String) {
            self.indexSummary = indexSummary
            self.feedSummary = feedSummary
        }
    }

    /// A revision or retraction of a published edition: shown on its report, never in place of it.
    public struct Correction: Sendable, Equatable {
        public var revised: Bool
        public var reason: String
        /// The day it was sealed.
        public var on: String
        /// The revised edition's bundle, for a revision.
        public var bundle: String?

        public init(revised: Bool, reason: String, on: String, bundle: String?) {
            self.revised = revised
            self.reason = reason
            self.on = on
            self.bundle = bundle
        }
    }

    public var summaries: [Day: Summaries]
    /// The corrections of each day's edition, in the order they were sealed.
    public var corrections: [Day: [Correction]] = [:]
    public var load: @Sendable (Day) -> EditionSnapshot?
    /// What the track record reads of an edition: each symbol's action and close, and the bundle's SHA-256.
    public var marks: @Sendable (Day) -> EditionMarks?

    public init(summaries: [Day: Summaries] = [:], load: @escaping @Sendable (Day) -> EditionSnapshot? = { _ in nil },
                marks: @escaping @Sendable (Day) -> EditionMarks? = { _ in nil }) {
        self.summaries = summaries
        self.load = load
        self.marks = marks
    }

    /// Every symbol the editions showed, each edition's marks read in turn.
    public var symbolsShown: Set<String> { Set(summaries.keys.flatMap { marks($0)?.calls.map(\.symbol) ?? [] }) }
}

/// An edition as the track record reads it: small, so years of them are read quickly.
public struct EditionMarks: Codable, Sendable {
    public var sha256: String?
    /// Each symbol's call without its votes.
    public var calls: [EditionSnapshot.Call]
    /// Each symbol's price basis (`TrackRecord`), and whether the edition was published on its
    /// own night: both are the edition log's, not the file's.
    public var basis: [String: Double] = [:]
    public var live = true

    enum CodingKeys: String, CodingKey { case sha256, calls }

    public init(_ snapshot: EditionSnapshot) {
        sha256 = snapshot.bundle?.sha256
        calls = snapshot.calls.map { call in
            var mark = call
            mark.votes = []
            return mark
        }
    }
}

extension Edition {
    /// `day`'s edition: made by this build, or published by an earlier one.
    public func snapshot(_ day: Day) -> EditionSnapshot? {
        made.summaries[day] != nil ? made.load(day) : archive.summaries[day] != nil ? archive.load(day) : nil
    }

    func summaries(_ day: Day) -> EditionArchive.Summaries? {
        made.summaries[day] ?? archive.summaries[day]
    }
}

extension Edition {
    /// Every day with an edition of this tier, oldest first: those earlier builds published
    /// (whether or not `archive.keep_days` still shows them) and this build's.
    public var editionDays: [Day] { Set(archive.summaries.keys).union(made.summaries.keys).sorted() }

    /// The editions of `editionDays` after the first `skipping`, read one at a time for the track record.
    public func trackRecordEditions(skipping: Int = 0) -> some Sequence<TrackRecord.Edition> {
        editionDays.dropFirst(skipping).lazy.compactMap { day in
            (made.summaries[day] != nil ? made : archive).marks(day).map {
                TrackRecord.Edition(day: day, calls: $0.calls, sha256: $0.sha256, basis: $0.basis, live: $0.live)
            }
        }
    }
}
