import Build
import Core
import Foundation
@testable import Ledger
import Project
import Testing
import Tiers
@testable import signalpress

/// The members' area behind a real nginx configured by `deploy-config nginx`, with sign-in
/// links from `links`; every answer is also `MemberGate.check`'s, the reference.
@Suite("Members' area on a real nginx", .nginx)
struct MembersNginxTests {
    static let secret = "test-secret-0123456789abcdef"
    static let siteYAML = Fixtures.siteYAML + """
          - { id: enterprise, price_cents: 5000, watchlists: all, features: [dashboard, charts, reports, exports] }

        """.replacingOccurrences(of: "\n      - { id: pro", with: "      - { id: pro")

    /// A built three-tier project with alice (pro), erin (enterprise) and carol (pro), served by nginx.
    struct Served {
        let root: URL
        let project: Project
        let ledger: LedgerStore
        let server: NginxServer

        var environment: [String: String] { [project.config.gating.secretEnvironmentVariable: MembersNginxTests.secret] }

        /// The sign-in link `links` prints for `subscriber`, from the site's root.
        func signIn(_ subscriber: String, ttl: Int = 600, at time: Int) throws -> String { try links(subscriber, ttl: ttl, at: time)[3] }

        /// The subscriber's private Atom and JSON feeds, from `links`.
        func feeds(_ subscriber: String, at time: Int) throws -> [String] { Array(try links(subscriber, ttl: 600, at: time)[4...]) }

        func links(_ subscriber: String, ttl: Int, at time: Int) throws -> [String] {
            try Workspace(root: root).links(ledger: ledger, subscriber: subscriber, date: nil, ttl: ttl, now: time, environment: environment)
                .map { String($0.dropFirst(project.config.baseURL.count)) }
        }

        /// The reference's verdict, with the revocation list the last build wrote.
        func verdict(_ target: String, cookie: String?, now: Int) throws -> MemberGate.Verdict {
            let list = try #require(MemberRevocations(workersKV: try Data(contentsOf: Workspace(root: root).revocations.workers)))
            let gate = MemberGate(signer: SignedLink(scheme: .nginxSecureLink, secret: MembersNginxTests.secret), entitlements: Entitlements(project),
                                  revocations: list)
            let path = String(target.prefix { $0 != "?" }), query = String(target.drop { $0 != "?" }.dropFirst())
            return gate.check(path: path, query: query, cookieHeader: cookie, now: now)
        }
    }

    func serve() throws -> Served {
        let root = Fixtures.project(site: Self.siteYAML)
        let ledger = try LedgerStore(path: root.appendingPathComponent(".signalpress/ledger.sqlite").path, clock: Fixtures.clock)
        let tiers: [TierID] = ["free", "pro", "enterprise"]
        for (id, tier) in [("alice", "pro"), ("erin", "enterprise"), ("carol", "pro")] {
            try ledger.addSubscriber(id: id, email: "\(id)@example.com", tier: TierID(tier), tiers: tiers)
        }
        #expect(SignalPress.run(["build", "--project", root.path, "--quiet"]) == 0)
        let project = try Project.load(from: root)
        let site = root.appendingPathComponent("site")
        let server = try NginxServer.serving(site, project: project, secret: Self.secret, revocations: Workspace(root: root).revocations.nginx)
        return Served(root: root, project: project, ledger: ledger, server: server)
    }

