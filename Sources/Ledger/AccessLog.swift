import Core
import Foundation

/// One request from a CDN or nginx access log, reduced to what billing needs.
public struct AccessLogRecord: Sendable, Equatable {
    /// UTC, `YYYY-MM-DDTHH:MM:SSZ`.
    public var time: String
    public var client: String
    public var method: String
    public var path: String
    /// Without the `?`.
    public var query: String
    public var status: Int
    public var bytes: Int
    public var userAgent: String
    /// The subscriber the edge let into the members' area for this request (the members'
    /// cookie), where the log has it: nginx-json's `member`, CloudFront's `cs(Cookie)`, Logpush's `Cookies`.
    public var member: String?

    /// The most one response can have sent (1 TiB): a count outside 0...this is a garbled or
    /// forged line, refused at ingest so that no sum of a month's events can overflow.
    public static let maxBytes = 1 << 40

    /// The link's parameters as nginx reads them (`LinkQuery`).
    public var parameters: LinkQuery { LinkQuery(query) }

    /// The path as nginx matches and signs it (`$uri`): percent-decoded, repeated slashes
    /// merged, `.` and `..` segments resolved; `nil` when it cannot be decoded or climbs above
    /// the root. `//bundles/...`, `/%62undles/...` and `....%7aip` all name the same bundle.
    public var canonicalPath: String? {
        guard let decoded = path.removingPercentEncoding, decoded.hasPrefix("/") else { return nil }
        var segments: [Substring] = []
        for segment in decoded.split(separator: "/", omittingEmptySubsequences: true) {
            switch segment {
            case ".": continue
            case "..":
                guard !segments.isEmpty else { return nil }
                segments.removeLast()
            default: segments.append(segment)
            }
        }
        return "/" + segments.joined(separator: "/") + (decoded.hasSuffix("/") && !segments.isEmpty ? "/" : "")
    }
}

/// Reads access logs line by line in the formats a publisher meets: nginx/Apache `combined`,
/// the JSON lines of `deploy-config nginx` (`nginx-json`), CloudFront's tab-separated standard
/// logs (`cloudfront`, whose `#Fields:` header sets the column order), and Cloudflare Logpush's
/// HTTP request JSON lines (`logpush`).
public struct AccessLogParser: Sendable {
    public enum Format: String, Sendable, CaseIterable { case combined, nginxJSON = "nginx-json", cloudfront, logpush }

    public enum Outcome: Sendable, Equatable {
        case record(AccessLogRecord)
        case comment
        case malformed(String)
    }

    public var format: Format
    var cloudfrontFields = ["date", "time", "x-edge-location", "sc-bytes", "c-ip", "cs-method", "cs(Host)", "cs-uri-stem",
                            "sc-status", "cs(Referer)", "cs(User-Agent)", "cs-uri-query"]

    public init(format: Format) { self.format = format }

    /// The format most of the first lines of a log are in: nil when none reads even one of them,
    /// or two read the same number (the caller asks for `--format`).
    public static func detect(_ sample: [Substring]) -> Format? {
        let lines = sample.filter { !$0.allSatisfy(\.isWhitespace) }.prefix(20)
        let scores = Format.allCases.map { format in
            var parser = AccessLogParser(format: format)
            // A CloudFront log announces itself in its header; its comments count for it.
            return (format, lines.reduce(0) { count, line in
                switch parser.parse(line) {
                case .record: count + 1
                case .comment: count + (format == .cloudfront && line.hasPrefix("#Fields:") ? 1 : 0)
                case .malformed: count
                }
            })
        }.sorted { $0.1 > $1.1 }
        guard let best = scores.first, best.1 > 0, scores.dropFirst().first?.1 != best.1 else { return nil }
        return best.0
    }

    public mutating func parse(_ line: Substring) -> Outcome {
        if line.allSatisfy(\.isWhitespace) { return .comment }
        switch format {
        case .combined: return Self.combined(line)
        case .nginxJSON: return Self.json(line)
        case .logpush: return Self.logpush(line)
        case .cloudfront:
            if line.hasPrefix("#") {
                if line.hasPrefix("#Fields:") { cloudfrontFields = line.dropFirst("#Fields:".count).split(separator: " ").map(String.init) }
                return .comment
            }
            return cloudfront(line)
        }
    }

