import Core
import Foundation

/// `usage ingest`: streams an access log in bounded memory and records one `bundle.downloaded`
/// per successful request for a bundle zip whose link was genuine when it was used: the token
/// and expiry are checked with the code that signs links (`links`), the path read as nginx
/// reads it, and the download billed to the link's `sub` at the price of the tier in the path.
/// Free bundles are never billed. What is refused is counted by reason.
public struct LogIngest: Sendable {
    public struct Summary: Sendable, Equatable {
        public var read = 0
        public var recorded = 0
        public var duplicates = 0
        /// Subscribers whose email this log turned off.
        public var unsubscribed = 0
        /// Requests that are no download at all: failed, not a GET, or not a bundle.
        public var ignored = 0
        /// Bundle downloads that are not billed, by reason (bad token, expired link, free bundle, ...).
        public var refused: [String: Int] = [:]
        /// Line number and what is wrong, for lines that could not be read.
        public var malformed: [(line: Int, problem: String)] = []

        public static func == (lhs: Summary, rhs: Summary) -> Bool {
            lhs.read == rhs.read && lhs.recorded == rhs.recorded && lhs.duplicates == rhs.duplicates && lhs.ignored == rhs.ignored
                && lhs.refused == rhs.refused && lhs.malformed.map(\.line) == rhs.malformed.map(\.line)
        }
    }

    /// What decides whether a bundle download was genuine and billable.
    public struct Links: Sendable {
        /// Why the link `query` for `uri` was not valid at `unixTime` (`bad token`, `expired`), or `nil`.
        public var refusal: @Sendable (_ uri: String, _ query: String, _ unixTime: Int) -> String?
        /// Tiers whose bundles are free: their downloads are never billed.
        public var freeTiers: Set<TierID>
        /// The members' area's checks; nil: its requests are not counted.
        public var members: Members?
        /// The one-click unsubscribe address and its check; nil: unsubscribes are not read.
        public var unsubscribe: Unsubscribe?

        public init(freeTiers: Set<TierID>, members: Members? = nil, refusal: @escaping @Sendable (_ uri: String, _ query: String, _ unixTime: Int) -> String?) {
            self.refusal = refusal
            self.freeTiers = freeTiers
            self.members = members
        }
    }

    /// A logged one-click unsubscribe (RFC 8058's POST): the path the edge answers it at, and the
    /// subscriber whose signed link the query is (nil for a forged one).
    public struct Unsubscribe: Sendable {
        public var path: String
        public var subscriber: @Sendable (_ query: String) -> String?

        public init(path: String, subscriber: @escaping @Sendable (_ query: String) -> String?) {
            self.path = path
            self.subscriber = subscriber
        }
    }

    /// What decides whether a members' request was genuine: the checks the edge made, made again.
    public struct Members: Sendable {
        /// Why the sign-in link `query` for `path` was not good at `unixTime`, or nil.
        public var signInRefusal: @Sendable (_ path: String, _ query: String, _ unixTime: Int) -> String?
        /// The subscriber whose private feed `path` is, or nil when its token is none of theirs.
        public var feedSubscriber: @Sendable (_ path: String) -> String?

        public init(signInRefusal: @escaping @Sendable (_ path: String, _ query: String, _ unixTime: Int) -> String?,
                    feedSubscriber: @escaping @Sendable (_ path: String) -> String?) {
            self.signInRefusal = signInRefusal
            self.feedSubscriber = feedSubscriber
        }
    }

    /// The verdict on one log record.
    public enum Verdict: Sendable, Equatable {
        case billable(UsageEvent)
        /// A subscriber's one-click unsubscribe: their email is turned off when it is recorded the first time.
        case unsubscribed(UsageEvent)
        case ignored
        case refused(String)
    }

    public var store: LedgerStore
    public var format: AccessLogParser.Format
    public var links: Links
    public var batchSize = 5_000
    /// Longer lines are skipped and counted as malformed, the rest of the file still read.
    public var maximumLineBytes = 1 << 20

    public init(store: LedgerStore, format: AccessLogParser.Format, links: Links) {
        self.store = store
        self.format = format
        self.links = links
    }