    /// nginx's answer to `target`, held to the reference's: the same status and the same place.
    @discardableResult
    func expect(_ served: Served, _ target: String, cookie: String? = nil, _ status: Int, location: String? = nil, now: Int,
                sourceLocation: SourceLocation = #_sourceLocation) throws -> HTTP.Response {
        let response = try HTTP.get(served.server.port, target, headers: cookie.map { ["Cookie": $0] } ?? [:])
        #expect(response.status == status && response.headers["location"] == location,
                "\(target): nginx \(response.status) \(response.headers["location"] ?? "")", sourceLocation: sourceLocation)
        let reference: (Int, String?) = switch try served.verdict(target, cookie: cookie, now: now) {
        case .page: (200, nil)
        case .redirect(let to, _): (302, to)
        case .expired: (410, nil)
        case .notFound: (404, nil)
        case .feed: (200, nil)
        case .forbidden: (403, nil)
        }
        #expect(reference == (status, location), "\(target): MemberGate \(reference)", sourceLocation: sourceLocation)
        return response
    }

    /// The cookie a sign-in link sets, as a browser sends it back.
    func cookie(of response: HTTP.Response) throws -> String {
        let header = try #require(response.headers["set-cookie"])
        return String(header.prefix { $0 != ";" })
    }

    @Test("sign-in sets the cookie; pages load with it and redirect without; forged, other-tier and expired tokens are refused; enterprise reads pro; sign-out")
    func signInAndBrowse() throws {
        let served = try serve()
        defer { served.server.stop() }
        let now = Int(Date().timeIntervalSince1970)
        let signedIn = try expect(served, try served.signIn("alice", at: now), 302, location: "/members/pro/", now: now)
        let setCookie = try #require(signedIn.headers["set-cookie"])
        #expect(setCookie.hasPrefix("signalpress_member=pro.0.\(now + 600).") && setCookie.contains(".alice; Max-Age=")
                && setCookie.hasSuffix("; Path=/members/; HttpOnly; Secure; SameSite=Lax"), "\(setCookie)")
        let alice = try cookie(of: signedIn)

        // With the cookie: the tier's pages, private to the reader's browser, with the site's CSP.
        let index = try expect(served, "/members/pro/", cookie: alice, 200, now: now)
        #expect(Data(index.body) == (try Data(contentsOf: served.root.appendingPathComponent("site/members/pro/index.html"))))
        #expect(index.headers["cache-control"] == "private, no-cache" && index.headers["content-security-policy"] == SecurityHeaders.contentSecurityPolicy)
        try expect(served, "/members/pro/symbols/DDDX/index.html", cookie: "theme=dark; " + alice, 200, now: now)
        try expect(served, "/members/pro/symbols/DDDX/chart.svg", cookie: alice, 200, now: now)
        try expect(served, "/members/pro/reports/2026-11-26/index.html", cookie: alice, 200, now: now)
        // The nav's way in: your own area when signed in, else the sign-in page (a public page).
        try expect(served, "/members/", cookie: alice, 302, location: "/members/pro/", now: now)
        try expect(served, "/members/", 302, location: "/sign-in/", now: now)
        #expect(try HTTP.get(served.server.port, "/sign-in/").status == 200)

        // Without it, with a forged one, or one for a tier below: the sign-in page.
        try expect(served, "/members/pro/index.html", 302, location: "/sign-in/", now: now)
        let value = String(alice.dropFirst("signalpress_member=".count)), parts = value.split(separator: ".").map(String.init)
        let forgedMac = parts[3].first == "A" ? "B" + parts[3].dropFirst() : "A" + parts[3].dropFirst()
        for forged in [[parts[0], parts[1], parts[2], forgedMac, parts[4]], ["enterprise", parts[1], parts[2], parts[3], parts[4]],
                       [parts[0], parts[1], String(now + 99_999), parts[3], parts[4]], [parts[0], parts[1], parts[2], parts[3], "erin"],
                       [parts[0], "1", parts[2], parts[3], parts[4]]] {
            try expect(served, "/members/pro/", cookie: "signalpress_member=" + forged.joined(separator: "."), 302, location: "/sign-in/", now: now)
        }
        try expect(served, "/members/enterprise/", cookie: alice, 302, location: "/sign-in/", now: now)
        try expect(served, "/members/free/index.html", cookie: alice, 404, now: now)
        // A sign-in link tampered with, or with a parameter given twice.
        let link = try served.signIn("alice", at: now)
        for tampered in [link + "&sub=erin", link.replacingOccurrences(of: "sub=alice", with: "sub=erin"),
                         link.replacingOccurrences(of: "gen=0", with: "gen=00"), link.replacingOccurrences(of: "/members/pro/", with: "/members/enterprise/")] {
            let refused = try expect(served, tampered, 302, location: "/sign-in/", now: now)
            #expect(refused.headers["set-cookie"] == nil, "\(tampered)")
        }

        // Enterprise reads pro.
        let erin = try cookie(of: try expect(served, try served.signIn("erin", at: now), 302, location: "/members/enterprise/", now: now))
        try expect(served, "/members/pro/index.html", cookie: erin, 200, now: now)
        try expect(served, "/members/enterprise/symbols/AAAX/index.html", cookie: erin, 200, now: now)

        // An expired link, and a cookie whose token has expired: 410, with the page that says what to do.
        let stale = try served.signIn("alice", ttl: 60, at: now - 3600)
        try expect(served, stale, 410, now: now)
        let query = stale.drop { $0 != "?" }.dropFirst().split(separator: "&").map { $0.split(separator: "=", maxSplits: 1) }
        let field = { (name: String) in String(query.first { $0[0] == name }![1]) }
        let expiredCookie = "signalpress_member=pro.0.\(field("expires")).\(field("md5")).alice"
        let gone = try expect(served, "/members/pro/watchlists/extra/index.html", cookie: expiredCookie, 410, now: now)
        #expect(String(decoding: gone.body, as: UTF8.self).contains("Your sign-in link has expired"))

        // The private feeds: the tier's feeds, with no cookie, for a token of the subscriber's own.
        let feeds = try served.feeds("alice", at: now)
        #expect(feeds.count == 2 && feeds[0].hasPrefix("/members/pro/feed/alice-") && feeds[0].hasSuffix(".xml") && feeds[1].hasSuffix(".json"))
        for (feed, file) in zip(feeds, ["feed.xml", "feed.json"]) {
            let fetched = try expect(served, feed, 200, now: now)
            #expect(Data(fetched.body) == (try Data(contentsOf: served.root.appendingPathComponent("site/members/pro/" + file))))
            #expect(fetched.headers["cache-control"] == "private, no-cache")
        }
        let token = String(feeds[0].dropFirst("/members/pro/feed/alice-".count).dropLast(4))
        let other = token.first == "A" ? "B" + token.dropFirst() : "A" + token.dropFirst()
        for refused in [feeds[0].replacingOccurrences(of: token, with: other), feeds[0].replacingOccurrences(of: "/alice-", with: "/erin-"),
                        feeds[0].replacingOccurrences(of: "/pro/", with: "/enterprise/"), "/members/pro/feed/alice.xml"] {
            try expect(served, refused, 403, now: now)
        }
        try expect(served, "/members/pro/feed/", 404, now: now)

        // Sign-out clears the cookie.
        let out = try expect(served, "/members/signout", cookie: alice, 302, location: "/", now: now)
        #expect(out.headers["set-cookie"] == "signalpress_member=; Max-Age=0; Path=/members/; HttpOnly; Secure; SameSite=Lax")

        // nginx's log back into the ledger: each sign-in, page view and feed fetch once, for its subscriber.
        served.server.stop()
        let log = served.server.prefix.appendingPathComponent("access.log")
        let signer = SignedLink(scheme: .nginxSecureLink, secret: Self.secret)
        let links = LogIngest.Links(freeTiers: ["free"], members: MemberGate.ingestChecks(signer: signer, entitlements: Entitlements(served.project),
                                                                                          generations: [:])) { uri, query, time in
            signer.check(uri: uri, query: query, now: time).map(\.reason)
        }
        let first = try LogIngest(store: served.ledger, format: .nginxJSON, links: links).ingest(log)
        #expect(first.recorded == 9 && first.malformed.isEmpty, "\(first)")
        let month = String(UTCTime.format(unix: now).prefix(7))
        #expect(try served.ledger.memberUsage(period: month) == [.init(subscriber: "alice", signIns: 1, pageViews: 3, feedFetches: 2, downloads: 0),
                                                                 .init(subscriber: "erin", signIns: 1, pageViews: 2, feedFetches: 0, downloads: 0)])
        #expect(try LogIngest(store: served.ledger, format: .nginxJSON, links: links).ingest(log).recorded == 0)
    }

    /// `nginx -s reload`, then waits until the old worker is gone: `cookie` refused five times running.
    func reload(_ served: Served, until cookie: String) throws {
        served.server.reload()
        var refusals = 0
        for _ in 0..<200 where refusals < 5 {
            refusals = try HTTP.get(served.server.port, "/members/pro/", headers: ["Cookie": cookie]).status == 302 ? refusals + 1 : 0
            usleep(20_000)
        }
    }

    @Test("a revoked, cancelled or moved-down subscriber is refused after the next build; the others are not")
    func revocation() throws {
        let served = try serve()
        defer { served.server.stop() }
        let now = Int(Date().timeIntervalSince1970)
        let carol = try cookie(of: try expect(served, try served.signIn("carol", at: now), 302, location: "/members/pro/", now: now))
        let erin = try cookie(of: try expect(served, try served.signIn("erin", at: now), 302, location: "/members/enterprise/", now: now))
        let alice = try cookie(of: try expect(served, try served.signIn("alice", at: now), 302, location: "/members/pro/", now: now))
        let carolsFeed = try served.feeds("carol", at: now)[0]
        try expect(served, carolsFeed, 200, now: now)
        let project = ["--project", served.root.path]
        #expect(SignalPress.run(["subscribers", "revoke", "carol"] + project) == 0)
        #expect(SignalPress.run(["subscribers", "set-tier", "erin", "pro"] + project) == 0)
        // Not before the next build: the edge reads the list each build writes.
        try expect(served, "/members/pro/", cookie: carol, 200, now: now)
        #expect(SignalPress.run(["build", "--quiet"] + project + Fixtures.todayArguments) == 0)
        try reload(served, until: carol)
        try expect(served, "/members/pro/", cookie: carol, 302, location: "/sign-in/", now: now)
        try expect(served, "/members/pro/", cookie: erin, 302, location: "/sign-in/", now: now)
        try expect(served, "/members/pro/", cookie: alice, 200, now: now)
        // Her feed too: the new one works.
        try expect(served, carolsFeed, 403, now: now)
        try expect(served, try served.feeds("carol", at: now)[0], 200, now: now)
        // A new link carries the new generation, and works.
        #expect(try served.signIn("carol", at: now).contains("gen=1&"))
        let again = try cookie(of: try expect(served, try served.signIn("carol", at: now), 302, location: "/members/pro/", now: now))
        try expect(served, "/members/pro/", cookie: again, 200, now: now)
        // Cancelled: no link, and no cookie of theirs honoured.
        #expect(SignalPress.run(["subscribers", "disable", "alice"] + project) == 0)
        #expect(SignalPress.run(["build", "--quiet"] + project + Fixtures.todayArguments) == 0)
        #expect(String(decoding: try Data(contentsOf: Workspace(root: served.root).revocations.nginx), as: UTF8.self).contains("alice cancelled;\n"))
        try reload(served, until: alice)
        try expect(served, "/members/pro/", cookie: alice, 302, location: "/sign-in/", now: now)
    }

    @Test("/favicon.ico, which browsers ask for whatever a page declares, is an empty answer rather than a 404")
    func favicon() throws {
        let served = try serve()
        defer { served.server.stop() }
        let icon = try HTTP.get(served.server.port, "/favicon.ico")
        #expect(icon.status == 204 && icon.body.isEmpty)
        #expect(String(decoding: try HTTP.get(served.server.port, "/").body, as: UTF8.self).contains("<link rel=\"icon\" type=\"image/svg+xml\""))
    }
}
