import Core
import Foundation
import Project
import Testing
import Tiers

/// The members' area's reference check, which nginx, the Worker and the CloudFront Function are held to.
@Suite("Members' gate")
struct MemberGateTests {
    static let secret = "test-secret-0123456789abcdef"
    static let now = 2_000_000_000 - 100

    /// Pro and enterprise above free, served under `/signals/`, with `scheme`.
    func gate(_ scheme: GatingConfig.Scheme, revocations: MemberRevocations = .init()) throws -> MemberGate {
        let site = Fixtures.siteYAML.replacingOccurrences(of: "https://test.example.com", with: "https://test.example.com/signals")
            + "  - { id: enterprise, price_cents: 5000, watchlists: all, features: [dashboard, charts, reports, exports] }\n"
            + "gating: { scheme: \(scheme.rawValue) }\n"
        let project = try Project.load(from: Fixtures.project(site: site.replacingOccurrences(of: "\n\n  - { id: enterprise", with: "\n  - { id: enterprise")))
        return MemberGate(signer: SignedLink(scheme: scheme, secret: Self.secret), entitlements: Entitlements(project), revocations: revocations)
    }

    @Test("a sign-in link is signed as every edge computes it, under the site's path")
    func signatures() throws {
        // Expected values computed independently with Python's hmac and hashlib.
        let hmac = try gate(.hmac)
        #expect(hmac.signInLink(hmac.token(tier: "pro", subscriber: "alice", generation: 0, expires: 2_000_000_000))
                == "/signals/members/pro/signin?sub=alice&gen=0&expires=2000000000&sig=bw8PQg6DxFX97tVIc4cQr0yP-gPUHfkfytT6Pc-B42o")
        let site = Fixtures.siteYAML + "gating: { scheme: nginx-secure-link }\n"
        let nginx = MemberGate(signer: SignedLink(scheme: .nginxSecureLink, secret: Self.secret), entitlements: Entitlements(try Project.load(from: Fixtures.project(site: site))))
        #expect(nginx.token(tier: "pro", subscriber: "alice", generation: 3, expires: 2_000_000_000).mac == "2iVtmF4SIO3sxY8YCTbO8g")
        // A private feed's token: no expiry, the subscriber's generation.
        #expect(hmac.feedLinks(tier: "pro", subscriber: "al-ice", generation: 2)
                == ["/signals/members/pro/feed/al-ice-mGqRVR2O42o6hF3idwkknx9dyFSjPM0ME3AHHuH8210.xml",
                    "/signals/members/pro/feed/al-ice-mGqRVR2O42o6hF3idwkknx9dyFSjPM0ME3AHHuH8210.json"])
        #expect(nginx.feedToken(tier: "pro", subscriber: "alice", generation: 0) == "iwGTZrKJBMVAEYAIEl5vRA")
    }

    @Test("sign-in sets a cookie for what is left of the token's life; the cookie opens its tier and those below, until it expires")
    func verdicts() throws {
        let gate = try gate(.hmac)
        let token = gate.token(tier: "enterprise", subscriber: "erin", generation: 0, expires: 2_000_000_000)
        let link = gate.signInLink(token)
        let path = String(link.prefix { $0 != "?" }), query = String(link.drop { $0 != "?" }.dropFirst())
        let cookieValue = "signalpress_member=\(token.cookieValue)"
        #expect(gate.check(path: path, query: query, cookieHeader: nil, now: Self.now)
                == .redirect(location: "/signals/members/enterprise/", setCookie: cookieValue + "; Max-Age=100; Path=/signals/members/; HttpOnly; Secure; SameSite=Lax"))
        #expect(gate.check(path: path, query: query, cookieHeader: nil, now: 2_000_000_001) == .expired)
        for page in ["/signals/members/enterprise/index.html", "/signals/members/pro/symbols/AAAX/index.html"] {
            #expect(gate.check(path: page, query: "", cookieHeader: "a=b; " + cookieValue, now: 2_000_000_000) == .page, "\(page)")
            #expect(gate.check(path: page, query: "", cookieHeader: cookieValue, now: 2_000_000_001) == .expired)
            #expect(gate.check(path: page, query: "", cookieHeader: nil, now: Self.now) == .redirect(location: "/signals/sign-in/", setCookie: nil))
        }
        // The first cookie of the name counts, as nginx reads it.
        #expect(gate.check(path: "/signals/members/pro/", query: "", cookieHeader: "signalpress_member=x; " + cookieValue, now: Self.now)
                == .redirect(location: "/signals/sign-in/", setCookie: nil))
        #expect(gate.check(path: "/signals/members/", query: "", cookieHeader: cookieValue, now: Self.now)
                == .redirect(location: "/signals/members/enterprise/", setCookie: nil))
        #expect(gate.check(path: "/signals/members/free/", query: "", cookieHeader: cookieValue, now: Self.now) == .notFound)
        #expect(gate.check(path: "/signals/index.html", query: "", cookieHeader: nil, now: Self.now) == .page)
        #expect(gate.check(path: "/signals/members/signout", query: "", cookieHeader: cookieValue, now: Self.now)
                == .redirect(location: "/signals/", setCookie: "signalpress_member=; Max-Age=0; Path=/signals/members/; HttpOnly; Secure; SameSite=Lax"))
        // A pro token does not open enterprise.
        let pro = gate.token(tier: "pro", subscriber: "alice", generation: 0, expires: 2_000_000_000)
        #expect(gate.check(path: "/signals/members/enterprise/", query: "", cookieHeader: "signalpress_member=\(pro.cookieValue)", now: Self.now)
                == .redirect(location: "/signals/sign-in/", setCookie: nil))
    }

    @Test("a private feed is the tier's feed for a token of the subscriber's current generation, and nothing else")
    func privateFeeds() throws {
        let gate = try gate(.hmac, revocations: MemberRevocations(generations: ["al-ice": 2], cancelled: ["carol"]))
        let (atom, json) = (gate.feedLinks(tier: "pro", subscriber: "al-ice", generation: 2)[0], gate.feedLinks(tier: "pro", subscriber: "al-ice", generation: 2)[1])
        #expect(gate.check(path: atom, query: "", cookieHeader: nil, now: Self.now) == .feed(path: "/signals/members/pro/feed.xml"))
        #expect(gate.check(path: json, query: "", cookieHeader: nil, now: Self.now) == .feed(path: "/signals/members/pro/feed.json"))
        for refused in [gate.feedLinks(tier: "pro", subscriber: "al-ice", generation: 1)[0], gate.feedLinks(tier: "pro", subscriber: "carol", generation: 0)[0],
                        atom.replacingOccurrences(of: "/pro/", with: "/enterprise/"), atom.replacingOccurrences(of: "al-ice-", with: "bob-"),
                        atom.replacingOccurrences(of: "al-ice-", with: "al-ice"), "/signals/members/pro/feed/x.xml"] {
            #expect(gate.check(path: refused, query: "", cookieHeader: nil, now: Self.now) == .forbidden, "\(refused)")
        }
        #expect(gate.check(path: "/signals/members/pro/feed/", query: "", cookieHeader: nil, now: Self.now) == .notFound)
    }

    @Test("the revocation list refuses older generations and cancelled subscribers, and reads back as the edge gets it")
    func revocations() throws {
        let list = MemberRevocations(generations: ["alice": 2, "bob": 0], cancelled: ["carol"])
        #expect(list.workersKV == "[\n  {\"key\": \"member:alice\", \"value\": \"2\"},\n  {\"key\": \"member:carol\", \"value\": \"cancelled\"}\n]\n")
        #expect(list.cloudFrontKVS.contains("{\"Key\": \"member:alice\", \"Value\": \"2\"}") && MemberRevocations().workersKV == "[]\n")
        #expect(list.nginxMap.hasSuffix("alice 2;\ncarol cancelled;\n"))
        #expect(MemberRevocations(workersKV: Data(list.workersKV.utf8)) == list
                && MemberRevocations(workersKV: Data("[{\"key\": \"member:a\", \"value\": \"x\"}]".utf8)) == nil)
        let gate = try gate(.hmac, revocations: list)
        for (subscriber, generation, honoured) in [("alice", 1, false), ("alice", 2, true), ("bob", 0, true), ("carol", 0, false), ("dave", 0, true)] {
            let token = gate.token(tier: "pro", subscriber: subscriber, generation: generation, expires: 2_000_000_000)
            let verdict = gate.check(path: "/signals/members/pro/", query: "", cookieHeader: "signalpress_member=\(token.cookieValue)", now: Self.now)
            #expect((verdict == .page) == honoured, "\(subscriber) \(generation)")
        }
    }
}
