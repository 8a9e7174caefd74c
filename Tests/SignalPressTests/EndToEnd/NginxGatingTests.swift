import Build
import Foundation
import Ledger
import Project
import Publishing
import Testing
import Tiers
@testable import signalpress

/// The gate proven on real nginx configured by `deploy-config nginx`, with links from `links`.
@Suite("Signed links on a real nginx", .nginx)
struct NginxGatingTests {
    static let secret = "test-secret-0123456789abcdef"

    @Test("valid links open their bundle; forged, moved and expired ones get 403 or 410; downloads are ingested once")
    func gate() throws {
        let root = Fixtures.project()
        #expect(SignalPress.run(["build", "--project", root.path, "--quiet"]) == 0)
        let project = try Project.load(from: root)
        let ledger = try LedgerStore(path: root.appendingPathComponent(".signalpress/ledger.sqlite").path, clock: Fixtures.clock)
        try ledger.addSubscriber(id: "alice", email: "alice@example.com", tier: "pro", tiers: ["free", "pro"])
        try ledger.addSubscriber(id: "bob", email: "bob@example.com", tier: "pro", tiers: ["free", "pro"])
        let site = root.appendingPathComponent("site")

        let server = try NginxServer.serving(site, project: project, secret: Self.secret, revocations: Workspace(root: root).revocations.nginx)
        defer { server.stop() }
        let environment = [project.config.gating.secretEnvironmentVariable: Self.secret]
        let now = Int(Date().timeIntervalSince1970)
        func links(_ subscriber: String, ttl: Int = 600, at time: Int = now) throws -> [String] {
            try Workspace(root: project.root).links(ledger: ledger, subscriber: subscriber, date: nil, ttl: ttl, now: time,
                                   environment: environment).map { String($0.dropFirst(project.config.baseURL.count)) }
        }
        func status(_ target: String) throws -> Int { try HTTP.get(server.port, target).status }

        // Public paths, with the security headers of `_headers`.
        let index = try HTTP.get(server.port, "/index.html")
        #expect(index.status == 200 && index.headers["content-security-policy"] == SecurityHeaders.contentSecurityPolicy)
        #expect(index.headers["x-content-type-options"] == "nosniff")
        #expect(try status("/bundles/free/2026-11-27/free-2026-11-27.zip") == 200)
        #expect(try status("/no/such/page.html") == 404)

        // A valid link opens the bundle, byte for byte.
        let alice = try links("alice")
        #expect(alice.count == 6 && alice[0].hasPrefix("/bundles/pro/2026-11-27/pro-2026-11-27.zip?md5="))
        let zip = try HTTP.get(server.port, alice[0])
        #expect(zip.status == 200)
        #expect(Data(zip.body) == (try Data(contentsOf: site.appendingPathComponent("bundles/pro/2026-11-27/pro-2026-11-27.zip"))))
        #expect(try status(alice[1]) == 200 && status(alice[2]) == 200)
        // No ranges on a paid bundle: `curl -r 0-99` gets the whole file, once, as a 200 that ingest bills.
        for range in ["bytes=0-99", "bytes=0-", "bytes=100-199,300-399"] {
            let ranged = try HTTP.get(server.port, alice[0], headers: ["Range": range])
            #expect(ranged.status == 200 && ranged.body.count == zip.body.count, "\(range): \(ranged.status), \(ranged.body.count) bytes")
        }

        // Forged, moved, expired, missing.
        let path = String(alice[0].prefix { $0 != "?" }), query = String(alice[0].drop { $0 != "?" }.dropFirst())
        // The same link in forms nginx normalises before matching: served, so they must be billed too.
        for form in ["/" + path, path.replacingOccurrences(of: "/bundles/", with: "/%62undles/"), path.replacingOccurrences(of: ".zip", with: ".%7aip")] {
            #expect(try status(form + "?" + query) == 200, "\(form)")
        }
        // A link parameter given twice, in any spelling nginx reads as the same name, is refused (as the edge
        // functions, SignedLink.check and ingest refuse it); other parameters and other names are not the link's.
        for (suffix, expected) in [("&sub=bob", 403), ("&sub=", 403), ("&sub", 403), ("&SUB=bob", 403), ("&expires=1", 403), ("&md5=x", 403),
                                   ("&x=1&x=1", 200), ("&%73ub=bob", 200)] {
            #expect(try status(alice[0] + suffix) == expected, "\(suffix)")
        }
        #expect(try status(path + "?sub=&" + query) == 403)
        #expect(try status(path.replacingOccurrences(of: "/bundles/", with: "/BUNDLES/") + "?" + query) == 404)
        #expect(try status("/bundles/pro/2026-11-27/manifest.json?" + query) == 403, "a token for another file")
        #expect(try status(path + "?" + query.replacingOccurrences(of: "sub=alice", with: "sub=bob")) == 403, "another subscriber")
        let expires = query.split(separator: "&").first { $0.hasPrefix("expires=") }!.dropFirst("expires=".count)
        #expect(try status(path + "?" + query.replacingOccurrences(of: "expires=\(expires)", with: "expires=\(Int(expires)! + 3600)")) == 403,
                "a changed expiry")
        let md5 = query.split(separator: "&").first { $0.hasPrefix("md5=") }!.dropFirst(4)
        let forged = String(md5.first == "A" ? "B" : "A") + md5.dropFirst()
        #expect(try status(path + "?" + query.replacingOccurrences(of: "md5=\(md5)", with: "md5=\(forged)")) == 403, "a tampered token")
        #expect(try status(path) == 403, "no token")
        #expect(try status(try links("alice", ttl: 60, at: now - 3600)[0]) == 410, "an expired link")
        #expect(try status("/_headers") == 404)
        #expect(try status("/bundles/unknown-tier/x.zip") == 403)

