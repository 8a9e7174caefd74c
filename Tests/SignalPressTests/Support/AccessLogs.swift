import Foundation
import Ledger
import Tiers

/// Access-log lines in each format, for ingest tests.
enum AccessLogs {
    struct Request {
        var subscriber: String?
        var path = "/bundles/pro/2026-11-27/pro-2026-11-27.zip"
        var unix: Int
        var status = 200
        var bytes = 1000
        var client = "203.0.113.7"

        /// A genuine link, signed with `AccessLogs.secret` as `signalpress links` signs it.
        var query: String { subscriber.map { AccessLogs.signer.query(uri: path, subscriber: $0, expires: 1_999_999_999) } ?? "" }
        var target: String { query.isEmpty ? path : path + "?" + query }
    }

    /// The link secret of the test logs (`SIGNALPRESS_LINK_SECRET` for the command-line tests).
    static let secret = "0123456789abcdef-secret"
    static let signer = SignedLink(scheme: .nginxSecureLink, secret: secret)
    static let environment = ["SIGNALPRESS_LINK_SECRET": secret]

    /// What `usage ingest` checks links with in the tests: the signer above; `free` bundles are never billed.
    static let links = LogIngest.Links(freeTiers: ["free"]) { uri, query, time in
        signer.check(uri: uri, query: query, now: time).map { $0.status == 410 ? "expired link" : $0.reason }
    }

    static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    static func combined(_ request: Request) -> String {
        let stamp = UTCTime.format(unix: request.unix)
        let parts = stamp.split(whereSeparator: { "-T:Z".contains($0) }).map(String.init)
        let time = "\(parts[2])/\(months[Int(parts[1])! - 1])/\(parts[0]):\(parts[3]):\(parts[4]):\(parts[5]) +0000"
        return "\(request.client) - - [\(time)] \"GET \(request.target) HTTP/1.1\" \(request.status) \(request.bytes) \"-\" \"curl/8.0\""
    }

    static func json(_ request: Request) -> String {
        "{\"time\":\"\(UTCTime.format(unix: request.unix).dropLast())+00:00\",\"client\":\"\(request.client)\",\"method\":\"GET\",\"uri\":\"\(request.target)\",\"status\":\(request.status),\"bytes\":\(request.bytes),\"user_agent\":\"curl/8.0\"}"
    }

    static let cloudfrontHeader = "#Version: 1.0\n#Fields: date time x-edge-location sc-bytes c-ip cs-method cs(Host) cs-uri-stem sc-status cs(Referer) cs(User-Agent) cs-uri-query\n"

    static func cloudfront(_ request: Request) -> String {
        let stamp = UTCTime.format(unix: request.unix)
        let date = stamp.prefix(10), time = stamp.dropFirst(11).dropLast()
        return [String(date), String(time), "FRA56-C1", String(request.bytes), request.client, "GET", "d1.cloudfront.net", request.path,
                String(request.status), "-", "curl/8.0", request.query.isEmpty ? "-" : request.query].joined(separator: "\t")
    }

    /// A Cloudflare Logpush HTTP request record, its time in Unix nanoseconds (Logpush's default).
    static func logpush(_ request: Request, cookie: String? = nil) -> String {
        let cookies = cookie.map { ",\"Cookies\":{\"signalpress_member\":\"\($0)\"}" } ?? ""
        return "{\"ClientIP\":\"\(request.client)\",\"ClientRequestMethod\":\"GET\",\"ClientRequestPath\":\"\(request.path)\","
            + "\"ClientRequestURI\":\"\(request.target)\",\"ClientRequestUserAgent\":\"curl/8.0\",\"EdgeResponseBytes\":\(request.bytes),"
            + "\"EdgeResponseStatus\":\(request.status),\"EdgeStartTimestamp\":\(request.unix)000000000\(cookies)}"
    }

    static func write(_ lines: [String], to url: URL) {
        Fixtures.write(lines.joined(separator: "\n") + "\n", to: url)
    }
}
