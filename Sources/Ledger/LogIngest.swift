import Foundation

/// `usage ingest`: streams an access log in bounded memory and records one `bundle.downloaded`
/// per successful, signed request for a bundle zip, attributed to the link's `sub`.
public struct LogIngest: Sendable {
    public struct Summary: Sendable, Equatable {
        public var read = 0
        public var recorded = 0
        public var duplicates = 0
        /// Requests that are not billable downloads: failed, unsigned, or not a bundle.
        public var ignored = 0
        /// Line number and what is wrong, for lines that could not be read.
        public var malformed: [(line: Int, problem: String)] = []

        public static func == (lhs: Summary, rhs: Summary) -> Bool {
            lhs.read == rhs.read && lhs.recorded == rhs.recorded && lhs.duplicates == rhs.duplicates && lhs.ignored == rhs.ignored
                && lhs.malformed.map(\.line) == rhs.malformed.map(\.line)
        }
    }

    public var store: LedgerStore
    public var format: AccessLogParser.Format
    public var batchSize = 5_000

    public init(store: LedgerStore, format: AccessLogParser.Format) {
        self.store = store
        self.format = format
    }

    /// The download a log record stands for, or `nil` when it is not one.
    public static func download(_ record: AccessLogRecord, source: String) -> UsageEvent? {
        guard record.status == 200, record.method == "GET",
              record.path.hasPrefix("/bundles/"), record.path.hasSuffix(".zip") else { return nil }
        let parameters = record.parameters
        guard let subscriber = parameters["sub"], Subscriber.problem(withID: subscriber) == nil, parameters["expires"] != nil,
              parameters["md5"] != nil || parameters["sig"] != nil else { return nil }
        let path = record.path.removingPercentEncoding ?? record.path
        return UsageEvent(event: .downloaded, subscriber: subscriber, value: 1, occurredAt: record.time, source: source,
                          properties: ["path": path, "bytes": String(record.bytes)],
                          fact: [subscriber, path, record.time, record.client, String(record.bytes), record.userAgent, record.query])
    }

    public func ingest(_ url: URL) throws -> Summary {
        guard let handle = try? FileHandle(forReadingFrom: url) else { throw LedgerError("\(url.path): cannot open the log") }
        defer { try? handle.close() }
        var parser = AccessLogParser(format: format)
        var summary = Summary()
        var pending: [UsageEvent] = []
        var carry: [UInt8] = []
        var lineNumber = 0
        let source = "log:" + url.lastPathComponent

        func flush() throws {
            guard !pending.isEmpty else { return }
            let result = try store.record(pending)
            summary.recorded += result.recorded
            summary.duplicates += result.duplicates
            pending.removeAll(keepingCapacity: true)
        }
        func consume(_ bytes: ArraySlice<UInt8>) throws {
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
                if let event = Self.download(record, source: source) {
                    pending.append(event)
                    if pending.count >= batchSize { try flush() }
                } else {
                    summary.ignored += 1
                }
            }
        }

        while true {
            let chunk = try handle.read(upToCount: 1 << 20) ?? Data()
            if chunk.isEmpty { break }
            carry.append(contentsOf: chunk)
            var start = 0
            while let newline = carry[start...].firstIndex(of: UInt8(ascii: "\n")) {
                try consume(carry[start..<newline])
                start = newline + 1
            }
            carry.removeFirst(start)
            if carry.count > 1 << 20 {
                throw LedgerError("\(url.path):\(lineNumber + 1): a line longer than 1 MiB; is this an access log?")
            }
        }
        if !carry.isEmpty { try consume(carry[...]) }
        try flush()
        return summary
    }
}
