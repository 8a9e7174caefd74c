import Core
import Project

/// The members' area's check in JavaScript, shared by the Worker and the CloudFront Function:
/// `MemberGate.check` line for line (the tests hold the three to the same answers). The
/// revocation list is read one subscriber at a time from the platform's key value store
/// (`member:<id>`: a generation, or `cancelled`), as each build writes it.
extension EdgeFunction {
    var membersSettings: String {
        let gate = MemberGate(signer: SignedLink(scheme: .hmac, secret: ""), entitlements: entitlements)
        return """
            const TIERS = \(Self.list(gate.tiers.map(\.value)));
            const MEMBER_TIERS = \(Self.list(gate.paidTiers.map(\.value)));
            const SITE_PATH = \(Self.quoted(gate.sitePath));
            const MEMBERS_PATH = \(Self.quoted(gate.cookiePath));
            const SIGN_IN_PAGE = \(Self.quoted(gate.signInPage));
            const EXPIRED_PAGE = \(Self.quoted(gate.expiredPage + "index.html"));
            const MEMBER_COOKIE = \(Self.quoted(MemberGate.cookieName));
            const CLEARED_COOKIE = \(Self.quoted(gate.clearedCookie));
            const FEED_TOKEN_LENGTH = \(gate.feedTokenLength);

            """
    }

    /// `null` for a path outside `/members/`; else `[status]`, `[302, location]` or `[302, location, setCookie]`.
    static let membersVerdict = """
        const TOKEN_TEXT = /^[A-Za-z0-9_-]{1,64}$/;
        const GENERATION_TEXT = /^(?:0|[1-9][0-9]{0,8})$/;
        const EXPIRES_TEXT = /^(?:0|[1-9][0-9]{0,14})$/;

        // The first cookie of the name, as nginx's $cookie_NAME reads it.
        function firstCookie(header, name) {
          if (!header) return null;
          for (const pair of header.split(";")) {
            const trimmed = pair.replace(/^ +/, "");
            const at = trimmed.indexOf("=");
            if (at >= 0 && trimmed.slice(0, at) === name) return trimmed.slice(at + 1);
          }
          return null;
        }

        // tier.generation.expires.signature.subscriber
        function memberToken(value) {
          if (value === null) return null;
          const parts = [];
          let rest = value;
          for (let i = 0; i < 4; i++) {
            const at = rest.indexOf(".");
            if (at < 0) return null;
            parts.push(rest.slice(0, at));
            rest = rest.slice(at + 1);
          }
          const [tier, gen, expires, mac] = parts;
          if (!TOKEN_TEXT.test(tier) || !GENERATION_TEXT.test(gen) || !EXPIRES_TEXT.test(expires) || !TOKEN_TEXT.test(mac) || !TOKEN_TEXT.test(rest)) return null;
          return { tier, gen: Number(gen), expires: Number(expires), mac, sub: rest };
        }

        // Null when the token is signed, not revoked and not expired; else the answer.
        async function honoured(token, secret, revocation, now, sign) {
          if (!MEMBER_TIERS.includes(token.tier)) return [302, SIGN_IN_PAGE];
          const expected = await sign(secret, MEMBERS_PATH + token.tier + "/signin\\n" + token.expires + "\\n" + token.sub + "\\n" + token.gen);
          if (!sameText(token.mac, expected)) return [302, SIGN_IN_PAGE];
          const entry = await revocation(token.sub);
          // Not listed: generation 0. `cancelled` equals no generation.
          if ((entry === null || entry === undefined ? "0" : String(entry)) !== String(token.gen)) return [302, SIGN_IN_PAGE];
          // Valid through the second it names, as nginx's secure_link counts it.
          return token.expires < now ? [410] : null;
        }

        async function signIn(tier, parameters, secret, revocation, now, sign) {
          for (const name of ["sub", "gen", "expires", "md5", "sig"]) {
            if ((parameters[name] || []).length > 1) return [302, SIGN_IN_PAGE];
          }
          const first = (name) => (parameters[name] || [])[0];
          const sub = first("sub"), gen = first("gen"), expires = first("expires"), mac = first("sig");
          if (sub === undefined || !TOKEN_TEXT.test(sub) || gen === undefined || !GENERATION_TEXT.test(gen)
              || expires === undefined || !EXPIRES_TEXT.test(expires) || mac === undefined || !TOKEN_TEXT.test(mac)) return [302, SIGN_IN_PAGE];
          const token = { tier, gen: Number(gen), expires: Number(expires), mac, sub };
          const refusal = await honoured(token, secret, revocation, now, sign);
          if (refusal) return refusal;
          const value = [token.tier, token.gen, token.expires, token.mac, token.sub].join(".");
          return [302, MEMBERS_PATH + tier + "/", MEMBER_COOKIE + "=" + value + "; Max-Age=" + Math.max(0, token.expires - now)
                  + "; Path=" + MEMBERS_PATH + "; HttpOnly; Secure; SameSite=Lax"];
        }

        // The path as the members' check reads it: canonical, keeping a final slash (a folder).
        function memberPath(raw) {
          const path = canonicalPath(raw);
          return path === null ? null : path + (raw.endsWith("/") && path !== "/" ? "/" : "");
        }

        // A subscriber's private feed, /members/<tier>/feed/<sub>-<token>.xml: `[200, the tier's feed]`
        // for a token of the subscriber's current generation.
        async function privateFeed(tier, name, secret, revocation, sign) {
          const kind = name.endsWith(".xml") ? "xml" : name.endsWith(".json") ? "json" : null;
          if (kind === null) return [404];
          const stem = name.slice(0, name.length - kind.length - 1);
          if (stem.length <= FEED_TOKEN_LENGTH + 1 || stem[stem.length - FEED_TOKEN_LENGTH - 1] !== "-") return [403];
          const token = stem.slice(stem.length - FEED_TOKEN_LENGTH), sub = stem.slice(0, stem.length - FEED_TOKEN_LENGTH - 1);
          if (!TOKEN_TEXT.test(sub) || !TOKEN_TEXT.test(token)) return [403];
          const entry = await revocation(sub);
          const gen = entry === null || entry === undefined ? "0" : String(entry);
          if (gen === "cancelled" || !sameText(token, await sign(secret, MEMBERS_PATH + tier + "/feed\\n" + sub + "\\n" + gen))) return [403];
          return [200, MEMBERS_PATH + tier + "/feed." + kind];
        }

        async function membersVerdict(path, parameters, cookieHeader, secret, revocation, now, sign) {
          if (!path.startsWith(MEMBERS_PATH) && path + "/" !== MEMBERS_PATH) return null;
          const rest = path.slice(MEMBERS_PATH.length);
          if (rest === "signout") return [302, SITE_PATH, CLEARED_COOKIE];
          if (!secret) return [503];
          const cookie = memberToken(firstCookie(cookieHeader, MEMBER_COOKIE));
          if (rest === "" || rest === "index.html") {
            // The nav's "Members": the reader's own area when signed in, else the sign-in page.
            if (!cookie || (await honoured(cookie, secret, revocation, now, sign)) !== null) return [302, SIGN_IN_PAGE];
            return [302, MEMBERS_PATH + cookie.tier + "/"];
          }
          const tier = rest.split("/")[0];
          if (!MEMBER_TIERS.includes(tier)) return [404];
          if (rest === tier + "/signin") return signIn(tier, parameters, secret, revocation, now, sign);
          if (rest.startsWith(tier + "/feed/")) return privateFeed(tier, rest.slice(tier.length + 6), secret, revocation, sign);
          if (!cookie || TIERS.indexOf(cookie.tier) < TIERS.indexOf(tier)) return [302, SIGN_IN_PAGE];
          return (await honoured(cookie, secret, revocation, now, sign)) || [200];
        }

        """
}

