import Build
import Core
import Foundation
@testable import Ledger
import Project
import Testing
import Tiers

/// The members' area in the ledger: sign-ins, page views and private-feed fetches read from
/// nginx, CloudFront and Cloudflare Logpush logs, each counted once, and the sharing report.
@Suite("Members' usage")
struct MemberUsageTests {
    static let november = 1_795_000_000

    /// A pro subscriber's genuine sign-in, page and feed requests, and forged or uncountable ones, as `format` logs them.
    static func lines(_ format: AccessLogParser.Format, gate: MemberGate) -> [String] {
        let token = gate.token(tier: "pro", subscriber: "alice", generation: 0, expires: november + 600)
        let signIn = gate.signInLink(token)
        let signInQuery = String(signIn.drop { $0 != "?" }.dropFirst())
        let feed = gate.feedLinks(tier: "pro", subscriber: "alice", generation: 0)[0]
        let cookie = token.cookieValue
        typealias Request = AccessLogs.Request
        let requests: [(Request, String?)] = [
            (Request(subscriber: nil, path: "/members/pro/signin", unix: november, status: 302), nil),
            (Request(subscriber: nil, path: "/members/pro/index.html", unix: november + 1), cookie),
            (Request(subscriber: nil, path: "/members/pro/symbols/AAAX/chart.svg", unix: november + 2), cookie),
            (Request(subscriber: nil, path: "/members/pro/reports/", unix: november + 3), nil),
            (Request(subscriber: nil, path: feed, unix: november + 4), nil),
            (Request(subscriber: nil, path: feed.replacingOccurrences(of: "/alice-", with: "/bob-"), unix: november + 5), nil),
            (Request(subscriber: nil, path: "/members/pro/signin", unix: november + 6, status: 302), nil),
            (Request(subscriber: nil, path: "/members/pro/index.html", unix: november + 7, status: 302), nil),
        ]
        // The sign-in requests carry their query: the first genuine, the second tampered.
        let queries = [signInQuery, "", "", "", "", "", signInQuery.replacingOccurrences(of: "gen=0", with: "gen=1"), ""]
        return zip(requests, queries).map { item, query in
            let (request, cookie) = item
            let target = request.path + (query.isEmpty ? "" : "?" + query)
            switch format {
            case .nginxJSON:
                return "{\"time\":\"\(UTCTime.format(unix: request.unix).dropLast())+00:00\",\"client\":\"\(request.client)\",\"method\":\"GET\","
                    + "\"uri\":\"\(target)\",\"status\":\(request.status),\"bytes\":\(request.bytes),\"user_agent\":\"curl/8.0\","
                    + "\"member\":\"\(cookie.map { String($0.split(separator: ".").last!) } ?? "")\"}"
            case .cloudfront:
                let stamp = UTCTime.format(unix: request.unix)
                return [String(stamp.prefix(10)), String(stamp.dropFirst(11).dropLast()), "FRA56-C1", String(request.bytes), request.client, "GET",
                        "d1.cloudfront.net", request.path, String(request.status), "-", "curl/8.0", query.isEmpty ? "-" : query,
                        cookie.map { "signalpress_member=\($0)" } ?? "-"].joined(separator: "\t")
            case .logpush:
                var logged = request
                logged.path = target
                return AccessLogs.logpush(logged, cookie: cookie).replacingOccurrences(of: "\"ClientRequestPath\":\"\(target)\"", with: "\"ClientRequestPath\":\"\(request.path)\"")
            case .combined:
                return AccessLogs.combined(request)
            }
        }
    }

    static func gate() throws -> (MemberGate, Entitlements) {
        let entitlements = Entitlements(try Project.load(from: Fixtures.project()))
        return (MemberGate(signer: AccessLogs.signer, entitlements: entitlements), entitlements)
    }

