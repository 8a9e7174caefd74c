import Core
import Foundation
import Project

/// The members' area's check, as every edge makes it (nginx, the Cloudflare Worker, the
/// CloudFront Function): this is the reference they are tested against. A subscriber signs in
/// with a signed link (`/members/<tier>/signin?sub=&gen=&expires=&sig=` or `&md5=`), which the
/// edge turns into a cookie holding the same token; every request under `/members/` is then
/// checked against the cookie, without a database. A token names its tier, subscriber,
/// expiry and the subscriber's generation; a revocation list published by each build refuses
/// the tokens of cancelled subscribers and of older generations.
public struct MemberGate: Sendable {
    public let signer: SignedLink
    /// Tier ids, lowest first: a token of a tier reads that tier's area and every one below it.
    public let tiers: [TierID]
    /// The tiers with a members' area (every tier but the public one).
    public let paidTiers: [TierID]
    /// The path the site is served under, ending in `/` (`/`, or `/signals/` for a base_url with a path).
    public let sitePath: String
    public var revocations: MemberRevocations

    public init(signer: SignedLink, entitlements: Entitlements, revocations: MemberRevocations = .init()) {
        self.signer = signer
        tiers = entitlements.tierIDs
        paidTiers = entitlements.tierIDs.filter { !entitlements.isPublic($0) }
        sitePath = MemberGate.sitePath(baseURL: entitlements.project.config.baseURL)
        self.revocations = revocations
    }

    public static let cookieName = "signalpress_member"

    /// The path of `base_url`, ending in `/`.
    public static func sitePath(baseURL: String) -> String {
        let path = URL(string: baseURL)?.path ?? ""
        return path.hasSuffix("/") ? path : path + "/"
    }

    /// The public page a refused visitor is sent to: how to subscribe, or where a sign-in link comes from.
    public var signInPage: String { sitePath + "sign-in/" }
    /// The page an expired token is answered with, as a 410.
    public var expiredPage: String { sitePath + "sign-in/expired/" }
    public var cookiePath: String { sitePath + "members/" }
    public func signInPath(_ tier: TierID) -> String { sitePath + "members/\(tier)/signin" }
    public var signOutPath: String { sitePath + "members/signout" }

    /// What a sign-in link and a cookie carry.
    public struct Token: Sendable, Equatable {
        public var tier: TierID
        public var subscriber: String
        public var generation: Int
        public var expires: Int
        /// The signature: base64url MD5 (`nginx-secure-link`) or HMAC-SHA256 (`hmac`).
        public var mac: String

        /// The cookie's value: `tier.generation.expires.mac.subscriber` (the subscriber last:
        /// the other parts hold no dot).
        public var cookieValue: String { "\(tier).\(generation).\(expires).\(mac).\(subscriber)" }

        public init(tier: TierID, subscriber: String, generation: Int, expires: Int, mac: String) {
            (self.tier, self.subscriber, self.generation, self.expires, self.mac) = (tier, subscriber, generation, expires, mac)
        }

        /// Parses a cookie value; nil for anything not shaped like one.
        public init?(cookieValue: String) {
            let parts = cookieValue.split(separator: ".", maxSplits: 4, omittingEmptySubsequences: false).map(String.init)
            guard parts.count == 5, MemberGate.isDigits(parts[1], max: 9), MemberGate.isDigits(parts[2], max: 15), let generation = Int(parts[1]),
                  let expires = Int(parts[2]), MemberGate.isToken(parts[0]), MemberGate.isToken(parts[3]), MemberGate.isToken(parts[4]) else { return nil }
            self.init(tier: TierID(parts[0]), subscriber: parts[4], generation: generation, expires: expires, mac: parts[3])
        }
    }

    /// The signature of a token: over the sign-in path, the expiry, the subscriber and the
    /// generation, as nginx's `secure_link_md5 "$expires $uri $sub $gen <secret>"` or the `hmac`
    /// scheme's message, one per line.
    public func mac(tier: TierID, subscriber: String, generation: Int, expires: Int) -> String {
        let uri = signInPath(tier)
        return signer.signature(nginx: ["\(expires)", uri, subscriber, "\(generation)"], hmac: [uri, "\(expires)", subscriber, "\(generation)"])
    }

