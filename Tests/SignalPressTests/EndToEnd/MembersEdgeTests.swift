import Build
import Core
import Foundation
import Ledger
import Project
import Testing
import Tiers
@testable import signalpress

/// The members' check of the Worker and the CloudFront Function that `deploy-config` prints,
/// run under Node on sign-in links from `links` and the cookies they set: every answer is
/// `MemberGate.check`'s, the reference nginx is held to too.
@Suite("Members' area at the edge, under Node", .node)
struct MembersEdgeTests {
    static let secret = "edge-secret-0123456789abcdef"
    static let site = MembersNginxTests.siteYAML + "gating: { scheme: hmac }\n"

    struct Case: Codable {
        let target: String
        let cookie: String?
        let why: String
    }

    /// A built project whose ledger holds alice (pro), erin (enterprise), carol (pro, revoked
    /// once) and dave (cancelled), the list its last build wrote, and the cases.
    static func prepare() throws -> (root: URL, gate: MemberGate, cases: [Case]) {
        let root = Fixtures.project(site: site)
        let ledger = try LedgerStore(path: root.appendingPathComponent(".signalpress/ledger.sqlite").path, clock: Fixtures.clock)
        let tiers: [TierID] = ["free", "pro", "enterprise"]
        for (id, tier) in [("alice", "pro"), ("erin", "enterprise"), ("carol", "pro"), ("dave", "pro")] {
            try ledger.addSubscriber(id: id, email: "\(id)@example.com", tier: TierID(tier), tiers: tiers)
        }
        try ledger.revokeTokens("carol")
        try ledger.setStatus("dave", .disabled)
        #expect(SignalPress.run(["build", "--project", root.path, "--quiet"]) == 0)
        let project = try Project.load(from: root)
        let list = try #require(MemberRevocations(workersKV: try Data(contentsOf: Workspace(root: root).revocations.workers)))
        #expect(list == MemberRevocations(generations: ["carol": 1], cancelled: ["dave"]))
        let gate = MemberGate(signer: SignedLink(scheme: .hmac, secret: secret), entitlements: Entitlements(project), revocations: list)
        let now = Int(Date().timeIntervalSince1970)
        func links(_ subscriber: String, ttl: Int = 600, at time: Int = now) throws -> [String] {
            try Workspace(root: root).links(ledger: ledger, subscriber: subscriber, date: nil, ttl: ttl, now: time,
                                            environment: [project.config.gating.secretEnvironmentVariable: secret])
                .map { String($0.dropFirst(project.config.baseURL.count)) }
        }
        func signIn(_ subscriber: String, ttl: Int = 600, at time: Int = now) throws -> String { try links(subscriber, ttl: ttl, at: time)[3] }
        func cookie(_ tier: TierID, _ subscriber: String, generation: Int = 0, expires: Int = now + 600) -> String {
            "signalpress_member=" + gate.token(tier: tier, subscriber: subscriber, generation: generation, expires: expires).cookieValue
        }
        let alice = cookie("pro", "alice"), link = try signIn("alice")
        return (root, gate, [
            Case(target: link, cookie: nil, why: "a sign-in link"),
            Case(target: try signIn("erin"), cookie: nil, why: "an enterprise sign-in link"),
            Case(target: link + "&sub=erin", cookie: nil, why: "a parameter given twice"),
            Case(target: link.replacingOccurrences(of: "gen=0", with: "gen=00"), cookie: nil, why: "a generation spelled otherwise"),
            Case(target: link.replacingOccurrences(of: "sub=alice", with: "sub=erin"), cookie: nil, why: "another subscriber"),
            Case(target: try signIn("alice", ttl: 60, at: now - 3600), cookie: nil, why: "an expired sign-in link"),
            Case(target: try signIn("carol"), cookie: nil, why: "a revoked subscriber's new link"),
            Case(target: "/members/pro/", cookie: alice, why: "the tier's area"),
            Case(target: "/members/pro/symbols/DDDX/index.html", cookie: "theme=dark; " + alice, why: "a page, another cookie first"),
            Case(target: "/members/pro/", cookie: "signalpress_member=x; " + alice, why: "a broken cookie first: the first counts"),
            Case(target: "/members/enterprise/", cookie: alice, why: "a higher tier's area"),
            Case(target: "/members/pro/index.html", cookie: cookie("enterprise", "erin"), why: "enterprise reads pro"),
            Case(target: "/members/pro/", cookie: nil, why: "no cookie"),
            Case(target: "/members/pro/", cookie: alice.replacingOccurrences(of: ".alice", with: ".erin"), why: "a cookie moved to another subscriber"),
            Case(target: "/members/pro/", cookie: cookie("pro", "alice", expires: now - 10), why: "an expired cookie"),
            Case(target: "/members/pro/", cookie: cookie("pro", "carol"), why: "a revoked generation"),
            Case(target: "/members/pro/", cookie: cookie("pro", "carol", generation: 1), why: "the current generation"),
            Case(target: "/members/pro/", cookie: cookie("pro", "dave", generation: 1), why: "a cancelled subscriber"),
            Case(target: "/members/pro/", cookie: cookie("free", "alice"), why: "a token of the public tier"),
            Case(target: "/members/", cookie: alice, why: "the nav, signed in"),
            Case(target: "/members", cookie: nil, why: "the nav, signed out"),
            Case(target: "/members/free/index.html", cookie: alice, why: "not a members' area"),
            Case(target: "/members/signout", cookie: alice, why: "sign-out"),
            Case(target: "/%6dembers/pro/", cookie: nil, why: "an encoded path is the same path"),
            Case(target: "/members/enterprise/../pro/", cookie: alice, why: "a dot segment"),
            Case(target: "/index.html", cookie: nil, why: "a public page"),
            Case(target: try links("alice")[4], cookie: nil, why: "a private Atom feed"),
            Case(target: try links("alice")[5], cookie: nil, why: "a private JSON feed"),
            Case(target: try links("carol")[4], cookie: nil, why: "a revoked subscriber's new feed"),
            Case(target: gate.feedLinks(tier: "pro", subscriber: "carol", generation: 0)[0], cookie: nil, why: "a revoked subscriber's old feed"),
            Case(target: gate.feedLinks(tier: "pro", subscriber: "dave", generation: 1)[0], cookie: nil, why: "a cancelled subscriber's feed"),
            Case(target: try links("alice")[4].replacingOccurrences(of: "/alice-", with: "/erin-"), cookie: nil, why: "a feed moved to another subscriber"),
            Case(target: "/members/pro/feed/alice.xml", cookie: nil, why: "a feed without a token"),
            Case(target: "/members/pro/feed/", cookie: nil, why: "the feed folder"),
        ])
    }