    /// What a log record stands for.
    public static func verdict(_ record: AccessLogRecord, source: String, links: Links) -> Verdict {
        if let unsubscribe = links.unsubscribe, record.method == "POST", record.canonicalPath == unsubscribe.path {
            guard (200..<300).contains(record.status) else { return .ignored }
            guard let subscriber = unsubscribe.subscriber(record.query) else { return .refused("an unsubscribe link that is none of its subscriber's") }
            return .unsubscribed(UsageEvent(event: .unsubscribed, subscriber: subscriber, value: 1, occurredAt: record.time, source: source,
                                            properties: ["network": UsageEvent.network(of: record.client)],
                                            fact: [subscriber, record.time, record.client, record.userAgent]))
        }
        if let members = links.members, record.method == "GET", let path = record.canonicalPath, path.hasPrefix("/members/") {
            return memberVerdict(record, path: path, source: source, members: members)
        }
        guard record.status == 200 || record.status == 206, record.method == "GET", let path = record.canonicalPath else { return .ignored }
        let parts = path.split(separator: "/")
        guard parts.count == 4, parts[0] == "bundles", parts[3] == "\(parts[1])-\(parts[2]).zip" else { return .ignored }
        let tier = TierID(String(parts[1]))
        guard !links.freeTiers.contains(tier) else { return .refused("free bundle") }
        // The configs deploy-config writes never answer a paid bundle with a range: a 206 means
        // an edge that serves parts of it unbilled, which the summary must show, not bury.
        guard record.status == 200 else { return .refused("a range request (206), which deploy-config's edge refuses; check the edge config") }
        let parameters = record.parameters
        guard parameters.repeated == nil else { return .refused("a query parameter given twice") }
        guard let subscriber = parameters["sub"], Subscriber.isValid(id: subscriber) else { return .refused("no valid sub") }
        guard let time = UTCTime.unix(record.time) else { return .refused("no valid time") }
        if let refusal = links.refusal(path, record.query, time) { return .refused(refusal) }
        return .billable(UsageEvent(event: .downloaded, subscriber: subscriber, value: 1, occurredAt: record.time, source: source,
                                    properties: ["path": path, "bytes": String(record.bytes), "tier": tier.value],
                                    fact: [subscriber, path, record.time, record.client, String(record.bytes), record.userAgent, record.query]))
    }

    /// A request of the members' area: a sign-in the edge let through (302 with the cookie), a
    /// page it served (200, HTML, to the subscriber the log names), a private feed it served.
    /// Assets, refusals and redirects are no one's use.
    static func memberVerdict(_ record: AccessLogRecord, path: String, source: String, members: Members) -> Verdict {
        let parts = path.split(separator: "/", omittingEmptySubsequences: true)
        guard parts.count >= 2, let time = UTCTime.unix(record.time) else { return .ignored }
        let tier = String(parts[1])
        var properties = ["path": path, "tier": tier, "network": UsageEvent.network(of: record.client)]
        let fact = { (subscriber: String) in [subscriber, path, record.time, record.client, String(record.bytes), record.userAgent, record.query] }
        if parts.count == 3, parts[2] == "signin" {
            guard record.status == 302 else { return .ignored }
            let parameters = LinkQuery(record.query, names: LinkQuery.signInNames)
            guard parameters.repeated == nil else { return .refused("a query parameter given twice") }
            guard let subscriber = parameters["sub"], Subscriber.isValid(id: subscriber) else { return .refused("no valid sub") }
            if let refusal = members.signInRefusal(path, record.query, time) { return .refused(refusal) }
            return .billable(UsageEvent(event: .signedIn, subscriber: subscriber, value: 1, occurredAt: record.time, source: source,
                                        properties: properties, fact: fact(subscriber)))
        }
        guard record.status == 200 else { return .ignored }
        if parts.count == 4, parts[2] == "feed" {
            guard let subscriber = members.feedSubscriber(path) else { return .refused("a private feed's token that is none of its subscriber's") }
            properties["bytes"] = String(record.bytes)
            return .billable(UsageEvent(event: .feedFetched, subscriber: subscriber, value: 1, occurredAt: record.time, source: source,
                                        properties: properties, fact: fact(subscriber)))
        }
        guard path.hasSuffix("/") || path.hasSuffix(".html") else { return .ignored }
        guard let subscriber = record.member, Subscriber.isValid(id: subscriber) else {
            return .refused("a members' page without the subscriber (log the members' cookie: deploy-config nginx's log_format does)")
        }
        return .billable(UsageEvent(event: .pageViewed, subscriber: subscriber, value: 1, occurredAt: record.time, source: source,
                                    properties: properties, fact: fact(subscriber)))
    }