    public func token(tier: TierID, subscriber: String, generation: Int, expires: Int) -> Token {
        Token(tier: tier, subscriber: subscriber, generation: generation, expires: expires,
              mac: mac(tier: tier, subscriber: subscriber, generation: generation, expires: expires))
    }

    /// The sign-in link's path and query, from the site's root.
    public func signInLink(_ token: Token) -> String {
        let name = signer.scheme == .hmac ? "sig" : "md5"
        return signInPath(token.tier) + "?sub=\(token.subscriber)&gen=\(token.generation)&expires=\(token.expires)&\(name)=\(token.mac)"
    }

    /// What the edge answers.
    public enum Verdict: Sendable, Equatable {
        /// Serve the file.
        case page
        /// 302 to `location`, setting the cookie (`Set-Cookie` value) when there is one.
        case redirect(location: String, setCookie: String?)
        /// 410 with the expired page: the token was good, and its time is up.
        case expired
        /// 404: not a members' area this site has.
        case notFound
        /// A private feed: serve what the site has at `path` (the tier's own feed), whatever the URL.
        case feed(path: String)
        /// 403: a private feed's token is not (or no longer) good.
        case forbidden
    }

    /// The verdict on a request for `path` (decoded, dot segments resolved, as the edges make
    /// it) with `query` and the `Cookie` header, at `now` (seconds since 1970).
    public func check(path: String, query: String, cookieHeader: String?, now: Int) -> Verdict {
        let members = cookiePath
        guard path.hasPrefix(members) || path + "/" == members else { return .page }
        let rest = path.dropFirst(members.count)
        if rest == "signout" { return .redirect(location: sitePath, setCookie: clearedCookie) }
        let cookie = CookieHeader.first(named: Self.cookieName, in: cookieHeader).flatMap(Token.init(cookieValue:))
        if rest.isEmpty || rest == "index.html" {
            // The nav's "Members": the reader's own area when signed in, else the sign-in page.
            guard let cookie, honoured(cookie, now: now) == nil else { return .redirect(location: signInPage, setCookie: nil) }
            return .redirect(location: members + "\(cookie.tier)/", setCookie: nil)
        }
        let tierName = String(rest.prefix { $0 != "/" })
        guard let tier = paidTiers.first(where: { $0.value == tierName }) else { return .notFound }
        if rest == "\(tierName)/signin" { return signIn(tier: tier, query: query, now: now) }
        if rest.hasPrefix("\(tierName)/feed/") { return feed(tier: tier, name: String(rest.dropFirst(tierName.count + 6))) }
        guard let cookie, let readerRank = tiers.firstIndex(of: cookie.tier), let rank = tiers.firstIndex(of: tier), readerRank >= rank else {
            return .redirect(location: signInPage, setCookie: nil)
        }
        return honoured(cookie, now: now) ?? .page
    }

    /// Nil when `token` is signed, not revoked and not expired; else the answer.
    func honoured(_ token: Token, now: Int) -> Verdict? {
        guard paidTiers.contains(token.tier),
              SignedLink.constantTimeEqual(token.mac, mac(tier: token.tier, subscriber: token.subscriber, generation: token.generation, expires: token.expires)),
              revocations.allows(subscriber: token.subscriber, generation: token.generation) else {
            return .redirect(location: signInPage, setCookie: nil)
        }
        // Valid through the second it names, as nginx's secure_link counts it.
        return token.expires >= now ? nil : .expired
    }

    func signIn(tier: TierID, query: String, now: Int) -> Verdict {
        let parameters = LinkQuery(query, names: LinkQuery.signInNames)
        let macName = signer.scheme == .hmac ? "sig" : "md5"
        guard parameters.repeated == nil, let subscriber = parameters["sub"], Self.isToken(subscriber),
              let generationText = parameters["gen"], Self.isDigits(generationText, max: 9), let generation = Int(generationText),
              let expiresText = parameters["expires"], Self.isDigits(expiresText, max: 15), let expires = Int(expiresText),
              let mac = parameters[macName], Self.isToken(mac) else {
            return .redirect(location: signInPage, setCookie: nil)
        }
        let token = Token(tier: tier, subscriber: subscriber, generation: generation, expires: expires, mac: mac)
        if let refusal = honoured(token, now: now) { return refusal }
        return .redirect(location: cookiePath + "\(tier)/", setCookie: cookie(token, maxAge: expires - now))
    }