    // 127.0.0.1 - - [10/Oct/2026:13:55:36 -0700] "GET /a?b=c HTTP/1.1" 200 2326 "-" "curl/8"
    static func combined(_ line: Substring) -> Outcome {
        let bytes = Array(line.utf8)
        guard let open = bytes.firstIndex(of: UInt8(ascii: "[")), let close = bytes[open...].firstIndex(of: UInt8(ascii: "]")) else {
            return .malformed("no [time] field")
        }
        let client = String(decoding: bytes[..<open].prefix { $0 != UInt8(ascii: " ") }, as: UTF8.self)
        let stamp = String(decoding: bytes[(open + 1)..<close], as: UTF8.self)
        guard let time = UTCTime.fromCommonLog(Substring(stamp)) else { return .malformed("time '\(stamp)' is not dd/Mon/yyyy:HH:MM:SS +zzzz") }
        var cursor = close + 1
        guard let request = quoted(bytes, from: &cursor) else { return .malformed("no quoted request") }
        let parts = request.split(separator: " ")
        guard parts.count >= 2 else { return .malformed("request '\(request)' has no method and path") }
        let rest = bytes[cursor...].split(separator: UInt8(ascii: " "), maxSplits: 2)
        guard rest.count >= 2, let status = Int(String(decoding: rest[0], as: UTF8.self)), (100...599).contains(status) else {
            return .malformed("no status code after the request")
        }
        let byteField = String(decoding: rest[1], as: UTF8.self)
        guard let sent = byteField == "-" ? 0 : Int(byteField) else { return .malformed("bytes '\(byteField)' is not a number") }
        if let refusal = Self.bytesRefusal(sent) { return .malformed(refusal) }
        cursor = rest[1].endIndex
        _ = quoted(bytes, from: &cursor)
        let agent = quoted(bytes, from: &cursor) ?? ""
        let (path, query) = splitTarget(String(parts[1]))
        return .record(AccessLogRecord(time: time, client: client, method: String(parts[0]), path: path, query: query,
                                       status: status, bytes: sent, userAgent: agent))
    }