    /// The reference's answer as the harnesses print theirs: status, location, cookie.
    static func expected(_ gate: MemberGate, _ item: Case) -> String {
        let target = item.target.removingPercentEncoding ?? item.target
        // As the edges read it: decoded, dot segments resolved.
        let path = String(target.prefix { $0 != "?" }).replacingOccurrences(of: "/enterprise/../", with: "/")
        let query = String(item.target.drop { $0 != "?" }.dropFirst())
        return switch gate.check(path: path, query: query, cookieHeader: item.cookie, now: Int(Date().timeIntervalSince1970)) {
        case .page: "200  "
        case .redirect(let location, let cookie): "302 \(location) \(cookie ?? "")"
        case .expired: "410  "
        case .notFound: "404  "
        case .feed: "200  "
        case .forbidden: "403  "
        }
    }

    static func expectAgreement(_ lines: [String], _ gate: MemberGate, _ cases: [Case]) {
        if ProcessInfo.processInfo.environment["SHOW_LINES"] != nil { print(lines.joined(separator: "\n")) }
        #expect(lines.count == cases.count, "\(lines)")
        for (line, item) in zip(lines, cases) {
            let answer = line.components(separatedBy: " |").first ?? line
            // Max-Age counts down with the clock: a second may pass between the two sides.
            let normalise = { (text: String) in text.replacing(/Max-Age=[0-9]+;/, with: "Max-Age=N;") }
            #expect(normalise(answer) == normalise(expected(gate, item)), "\(item.why): \(item.target) -> \(line)")
            if answer.hasPrefix("410") { #expect(line.contains("sign-in/expired/"), "\(item.why): \(line)") }
            // A private feed is the tier's own feed.
            if case .feed(let path) = gate.check(path: item.target, query: "", cookieHeader: nil, now: Int(Date().timeIntervalSince1970)) {
                #expect(line.contains(" " + path), "\(item.why): \(line)")
            }
        }
    }

    static func generate(_ platform: EdgeFunction.Platform, root: URL) throws -> String {
        let out = Fixtures.temporaryDirectory("edge-out").appendingPathComponent("script.js")
        #expect(try Binary.run(["deploy-config", platform.rawValue, "--project", root.path], output: out) == 0)
        return try String(contentsOf: out, encoding: .utf8)
    }

    @Test("the Worker answers every members' case as MemberGate does, reading revocations from its KV namespace")
    func worker() throws {
        let (root, gate, cases) = try Self.prepare()
        let folder = Fixtures.temporaryDirectory("members-worker")
        Fixtures.write(try Self.generate(.cloudflare, root: root), to: folder.appendingPathComponent("worker.mjs"))
        Fixtures.write(String(decoding: try JSONEncoder().encode(cases), as: UTF8.self), to: folder.appendingPathComponent("cases.json"))
        Fixtures.write("""
            import worker from "./worker.mjs";
            import fs from "fs";
            const [secret, listFile] = process.argv.slice(2);
            const list = Object.fromEntries(JSON.parse(fs.readFileSync(listFile, "utf8")).map((entry) => [entry.key, entry.value]));
            const env = { SIGNALPRESS_LINK_SECRET: secret, SIGNALPRESS_MEMBERS: { get: async (key) => list[key] ?? null },
                          ASSETS: { fetch: async (request) => new Response("asset " + new URL(request.url).pathname, { status: 200 }) } };
            for (const item of JSON.parse(fs.readFileSync("cases.json", "utf8"))) {
              const request = new Request("https://test.example.com" + item.target, { headers: item.cookie ? { Cookie: item.cookie } : {} });
              const response = await worker.fetch(request, env);
              console.log(response.status + " " + (response.headers.get("location") || "") + " " + (response.headers.get("set-cookie") || "")
                          + " |" + (await response.text()).trim() + " " + (response.headers.get("cache-control") || ""));
            }
            """, to: folder.appendingPathComponent("run.mjs"))
        let lines = try Node.run(folder.appendingPathComponent("run.mjs"), arguments: [Self.secret, Workspace(root: root).revocations.workers.path])
        Self.expectAgreement(lines, gate, cases)
        // A page is the asset, private to the browser.
        #expect(lines[7] == "200   |asset /members/pro/ private, no-cache", "\(lines[7])")
    }

    @Test("the CloudFront Function answers every members' case as MemberGate does, reading revocations from its key value store")
    func cloudfront() throws {
        let (root, gate, cases) = try Self.prepare()
        let folder = Fixtures.temporaryDirectory("members-cloudfront")
        Fixtures.write(try Self.generate(.cloudfront, root: root) + "\nexport { handler };\n", to: folder.appendingPathComponent("gate.mjs"))
        Fixtures.write(String(decoding: try JSONEncoder().encode(cases), as: UTF8.self), to: folder.appendingPathComponent("cases.json"))
        // The `cloudfront` module's key value store: the secret, and one key per listed subscriber
        // (as `update-keys --puts` loads them); it throws for a key it does not hold.
        Fixtures.write("""
            import fs from "fs";
            const puts = JSON.parse(fs.readFileSync(process.argv[3], "utf8"));
            const store = Object.fromEntries(puts.map((entry) => [entry.Key, entry.Value]));
            store.SIGNALPRESS_LINK_SECRET = process.argv[2];
            export default { kvs: () => ({ get: async (key) => {
              if (key in store) return store[key];
              throw new Error("no key " + key);
            } }) };
            """, to: folder.appendingPathComponent("node_modules/cloudfront/index.mjs"))
        Fixtures.write(#"{ "name": "cloudfront", "type": "module", "main": "index.mjs" }"#, to: folder.appendingPathComponent("node_modules/cloudfront/package.json"))
        Fixtures.write("""
            import { handler } from "./gate.mjs";
            import fs from "fs";
            for (const item of JSON.parse(fs.readFileSync("cases.json", "utf8"))) {
              const at = item.target.indexOf("?");
              const querystring = {};
              for (const pair of (at < 0 ? "" : item.target.slice(at + 1)).split("&").filter((pair) => pair)) {
                const equals = pair.indexOf("=");
                const [name, value] = equals < 0 ? [pair, ""] : [pair.slice(0, equals), pair.slice(equals + 1)];
                if (!querystring[name]) querystring[name] = { value };
                else (querystring[name].multiValue ||= [{ value: querystring[name].value }]).push({ value });
              }
              // CloudFront hands cookies over parsed, each name's values in the order sent.
              const cookies = {};
              for (const pair of (item.cookie || "").split("; ").filter((pair) => pair)) {
                const equals = pair.indexOf("=");
                const [name, value] = [pair.slice(0, equals), pair.slice(equals + 1)];
                if (!cookies[name]) cookies[name] = { value };
                else (cookies[name].multiValue ||= [{ value: cookies[name].value }]).push({ value });
              }
              const request = { method: "GET", uri: at < 0 ? item.target : item.target.slice(0, at), querystring, headers: {}, cookies };
              const result = await handler({ version: "1.0", context: {}, viewer: { ip: "127.0.0.1" }, request });
              if (!result.statusCode) { console.log("200   |passed " + result.uri); continue; }
              const cookie = Object.entries(result.cookies || {}).map(([name, c]) => name + "=" + c.value + "; " + c.attributes)[0] || "";
              console.log(result.statusCode + " " + (result.headers.location ? result.headers.location.value : "") + " " + cookie
                          + " |" + (result.body ? result.body.data : ""));
            }
            """, to: folder.appendingPathComponent("run.mjs"))
        let lines = try Node.run(folder.appendingPathComponent("run.mjs"), arguments: [Self.secret, Workspace(root: root).revocations.cloudFront.path])
        Self.expectAgreement(lines, gate, cases)
    }
}