    // MARK: Private feeds

    /// A private feed's folder: `/members/<tier>/feed`.
    public func feedPath(_ tier: TierID) -> String { cookiePath + "\(tier)/feed" }

    /// The token of a subscriber's private feeds: long-lived (a feed reader holds no cookie and
    /// signs in never), bound to the tier and the subscriber's current generation, so the
    /// revocation list ends it like a cookie. nginx: base64url `MD5("<feed path> <sub> <gen> <secret>")`;
    /// `hmac`: base64url HMAC-SHA256 over `"<feed path>\n<sub>\n<gen>"`.
    public func feedToken(tier: TierID, subscriber: String, generation: Int) -> String {
        let fields = [feedPath(tier), subscriber, "\(generation)"]
        return signer.signature(nginx: fields, hmac: fields)
    }

    /// The Atom and JSON Feed addresses of a subscriber's private feed, from the site's root.
    public func feedLinks(tier: TierID, subscriber: String, generation: Int) -> [String] {
        let name = "\(subscriber)-\(feedToken(tier: tier, subscriber: subscriber, generation: generation))"
        return [feedPath(tier) + "/\(name).xml", feedPath(tier) + "/\(name).json"]
    }

    /// The length of a feed token: an MD5's or a SHA-256's base64url, so the subscriber (which
    /// may hold `-`) is whatever comes before it.
    public var feedTokenLength: Int { signer.scheme == .hmac ? 43 : 22 }

    /// A private feed's file name, `<sub>-<token>.xml` or `.json`, in its parts: nil `kind` when
    /// it is no feed's, nil `subscriber` and `token` when it is not shaped like an address.
    public func feedAddress(_ name: some StringProtocol) -> (kind: String?, subscriber: String?, token: String?) {
        let kind = name.hasSuffix(".xml") ? "xml" : name.hasSuffix(".json") ? "json" : nil
        guard let kind else { return (nil, nil, nil) }
        let stem = name.dropLast(kind.count + 1)
        guard stem.count > feedTokenLength + 1, stem.dropLast(feedTokenLength).last == "-" else { return (kind, nil, nil) }
        let token = String(stem.suffix(feedTokenLength)), subscriber = String(stem.dropLast(feedTokenLength + 1))
        guard Self.isToken(subscriber), Self.isToken(token) else { return (kind, nil, nil) }
        return (kind, subscriber, token)
    }

    func feed(tier: TierID, name: String) -> Verdict {
        let address = feedAddress(name)
        guard let kind = address.kind else { return .notFound }
        guard let subscriber = address.subscriber, let token = address.token, !revocations.cancelled.contains(subscriber),
              SignedLink.constantTimeEqual(token, feedToken(tier: tier, subscriber: subscriber, generation: revocations.generations[subscriber] ?? 0))
        else { return .forbidden }
        return .feed(path: cookiePath + "\(tier)/feed.\(kind)")
    }

    /// The `Set-Cookie` value that holds `token` for what is left of its life.
    public func cookie(_ token: Token, maxAge: Int) -> String {
        "\(Self.cookieName)=\(token.cookieValue); Max-Age=\(max(0, maxAge)); Path=\(cookiePath); HttpOnly; Secure; SameSite=Lax"
    }

    public var clearedCookie: String { "\(Self.cookieName)=; Max-Age=0; Path=\(cookiePath); HttpOnly; Secure; SameSite=Lax" }

    /// A number as the signer writes it: digits, no sign and no leading zero, so that every
    /// edge signs and compares the same text (nginx hashes the parameter as it is).
    static func isDigits(_ text: String, max: Int) -> Bool {
        !text.isEmpty && text.utf8.count <= max && text.utf8.allSatisfy { $0 >= 48 && $0 <= 57 } && (text == "0" || !text.hasPrefix("0"))
    }

    /// Letters, digits, `_` and `-`: a tier id or a base64url signature.
    static func isToken(_ text: String) -> Bool {
        !text.isEmpty && text.utf8.count <= 64 && text.unicodeScalars.allSatisfy {
            ("a"..."z").contains($0) || ("A"..."Z").contains($0) || ("0"..."9").contains($0) || $0 == "_" || $0 == "-"
        }
    }
}
