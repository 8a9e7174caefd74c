import Core
import Crypto
import Foundation
import Project
import MarketData

/// Expiring download links for one subscriber, checked at the edge without a database:
/// nginx's `secure_link` module (`nginx-secure-link`), or an edge function (`hmac`).
public struct SignedLink: Sendable {
    public var scheme: GatingConfig.Scheme
    public var secret: String

    public init(scheme: GatingConfig.Scheme, secret: String) {
        self.scheme = scheme
        self.secret = secret
    }

    /// The query string that authorises `uri` (the decoded path, from the site root of the
    /// host, e.g. `/bundles/pro/2026-11-27/pro-2026-11-27.zip`) for `subscriber` until `expires`.
    public func query(uri: String, subscriber: String, expires: Int) -> String {
        switch scheme {
        case .nginxSecureLink:
            // nginx: secure_link_md5 "$secure_link_expires $uri $arg_sub <secret>";
            let digest = Insecure.MD5.hash(data: Data("\(expires) \(uri) \(subscriber) \(secret)".utf8))
            return "md5=\(Self.base64URL(Data(digest)))&expires=\(expires)&sub=\(subscriber)"
        case .hmac:
            let mac = HMAC<SHA256>.authenticationCode(for: Data(Self.hmacMessage(uri: uri, subscriber: subscriber, expires: expires).utf8),
                                                      using: SymmetricKey(data: Data(secret.utf8)))
            return "expires=\(expires)&sub=\(subscriber)&sig=\(Self.base64URL(Data(mac)))"
        }
    }

    /// What the `hmac` scheme signs: path, expiry and subscriber, one per line.
    public static func hmacMessage(uri: String, subscriber: String, expires: Int) -> String {
        "\(uri)\n\(expires)\n\(subscriber)"
    }

    /// Checks a link as an edge function would: `nil` when valid, else 403 or 410 and why.
    /// Valid through the second `expires` names, as nginx's `secure_link` counts it.
    public func check(uri: String, query: String, now: Int) -> (status: Int, reason: String)? {
        let parameters = LinkQuery(query)
        if parameters.repeated != nil { return (403, "a query parameter given twice") }
        guard let subscriber = parameters["sub"], !subscriber.isEmpty, let expiresText = parameters["expires"], let expires = Int(expiresText) else {
            return (403, "no token")
        }
        let expected = self.query(uri: uri, subscriber: subscriber, expires: expires)
        let token = scheme == .hmac ? "sig" : "md5"
        let expectedToken = expected.split(separator: "&").first { $0.hasPrefix(token + "=") }.map { String($0.dropFirst(token.count + 1)) }
        guard let given = parameters[token], let expectedToken, Self.constantTimeEqual(given, expectedToken) else { return (403, "bad token") }
        guard expires >= now else { return (410, "expired") }
        return nil
    }

    public static func base64URL(_ data: Data) -> String {
        data.base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    static func constantTimeEqual(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8), y = Array(b.utf8)
        guard x.count == y.count else { return false }
        return zip(x, y).reduce(0) { $0 | ($1.0 ^ $1.1) } == 0
    }
}
