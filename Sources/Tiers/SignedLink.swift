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
        let token = token(uri: uri, subscriber: subscriber, expires: expires)
        switch scheme {
        case .nginxSecureLink: return "md5=\(token)&expires=\(expires)&sub=\(subscriber)"
        case .hmac: return "expires=\(expires)&sub=\(subscriber)&sig=\(token)"
        }
    }

    /// A download link's token: nginx's `secure_link_md5 "$secure_link_expires $uri $arg_sub <secret>"`,
    /// or the `hmac` scheme's path, expiry and subscriber.
    func token(uri: String, subscriber: String, expires: Int) -> String {
        signature(nginx: ["\(expires)", uri, subscriber], hmac: [uri, "\(expires)", subscriber])
    }

    /// The base64url signature of `fields` under this scheme: MD5 of the `nginx` fields and the
    /// secret, space-separated (what nginx's `secure_link_md5` computes), or HMAC-SHA256 of the
    /// `hmac` fields, one per line.
    public func signature(nginx: [String], hmac: [String]) -> String {
        switch scheme {
        case .nginxSecureLink:
            return Self.base64URL(Data(Insecure.MD5.hash(data: Data((nginx + [secret]).joined(separator: " ").utf8))))
        case .hmac:
            return Self.base64URL(Data(HMAC<SHA256>.authenticationCode(for: Data(hmac.joined(separator: "\n").utf8), using: SymmetricKey(data: Data(secret.utf8)))))
        }
    }

    /// Checks a link as an edge function would: `nil` when valid, else 403 or 410 and why.
    /// Valid through the second `expires` names, as nginx's `secure_link` counts it.
    public func check(uri: String, query: String, now: Int) -> (status: Int, reason: String)? {
        let parameters = LinkQuery(query)
        if parameters.repeated != nil { return (403, "a query parameter given twice") }
        guard let subscriber = parameters["sub"], !subscriber.isEmpty, let expiresText = parameters["expires"], let expires = Int(expiresText) else {
            return (403, "no token")
        }
        guard let given = parameters[scheme == .hmac ? "sig" : "md5"],
              Self.constantTimeEqual(given, token(uri: uri, subscriber: subscriber, expires: expires)) else { return (403, "bad token") }
        guard expires >= now else { return (410, "expired") }
        return nil
    }

    public static func base64URL(_ data: Data) -> String {
        data.base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    public static func constantTimeEqual(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8), y = Array(b.utf8)
        guard x.count == y.count else { return false }
        return zip(x, y).reduce(0) { $0 | ($1.0 ^ $1.1) } == 0
    }
}