    public func ingest(_ url: URL) throws -> Summary {
        guard let handle = try? FileHandle(forReadingFrom: url) else { throw LedgerError.cannotOpenLog(path: url.path) }
        defer { try? handle.close() }
        var reading = Reading(ingest: self, source: "log:" + url.lastPathComponent)
        var carry: [UInt8] = []
        // A line longer than the limit is skipped to its end and counted; the lines around it count.
        var skipping = false
        while true {
            let chunk = try handle.read(upToCount: 1 << 20) ?? Data()
            if chunk.isEmpty { break }
            carry.append(contentsOf: chunk)
            var start = 0
            while let newline = carry[start...].firstIndex(of: UInt8(ascii: "\n")) {
                if skipping {
                    skipping = false
                } else if newline - start > maximumLineBytes {
                    reading.tooLong()
                } else {
                    try reading.consume(carry[start..<newline])
                }
                start = newline + 1
            }
            carry.removeFirst(start)
            if carry.count > maximumLineBytes {
                if !skipping { reading.tooLong() }
                skipping = true
                carry.removeAll(keepingCapacity: true)
            }
        }
        if !carry.isEmpty && !skipping { try reading.consume(carry[...]) }
        try reading.flush()
        let summary = reading.summary
        if summary.read > 0 && summary.malformed.count == summary.read {
            throw LedgerError.noLogLines(path: url.path, read: summary.read, format: format.rawValue)
        }
        return summary
    }

    /// One log being read: its lines counted, its billable downloads recorded in batches.
    struct Reading {
        let ingest: LogIngest
        let source: String
        var parser: AccessLogParser
        var summary = Summary()
        var pending: [UsageEvent] = []
        var lineNumber = 0

        init(ingest: LogIngest, source: String) {
            (self.ingest, self.source) = (ingest, source)
            parser = AccessLogParser(format: ingest.format)
        }

        mutating func flush() throws {
            guard !pending.isEmpty else { return }
            let result = try ingest.store.record(pending)
            summary.recorded += result.recorded
            summary.duplicates += result.duplicates
            pending.removeAll(keepingCapacity: true)
        }

        /// Records the unsubscribe in its place among the other events; the first time it is
        /// recorded, the subscriber's email goes off (ingesting the log again changes nothing,
        /// and a publisher who turned it on again is not overruled by an old line).
        mutating func unsubscribe(_ event: UsageEvent) throws {
            try flush()
            let result = try ingest.store.record([event])
            summary.recorded += result.recorded
            summary.duplicates += result.duplicates
            if result.recorded == 1, let subscriber = event.subscriber {
                try ingest.store.setEmail(subscriber, .off, reason: "one-click unsubscribe at \(event.occurredAt)")
                summary.unsubscribed += 1
            }
        }

        mutating func tooLong() {
            lineNumber += 1
            summary.read += 1
            summary.malformed.append((lineNumber, "a line longer than \(ingest.maximumLineBytes / 1024) KiB, skipped"))
        }

        mutating func consume(_ bytes: ArraySlice<UInt8>) throws {
            lineNumber += 1
            var line = bytes
            if line.last == UInt8(ascii: "\r") { line = line.dropLast() }
            guard let text = String(validating: line, as: UTF8.self) else {
                summary.read += 1
                summary.malformed.append((lineNumber, "not UTF-8"))
                return
            }
            switch parser.parse(Substring(text)) {
            case .comment: return
            case let .malformed(problem):
                summary.read += 1
                summary.malformed.append((lineNumber, problem))
            case let .record(record):
                summary.read += 1
                switch LogIngest.verdict(record, source: source, links: ingest.links) {
                case let .billable(event):
                    pending.append(event)
                    if pending.count >= ingest.batchSize { try flush() }
                case let .unsubscribed(event):
                    try unsubscribe(event)
                case .ignored: summary.ignored += 1
                case let .refused(reason): summary.refused[reason, default: 0] += 1
                }
            }
        }
    }
}