    @Test("sign-ins, members' pages and private-feed fetches are recorded once from nginx, CloudFront and Logpush logs; forged ones are refused",
          arguments: [AccessLogParser.Format.nginxJSON, .cloudfront, .logpush])
    func ingest(format: AccessLogParser.Format) throws {
        let (gate, entitlements) = try Self.gate()
        let ledger = try LedgerStore(path: Fixtures.temporaryDirectory("ledger").appendingPathComponent("ledger.sqlite").path, clock: Fixtures.clock)
        try ledger.addSubscriber(id: "alice", email: "alice@example.com", tier: "pro", tiers: ["free", "pro"])
        let links = LogIngest.Links(freeTiers: ["free"], members: MemberGate.ingestChecks(signer: AccessLogs.signer, entitlements: entitlements,
                                                                                          generations: ["alice": 0])) { _, _, _ in nil }
        var lines = Self.lines(format, gate: gate)
        if format == .cloudfront {
            lines.insert("#Version: 1.0\n#Fields: date time x-edge-location sc-bytes c-ip cs-method cs(Host) cs-uri-stem sc-status cs(Referer) cs(User-Agent) cs-uri-query cs(Cookie)", at: 0)
        }
        let url = Fixtures.temporaryDirectory("log").appendingPathComponent("access.log")
        AccessLogs.write(lines, to: url)
        let first = try LogIngest(store: ledger, format: format, links: links).ingest(url)
        #expect(first.recorded == 3 && first.malformed.isEmpty, "\(first)")
        #expect(first.refused == ["bad token": 1, "a private feed's token that is none of its subscriber's": 1,
                                  "a members' page without the subscriber (log the members' cookie: deploy-config nginx's log_format does)": 1],
                "\(first.refused)")
        let events = try ledger.events()
        #expect(events.map(\.event.event) == [.signedIn, .pageViewed, .feedFetched] && events.allSatisfy { $0.event.subscriber == "alice" })
        #expect(events.allSatisfy { $0.event.properties["network"] == "203.0.113.0/24" && $0.event.properties["tier"] == "pro" })
        let again = try LogIngest(store: ledger, format: format, links: links).ingest(url)
        #expect(again.recorded == 0 && again.duplicates == 3)
        #expect(try ledger.memberUsage(period: "2026-11") == [.init(subscriber: "alice", signIns: 1, pageViews: 1, feedFetches: 1, downloads: 0)])
    }

    @Test("a network is an IPv4 /24 or an IPv6 /48")
    func networks() {
        #expect(UsageEvent.network(of: "203.0.113.7") == "203.0.113.0/24")
        #expect(UsageEvent.network(of: "2001:db8:1:2::5") == "2001:db8:1::/48")
        #expect(UsageEvent.network(of: "2001:0db8::1") == "2001:db8:0::/48")
    }

    @Test("the sharing report names the days a subscriber's tokens came from more networks than allowed")
    func sharing() throws {
        let ledger = try LedgerStore(path: Fixtures.temporaryDirectory("ledger").appendingPathComponent("ledger.sqlite").path, clock: Fixtures.clock)
        var events: [UsageEvent] = []
        for (subscriber, networks) in [("alice", 5), ("bob", 4)] {
            for index in 0..<networks {
                for repeatInNetwork in 0..<2 {
                    let client = "198.51.\(index).\(repeatInNetwork + 1)"
                    events.append(UsageEvent(event: index % 2 == 0 ? .pageViewed : .feedFetched, subscriber: subscriber, value: 1,
                                             occurredAt: UTCTime.format(unix: Self.november + index * 60 + repeatInNetwork), source: "t",
                                             properties: ["network": UsageEvent.network(of: client)], fact: [subscriber, client, String(index)]))
                }
            }
        }
        // Downloads are not a members' token's use: many networks, but not counted for sharing.
        for index in 0..<9 {
            events.append(UsageEvent(event: .downloaded, subscriber: "bob", value: 1, occurredAt: UTCTime.format(unix: Self.november + index), source: "t",
                                     properties: ["network": "192.0.\(index).0/24"], fact: ["d", String(index)]))
        }
        try ledger.record(events)
        let shared = try ledger.sharedTokens(period: "2026-11", maxNetworks: 4)
        #expect(shared == [.init(subscriber: "alice", day: String(UTCTime.format(unix: Self.november).prefix(10)),
                                 networks: (0..<5).map { "198.51.\($0).0/24" })])
        #expect(try ledger.sharedTokens(period: "2026-10", maxNetworks: 4).isEmpty)
    }
}

extension MemberUsageTests {
    @Test("usage ingest and usage report from the command line: a Logpush log detected, the month's counts, the sharing days")
    func commandLine() throws {
        let root = Fixtures.project()
        let project = ["--project", root.path]
        #expect(try Binary.capture(["subscribers", "add", "--id", "alice", "--email", "alice@example.com", "--tier", "pro"] + project).status == 0)
        let (gate, _) = try Self.gate()
        var lines = Self.lines(.logpush, gate: gate)
        // The same page from five more networks on the same day: a shared cookie.
        let cookie = gate.token(tier: "pro", subscriber: "alice", generation: 0, expires: Self.november + 600).cookieValue
        for network in 1...5 {
            var request = AccessLogs.Request(subscriber: nil, path: "/members/pro/index.html", unix: Self.november + 100 + network)
            request.client = "198.51.\(network).9"
            lines.append(AccessLogs.logpush(request, cookie: cookie))
        }
        let log = Fixtures.temporaryDirectory("logpush").appendingPathComponent("logpush.json")
        AccessLogs.write(lines, to: log)
        let ingest = try Binary.capture(["usage", "ingest", log.path] + project, environment: AccessLogs.environment)
        #expect(ingest.status == 0 && ingest.output.contains("reading it as logpush") && ingest.output.contains("8 events recorded"), "\(ingest.output)")
        let report = try Binary.capture(["usage", "report", "--period", "2026-11", "--format", "csv"] + project)
        #expect(report.output == "subscriber,sign_ins,page_views,feed_fetches,downloads\nalice,1,6,1,0\n", "\(report.output)")
        let sharing = try Binary.capture(["usage", "report", "--period", "2026-11", "--sharing"] + project)
        #expect(sharing.status == 0 && sharing.output.contains("alice") && sharing.output.contains(" 6 "), "\(sharing.output)")
        #expect(try Binary.capture(["usage", "report", "--period", "2026-10", "--sharing", "--format", "csv"] + project).output == "subscriber,day,networks,which\n")
    }
}
