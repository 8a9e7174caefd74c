import Foundation
import Project

/// The site's `_headers` security policy as a CloudFront response headers policy
/// (`ResponseHeadersPolicyConfig`, for `aws cloudfront create-response-headers-policy`):
/// CloudFront ignores `_headers`, so without this a site behind it loses its CSP and HSTS.
/// Cache-Control is not in it: S3 serves that per object (see `deploy/github/nightly.yml`).
public struct CloudFrontHeadersPolicy: Encodable, Sendable {
    struct Security: Encodable {
        struct CSP: Encodable { let Override = true; let ContentSecurityPolicy: String }
        struct HSTS: Encodable { let Override = true; let AccessControlMaxAgeSec: Int; let IncludeSubdomains: Bool; let Preload: Bool }
        struct ContentType: Encodable { let Override = true }
        struct Referrer: Encodable { let Override = true; let ReferrerPolicy: String }
        let ContentSecurityPolicy: CSP
        let StrictTransportSecurity: HSTS
        let ContentTypeOptions: ContentType
        let ReferrerPolicy: Referrer
    }

    struct Custom: Encodable {
        struct Header: Encodable { let Header: String; let Value: String; let Override = true }
        let Quantity: Int
        let Items: [Header]
    }

    let Name: String
    let Comment: String
    let SecurityHeadersConfig: Security
    let CustomHeadersConfig: Custom

    /// The headers CloudFront has a field for go there; the rest (Permissions-Policy) as custom headers.
    public init(config: SiteConfig) {
        let headers = Dictionary(SecurityHeaders.all.map { ($0.name, $0.value) }, uniquingKeysWith: { first, _ in first })
        let hsts = (headers["Strict-Transport-Security"] ?? "").split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
        let maxAge = hsts.first { $0.hasPrefix("max-age=") }.flatMap { Int($0.dropFirst("max-age=".count)) } ?? 31_536_000
        let host = URL(string: config.baseURL)?.host ?? "site"
        // Names: letters, digits, '-' and '_' only, at most 128.
        Name = String(("signalpress-" + host).map { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" ? $0 : "-" }.prefix(128))
        Comment = String("Security headers of \(config.title) (signalpress deploy-config cloudfront --headers-policy)".prefix(128))
        SecurityHeadersConfig = Security(
            ContentSecurityPolicy: .init(ContentSecurityPolicy: SecurityHeaders.contentSecurityPolicy),
            StrictTransportSecurity: .init(AccessControlMaxAgeSec: maxAge, IncludeSubdomains: hsts.contains("includesubdomains"), Preload: hsts.contains("preload")),
            ContentTypeOptions: .init(),
            ReferrerPolicy: .init(ReferrerPolicy: headers["Referrer-Policy"] ?? "strict-origin-when-cross-origin"))
        let handled: Set = ["Content-Security-Policy", "Strict-Transport-Security", "X-Content-Type-Options", "Referrer-Policy"]
        let custom = SecurityHeaders.all.filter { !handled.contains($0.name) }.map { Custom.Header(Header: $0.name, Value: $0.value) }
        CustomHeadersConfig = Custom(Quantity: custom.count, Items: custom)
    }

    public var text: String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        return String(decoding: (try? encoder.encode(self)) ?? Data(), as: UTF8.self) + "\n"
    }
}
