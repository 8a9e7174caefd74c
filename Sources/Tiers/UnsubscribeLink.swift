import Core
import Crypto
import Foundation

/// A subscriber's one-click unsubscribe address (RFC 8058): `/unsubscribe/?sub=ID&sig=...`,
/// signed with the link secret and without an expiry, since an old email's link must still
/// work. The edge only answers and logs the POST; `usage ingest` checks the signature and
/// turns the subscriber's email off.
public struct UnsubscribeLink: Sendable {
    public static let path = "unsubscribe/"
    let secret: String

    public init(signer: SignedLink) { secret = signer.secret }

    public func signature(subscriber: String) -> String {
        SignedLink.base64URL(Data(HMAC<SHA256>.authenticationCode(for: Data("unsubscribe\n\(subscriber)".utf8), using: SymmetricKey(data: Data(secret.utf8)))))
    }

    /// The address under the site's `base_url`.
    public func url(baseURL: String, subscriber: String) -> String {
        baseURL + "/" + Self.path + "?sub=\(subscriber)&sig=\(signature(subscriber: subscriber))"
    }

    /// The subscriber a logged request's query names, when its signature is theirs.
    public func subscriber(inQuery query: String) -> String? {
        let parameters = LinkQuery(query)
        guard parameters.repeated == nil, let subscriber = parameters["sub"], let given = parameters["sig"], !subscriber.isEmpty,
              SignedLink.constantTimeEqual(given, signature(subscriber: subscriber)) else { return nil }
        return subscriber
    }
}
