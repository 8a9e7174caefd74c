import Crypto
import Foundation

/// The Standard Webhooks signature (standardwebhooks.com): HMAC-SHA256 over
/// `id.timestamp.body` with the secret's bytes (the base64 after `whsec_`), sent as
/// `webhook-signature: v1,<base64>` beside `webhook-id` and `webhook-timestamp`.
public enum StandardWebhook {
    public static let secretPrefix = "whsec_"

    /// The secret's key bytes; nil for anything but `whsec_` and base64 of 24 to 64 bytes.
    public static func key(fromSecret secret: String) -> [UInt8]? {
        guard secret.hasPrefix(secretPrefix), let bytes = Data(base64Encoded: String(secret.dropFirst(secretPrefix.count))),
              (24...64).contains(bytes.count) else { return nil }
        return Array(bytes)
    }

    /// A new secret of 32 random bytes, for a subscriber's endpoint.
    public static func newSecret() -> String {
        var generator = SystemRandomNumberGenerator()
        return secretPrefix + Data((0..<32).map { _ in UInt8.random(in: 0...255, using: &generator) }).base64EncodedString()
    }

    public static func signature(id: String, timestamp: Int, body: [UInt8], key: [UInt8]) -> String {
        var message = Array("\(id).\(timestamp).".utf8)
        message += body
        let mac = HMAC<SHA256>.authenticationCode(for: message, using: SymmetricKey(data: key))
        return "v1," + Data(mac).base64EncodedString()
    }

    /// The three headers of one attempt.
    public static func headers(id: String, timestamp: Int, body: [UInt8], key: [UInt8]) -> [(name: String, value: String)] {
        [("webhook-id", id), ("webhook-timestamp", String(timestamp)), ("webhook-signature", signature(id: id, timestamp: timestamp, body: body, key: key))]
    }
}
