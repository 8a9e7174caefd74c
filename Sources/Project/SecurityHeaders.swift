/// The headers every response of the site carries, whoever serves it.
public enum SecurityHeaders {
    public static let contentSecurityPolicy = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"

    /// Sent with every response, by `_headers` on Netlify/Cloudflare Pages and by the nginx config.
    public static let all: [(name: String, value: String)] = [
        ("Content-Security-Policy", contentSecurityPolicy),
        ("Strict-Transport-Security", "max-age=31536000; includeSubDomains"),
        ("X-Content-Type-Options", "nosniff"),
        ("Referrer-Policy", "strict-origin-when-cross-origin"),
        ("Permissions-Policy", "camera=(), microphone=(), geolocation=(), interest-cohort=()"),
    ]

    /// Cache-Control by kind of path, the same from every server: pages and feeds for five
    /// minutes, content-hashed assets for a year, paid bundles never (each download is billed),
    /// members' pages only in the member's own browser.
    public enum CacheControl {
        public static let pages = "public, max-age=300, must-revalidate"
        public static let assets = "public, max-age=31536000, immutable"
        public static let bundles = "private, no-store"
        /// A members' area page: never in a shared cache, and checked at the edge on every visit.
        public static let members = "private, no-cache"
    }
}