extension EdgeFunction {
    /// The Worker's answers: the asset with members' caching, a redirect, the expired page as a 410.
    var cloudflareMembers: String {
        """
        const MEMBERS_CACHE = \(Self.quoted(SecurityHeaders.CacheControl.members));

        async function membersResponse(members, request, env, url) {
          const [status, location, cookie] = members;
          if (status === 200) {
            // A private feed is the tier's feed, whatever its address.
            const asset = location ? new Request(new URL(location, url), request) : request;
            const page = withSiteHeaders(await env.ASSETS.fetch(asset), url.pathname);
            if (page.status < 400) page.headers.set("Cache-Control", MEMBERS_CACHE);
            return page;
          }
          const headers = { "Cache-Control": "no-store" };
          if (status === 302) {
            headers["Location"] = location;
            if (cookie) headers["Set-Cookie"] = cookie;
            return withSiteHeaders(new Response(null, { status, headers }), url.pathname);
          }
          if (status === 410) {
            const page = await env.ASSETS.fetch(new Request(new URL(EXPIRED_PAGE, url)));
            headers["Content-Type"] = "text/html; charset=utf-8";
            return withSiteHeaders(new Response(page.body, { status, headers }), url.pathname);
          }
          const text = status === 404 ? "not found" : status === 403 ? "forbidden"
            : "the members' area is not configured (the link secret or the SIGNALPRESS_MEMBERS KV namespace)";
          return withSiteHeaders(new Response(text + "\\n", { status, headers }), url.pathname);
        }

        """
    }

    /// The CloudFront Function's answers: the request passed on, a redirect with its cookie, a short 410 page.
    var cloudfrontMembers: String {
        """
        // The request's cookies as one Cookie header, each name's values in the order sent.
        function cookieHeader(cookies) {
          const pairs = [];
          for (const name of Object.keys(cookies || {})) {
            const entry = cookies[name];
            for (const item of entry.multiValue ? entry.multiValue : [entry]) pairs.push(name + "=" + item.value);
          }
          return pairs.join("; ");
        }

        // A subscriber's revocation entry; the store throws for a key it does not hold (not listed).
        async function revocation(sub) {
          try { return await store.get("member:" + sub); } catch (error) { return null; }
        }

        function membersResponse(members, request) {
          const [status, location, cookie] = members;
          if (status === 200) {
            // A private feed is the tier's feed, whatever its address.
            if (location) request.uri = location;
            return request;
          }
          const headers = { "cache-control": { value: "no-store" } };
          if (status === 302) {
            headers.location = { value: location };
            const cookies = {};
            if (cookie) {
              const equals = cookie.indexOf("="), semicolon = cookie.indexOf(";");
              cookies[cookie.slice(0, equals)] = { value: cookie.slice(equals + 1, semicolon), attributes: cookie.slice(semicolon + 2) };
            }
            return { statusCode: 302, statusDescription: "Found", headers, cookies };
          }
          if (status === 410) {
            headers["content-type"] = { value: "text/html; charset=utf-8" };
            return { statusCode: 410, statusDescription: "Gone", headers, body: { encoding: "text",
              data: "<!DOCTYPE html><title>Sign-in link expired</title><p>Your sign-in link has expired. <a href=\\"" + EXPIRED_PAGE + "\\">How to get a new one</a>.</p>" } };
          }
          const description = status === 404 ? "not found" : status === 403 ? "forbidden" : "the link secret is not configured";
          return { statusCode: status, statusDescription: description, headers };
        }

        """
    }
}
