import Core
import Project

/// The members' area in nginx: the same check as `MemberGate.check`, with `secure_link` over
/// the cookie's value. nginx does no arithmetic, so the cookie it sets lives
/// `gating.link_ttl_seconds` (the longest a default link lives); the token inside it still ends
/// at its own expiry, after which the area answers 410 with the page that says how to get a
/// new link.
extension NginxConfig {
    static let member = "$signalpress_member"

    /// The members' area's paths and tiers (the secret is nginx's own, from the included file).
    private var membersLayout: MemberGate { MemberGate(signer: SignedLink(scheme: .nginxSecureLink, secret: ""), entitlements: entitlements) }

    /// `http`-level maps: the cookie's parts, the revocation list, which tiers each tier reads.
    var membersMaps: String {
        let gate = membersLayout
        let token = "[A-Za-z0-9_-]{1,64}", number = "(?:0|[1-9][0-9]{0,8})", time = "(?:0|[1-9][0-9]{0,14})"
        let pattern = "\"~^(\(token))\\.(\(number))\\.(\(time))\\.(\(token))\\.(\(token))$\""
        var out = "# The members' cookie, tier.generation.expires.signature.subscriber, in its parts.\n"
        for (index, part) in ["tier", "gen", "expires", "mac", "sub"].enumerated() {
            out += "map $cookie_\(MemberGate.cookieName) \(Self.member)_\(part) {\n    \(pattern) $\(index + 1);\n    default \"\";\n}\n"
        }
        out += """
            # The revocation list each build writes: a subscriber's current generation, or `cancelled`.
            map \(Self.member)_sub \(Self.member)_current {
                default 0;
                include \(revocationFile);
            }
            map "\(Self.member)_gen:\(Self.member)_current" \(Self.member)_honoured {
                "~^([0-9]+):\\1$" 1;
                default 0;
            }
            map $arg_sub $signalpress_signin_current {
                default 0;
                include \(revocationFile);
            }
            map "$arg_gen:$signalpress_signin_current" $signalpress_signin_honoured {
                "~^([0-9]+):\\1$" 1;
                default 0;
            }
            # A sign-in parameter given twice refuses the link, as every other check refuses it.
            map $args $signalpress_repeated_signin_parameter {
                default 0;
                "~*(^|&)(sub|gen|expires|md5)(=[^&]*)?&(.*&)?\\2(=|&|$)" 1;
            }

            """
        // md5 base64url is 22 characters: the subscriber (which may hold `-`) is what comes before.
        let feed = "^/members/[A-Za-z0-9_-]+/feed/([A-Za-z0-9_-]{1,64})-([A-Za-z0-9_-]{22})\\.(xml|json)$"
        out += "# A private feed's address, /members/<tier>/feed/<sub>-<token>.xml or .json, in its parts.\n"
        for (index, part) in ["sub", "token", "kind"].enumerated() {
            out += "map $uri $signalpress_feed_\(part) {\n    \"~\(feed)\" $\(index + 1);\n    default \"\";\n}\n"
        }
        out += "map $signalpress_feed_sub $signalpress_feed_current {\n    default 0;\n    include \(revocationFile);\n}\n"
        out += "map \(Self.member)_tier \(Self.member)_paid {\n" + gate.paidTiers.map { "    \($0) 1;\n" }.joined() + "    default 0;\n}\n"
        for tier in gate.paidTiers {
            let rank = gate.tiers.firstIndex(of: tier)!
            let readers = gate.tiers.enumerated().filter { $0.offset >= rank }.map { "    \($0.element) 1;\n" }.joined()
            out += "map \(Self.member)_tier \(Self.member)_reads_\(Self.variableName(tier)) {\n\(readers)    default 0;\n}\n"
        }
        return out
    }

    /// The cookie's token checked by `secure_link`: "" forged or missing, "0" expired, "1" good.
    private var cookieCheck: String {
        """
                secure_link \(Self.member)_mac,\(Self.member)_expires;
                secure_link_md5 "\(Self.member)_expires /members/\(Self.member)_tier/signin \(Self.member)_sub \(Self.member)_gen \(Self.secretVariable)";

        """
    }

    /// The server block's members' locations.
    func membersLocations(block: (String, String, String) -> String) -> String {
        let gate = membersLayout
        let signInPage = gate.signInPage
        var out = ""
        for tier in gate.paidTiers {
            let reads = "\(Self.member)_reads_\(Self.variableName(tier))"
            // The cookie is set only past every check: a header of an empty value is not sent.
            out += block("= /members/\(tier)/signin", "no-store", """
                        set $signalpress_signin_cookie "";
                        add_header Set-Cookie $signalpress_signin_cookie always;
                        if ($signalpress_repeated_signin_parameter) { return 302 \(signInPage); }
                        secure_link $arg_md5,$arg_expires;
                        secure_link_md5 "$secure_link_expires $uri $arg_sub $arg_gen \(Self.secretVariable)";
                        if ($secure_link = "") { return 302 \(signInPage); }
                        if ($signalpress_signin_honoured = 0) { return 302 \(signInPage); }
                        if ($secure_link = "0") { return 410; }
                        set $signalpress_signin_cookie "\(MemberGate.cookieName)=\(tier).$arg_gen.$arg_expires.$arg_md5.$arg_sub; Max-Age=\(config.gating.linkTTLSeconds); Path=\(gate.cookiePath); HttpOnly; Secure; SameSite=Lax";
                        return 302 /members/\(tier)/;

                """)
            // A subscriber's private feed: the tier's feed, for a token of the subscriber's current generation.
            out += block("^~ /members/\(tier)/feed/", SecurityHeaders.CacheControl.members, """
                        if ($uri !~ "\\.(xml|json)$") { return 404; }
                        secure_link $signalpress_feed_token;
                        secure_link_md5 "/members/\(tier)/feed $signalpress_feed_sub $signalpress_feed_current \(Self.secretVariable)";
                        if ($secure_link != "1") { return 403; }
                        try_files /members/\(tier)/feed.$signalpress_feed_kind =404;

                """)
            out += block("^~ /members/\(tier)/", SecurityHeaders.CacheControl.members, cookieCheck + """
                        if ($secure_link = "") { return 302 \(signInPage); }
                        if (\(reads) = 0) { return 302 \(signInPage); }
                        if (\(Self.member)_honoured = 0) { return 302 \(signInPage); }
                        if ($secure_link = "0") { return 410; }
                        try_files $uri $uri/ =404;

                """)
        }
        // The nav's "Members": the reader's own area when signed in, else the sign-in page.
        for path in ["/members/", "/members/index.html"] {
            out += block("= \(path)", "no-store", cookieCheck + """
                        if ($secure_link != "1") { return 302 \(signInPage); }
                        if (\(Self.member)_honoured = 0) { return 302 \(signInPage); }
                        if ($signalpress_member_paid = 0) { return 302 \(signInPage); }
                        return 302 /members/\(Self.member)_tier/;

                """)
        }
        out += block("= /members/signout", "no-store", """
                    add_header Set-Cookie "\(gate.clearedCookie)" always;
                    return 302 \(gate.sitePath);

            """)
        out += block("^~ /members/", "no-store", "        return 404;\n")
        return out
    }

    /// A tier id as part of an nginx variable name.
    static func variableName(_ tier: TierID) -> String {
        String(tier.value.map { $0.isLetter || $0.isNumber ? $0 : "_" })
    }
}