        // Downloads come back from nginx's log into the ledger, once.
        server.stop()
        let log = server.prefix.appendingPathComponent("access.log")
        let signer = SignedLink(scheme: .nginxSecureLink, secret: Self.secret)
        let verified = LogIngest.Links(freeTiers: ["free"]) { uri, query, time in signer.check(uri: uri, query: query, now: time).map(\.reason) }
        let first = try LogIngest(store: ledger, format: .nginxJSON, links: verified).ingest(log)
        // Nine genuine downloads (the link, its three spellings, three asked as ranges but served whole, and two
        // with parameters that are not the link's; two in the same second may be one fact), the free bundle never
        // billed; what nginx refused is not a download.
        #expect(first.recorded + first.duplicates == 9 && first.malformed.isEmpty, "\(first)")
        #expect(first.refused == ["free bundle": 1], "\(first.refused)")
        let second = try LogIngest(store: ledger, format: .nginxJSON, links: verified).ingest(log)
        #expect(second.recorded == 0 && second.duplicates == first.recorded + first.duplicates)
        let downloads = try ledger.events().filter { $0.event.event == .downloaded }
        #expect(!downloads.isEmpty && downloads.allSatisfy { $0.event.subscriber == "alice" && $0.event.properties["tier"] == "pro" })
    }

    @Test("a disabled subscriber gets no link, and the secret comes only from the environment")
    func refusals() throws {
        let root = Fixtures.project()
        #expect(SignalPress.run(["build", "--project", root.path, "--quiet"]) == 0)
        let project = try Project.load(from: root)
        let ledger = try LedgerStore(path: root.appendingPathComponent(".signalpress/ledger.sqlite").path, clock: Fixtures.clock)
        try ledger.addSubscriber(id: "carol", email: "carol@example.com", tier: "pro", tiers: ["free", "pro"])
        let environment = [project.config.gating.secretEnvironmentVariable: Self.secret]
        #expect(try Workspace(root: project.root).links(ledger: ledger, subscriber: "carol", date: nil, ttl: nil, now: 0,
                                       environment: environment).count == 6)
        try ledger.setStatus("carol", .disabled)
        #expect(throws: BuildError.tiers(.subscriberDisabled(id: "carol"))) {
            try Workspace(root: project.root).links(ledger: ledger, subscriber: "carol", date: nil, ttl: nil, now: 0, environment: environment)
        }
        try ledger.setStatus("carol", .active)
        #expect(throws: BuildError.tiers(.secretNotSet(variable: project.config.gating.secretEnvironmentVariable))) {
            try Workspace(root: project.root).links(ledger: ledger, subscriber: "carol", date: nil, ttl: nil, now: 0, environment: [:])
        }
        #expect(throws: BuildError.tiers(.noBundle(tier: "pro", date: "2020-01-01", published: ["2026-11-27"]))) {
            try Workspace(root: project.root).links(ledger: ledger, subscriber: "carol", date: "2020-01-01", ttl: nil, now: 0, environment: environment)
        }
    }
}
