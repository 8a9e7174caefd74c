import Testing
import Tiers

@Suite("Signed links")
struct SignedLinkTests {
    let secret = "s3cret-s3cret-s3cret"

    @Test("nginx-secure-link: base64url MD5 of \"<expires> <uri> <sub> <secret>\", as nginx computes it")
    func nginx() {
        let link = SignedLink(scheme: .nginxSecureLink, secret: secret)
        // Expected values computed independently with Python's hashlib.
        #expect(link.query(uri: "/bundles/pro/x.zip", subscriber: "alice", expires: 2_000_000_000)
                == "md5=jhEyw0_TJp-9N2TlRrb5QA&expires=2000000000&sub=alice")
    }

    @Test("hmac: base64url HMAC-SHA256 over path, expiry and subscriber, checked as an edge function would")
    func hmac() {
        let link = SignedLink(scheme: .hmac, secret: secret)
        let query = link.query(uri: "/bundles/pro/x.zip", subscriber: "alice", expires: 2_000_000_000)
        #expect(query == "expires=2000000000&sub=alice&sig=4pufObRJPqQ8NVBbuxNAxRegH2cmLqMs16rCpGAcqNQ")
        #expect(link.check(uri: "/bundles/pro/x.zip", query: query, now: 1_999_999_999) == nil)
        #expect(link.check(uri: "/bundles/pro/y.zip", query: query, now: 0)?.status == 403)
        #expect(link.check(uri: "/bundles/pro/x.zip", query: query.replacingOccurrences(of: "alice", with: "bob"), now: 0)?.status == 403)
        #expect(link.check(uri: "/bundles/pro/x.zip", query: query.replacingOccurrences(of: "2000000000", with: "2000000001"), now: 0)?.status == 403)
        #expect(link.check(uri: "/bundles/pro/x.zip", query: "", now: 0)?.status == 403)
        // Valid through the second it names, as nginx's secure_link counts it; expired after.
        #expect(link.check(uri: "/bundles/pro/x.zip", query: query, now: 2_000_000_000) == nil)
        #expect(link.check(uri: "/bundles/pro/x.zip", query: query, now: 2_000_000_001)?.status == 410)
    }
}