    /// The next double-quoted field at or after `cursor`, honouring `\"` escapes; moves `cursor` past it.
    static func quoted(_ bytes: [UInt8], from cursor: inout Int) -> String? {
        guard let open = bytes[cursor...].firstIndex(of: UInt8(ascii: "\"")) else { return nil }
        var field: [UInt8] = []
        var index = open + 1
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\\"), index + 1 < bytes.count {
                field.append(bytes[index + 1])
                index += 2
                continue
            }
            if byte == UInt8(ascii: "\"") {
                cursor = index + 1
                return String(decoding: field, as: UTF8.self)
            }
            field.append(byte)
            index += 1
        }
        return nil
    }

    /// One line of `log_format ... escape=json` as `deploy-config nginx` writes it.
    struct NginxJSONLine: Decodable {
        var time: String?
        var uri: String?
        var status: LooseInteger?
        var bytes: LooseInteger?
        var client: String?
        var method: String?
        var userAgent: String?
        var member: String?

        enum CodingKeys: String, CodingKey { case time, uri, status, bytes, client, method, member, userAgent = "user_agent" }
    }

    /// nginx writes numbers as numbers or, through some templates, as strings; either is read,
    /// and a number outside Int's range is no number.
    struct LooseInteger: Decodable {
        var value: Int?

        init(from decoder: any Decoder) throws {
            let container = try decoder.singleValueContainer()
            if let integer = try? container.decode(Int.self) {
                value = integer
            } else if let double = try? container.decode(Double.self) {
                value = double.isFinite && abs(double) < 9e18 ? Int(double) : nil
            } else {
                value = (try? container.decode(String.self)).flatMap { Int($0) }
            }
        }
    }

    static func json(_ line: Substring) -> Outcome {
        guard let object = try? JSONDecoder().decode(NginxJSONLine.self, from: Data(line.utf8)) else { return .malformed("not a JSON object") }
        guard let stamp = object.time, let time = UTCTime.fromISO8601(stamp) else { return .malformed("missing or invalid \"time\"") }
        guard let uri = object.uri else { return .malformed("missing \"uri\"") }
        guard let status = object.status?.value else { return .malformed("missing or invalid \"status\"") }
        if object.bytes != nil, object.bytes?.value == nil { return .malformed("invalid \"bytes\"") }
        if let refusal = bytesRefusal(object.bytes?.value ?? 0) { return .malformed(refusal) }
        let (path, query) = splitTarget(uri)
        return .record(AccessLogRecord(time: time, client: object.client ?? "", method: object.method ?? "GET",
                                       path: path, query: query, status: status, bytes: object.bytes?.value ?? 0,
                                       userAgent: object.userAgent ?? "", member: object.member.flatMap { $0.isEmpty ? nil : $0 }))
    }

    func cloudfront(_ line: Substring) -> Outcome {
        let values = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
        guard values.count >= cloudfrontFields.count else { return .malformed("\(values.count) fields, the #Fields header names \(cloudfrontFields.count)") }
        var field: [String: String] = [:]
        for (name, value) in zip(cloudfrontFields, values) { field[name] = value }
        guard let date = field["date"], let clock = field["time"], let time = UTCTime.fromISO8601(date + "T" + clock + "Z") else {
            return .malformed("invalid date or time")
        }
        guard let status = field["sc-status"].flatMap({ Int($0) }) else { return .malformed("invalid sc-status") }
        let query = field["cs-uri-query"].map { $0 == "-" ? "" : $0 } ?? ""
        let sent = field["sc-bytes"].map { $0 == "-" ? 0 : Int($0) } ?? 0
        guard let sent else { return .malformed("sc-bytes '\(field["sc-bytes"] ?? "")' is not a number") }
        if let refusal = Self.bytesRefusal(sent) { return .malformed(refusal) }
        return .record(AccessLogRecord(time: time, client: field["c-ip"] ?? "", method: field["cs-method"] ?? "GET",
                                       path: field["cs-uri-stem"] ?? "", query: query, status: status,
                                       bytes: sent,
                                       userAgent: field["cs(User-Agent)"]?.removingPercentEncoding ?? "",
                                       member: field["cs(Cookie)"].flatMap { Self.member(cookieHeader: $0.removingPercentEncoding ?? $0) }))
    }

    /// The subscriber the members' cookie in a `Cookie` header names (its last part), when it has one.
    static func member(cookieHeader: String) -> String? {
        CookieHeader.first(named: "signalpress_member", in: cookieHeader).flatMap(member(cookieValue:))
    }

    /// `tier.generation.expires.signature.subscriber` → the subscriber.
    static func member(cookieValue: String) -> String? {
        let parts = cookieValue.split(separator: ".", maxSplits: 4, omittingEmptySubsequences: false)
        guard parts.count == 5, Subscriber.isValid(id: String(parts[4])) else { return nil }
        return String(parts[4])
    }

    /// One Cloudflare Logpush HTTP request record: the fields billing needs, by their Logpush names.
    struct LogpushLine: Decodable {
        var time: LogpushTime?
        var path: String?
        var uri: String?
        var status: LooseInteger?
        var bytes: LooseInteger?
        var client: String?
        var method: String?
        var userAgent: String?
        var cookies: [String: String]?

        enum CodingKeys: String, CodingKey {
            case time = "EdgeStartTimestamp", path = "ClientRequestPath", uri = "ClientRequestURI", status = "EdgeResponseStatus"
            case bytes = "EdgeResponseBytes", client = "ClientIP", method = "ClientRequestMethod", userAgent = "ClientRequestUserAgent"
            case cookies = "Cookies"
        }
    }

    /// Logpush writes times as RFC 3339, or as Unix seconds or nanoseconds (`timestamp_format`).
    struct LogpushTime: Decodable {
        var value: String?

        init(from decoder: any Decoder) throws {
            let container = try decoder.singleValueContainer()
            if let text = try? container.decode(String.self) {
                value = UTCTime.fromISO8601(text)
            } else if let number = try? container.decode(Int64.self) {
                // Nanoseconds since 1970 once past the year 2001 in seconds' reckoning.
                let seconds = number > 100_000_000_000 ? Int(number / 1_000_000_000) : Int(number)
                value = UTCTime.format(unix: seconds)
            }
        }
    }

    static func logpush(_ line: Substring) -> Outcome {
        guard let object = try? JSONDecoder().decode(LogpushLine.self, from: Data(line.utf8)) else { return .malformed("not a JSON object") }
        guard let time = object.time?.value else { return .malformed("missing or invalid \"EdgeStartTimestamp\"") }
        guard let target = object.uri ?? object.path else { return .malformed("missing \"ClientRequestURI\" and \"ClientRequestPath\"") }
        guard let status = object.status?.value else { return .malformed("missing or invalid \"EdgeResponseStatus\"") }
        if object.bytes != nil, object.bytes?.value == nil { return .malformed("invalid \"EdgeResponseBytes\"") }
        if let refusal = bytesRefusal(object.bytes?.value ?? 0) { return .malformed(refusal) }
        let (uriPath, query) = splitTarget(target)
        return .record(AccessLogRecord(time: time, client: object.client ?? "", method: object.method ?? "GET", path: object.path ?? uriPath,
                                       query: query, status: status, bytes: object.bytes?.value ?? 0, userAgent: object.userAgent ?? "",
                                       member: object.cookies?["signalpress_member"].flatMap { member(cookieValue: $0) }))
    }

    /// Why a byte count cannot be a response's, or nil when it can.
    static func bytesRefusal(_ bytes: Int) -> String? {
        (0...AccessLogRecord.maxBytes).contains(bytes) ? nil : "bytes \(bytes) is out of range (0 to \(AccessLogRecord.maxBytes))"
    }

    static func splitTarget(_ target: String) -> (String, String) {
        guard let mark = target.firstIndex(of: "?") else { return (target, "") }
        return (String(target[..<mark]), String(target[target.index(after: mark)...]))
    }

}
