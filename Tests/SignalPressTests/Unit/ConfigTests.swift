import Core
import Foundation
import MarketData
@testable import Project
@testable import Publishing
import Testing

@Suite("Configuration")
struct ConfigTests {
    let tiers = """
    tiers:
      - { id: free, price_cents: 0, watchlists: [core], features: [dashboard] }
      - { id: pro, price_cents: 900, watchlists: all, features: [dashboard, charts] }

    """

    func read(_ yaml: String) throws(ConfigError) -> SiteConfig {
        try SiteConfigReader.read(yaml, file: "content/site.yml", watchlists: ["core", "extra"])
    }

    func message(_ yaml: String) -> String {
        do { _ = try read(yaml); return "accepted" } catch { return error.description }
    }

    let head = "title: T\nbase_url: https://x.example\n"

    @Test("a tier's subscribe_url is an http(s) address, kept for the pricing page; anything else is refused at its line")
    func subscribeURL() throws {
        let paid = "tiers:\n  - { id: free, price_cents: 0, watchlists: [core] }\n  - { id: pro, price_cents: 900, watchlists: all, subscribe_url: %@ }\n"
        let config = try read(head + paid.replacingOccurrences(of: "%@", with: "\"https://buy.stripe.com/abc\""))
        #expect(config.tiers[1].subscribeURL == "https://buy.stripe.com/abc" && config.tiers[0].subscribeURL == nil)
        #expect(message(head + paid.replacingOccurrences(of: "%@", with: "\"javascript:alert(1)\""))
            == "content/site.yml:5:66: tiers[1].subscribe_url: subscribe_url must be an http(s) address, such as a Stripe Payment Link, found 'javascript:alert(1)'")
    }

    @Test("email: and alerts: are read with their defaults; each mistake is refused at its line")
    func delivery() throws {
        let config = try read(head + tiers + """
            email: { from: "Daily <d@x.example>", smtp_url: "smtp://mail.x.example:587", password_env: SMTP_PASSWORD }
            alerts:
              pro:
                - { kind: webhook, url: "https://h.example/in", secret_env: HOOK_SECRET }
                - { kind: slack, url_env: SLACK_URL }
                - { kind: telegram, secret_env: BOT_TOKEN, chat_id: "-100" }

            """)
        let email = try #require(config.email)
        #expect(email.fromAddress == "d@x.example" && email.unsubscribeAddress == "d@x.example" && email.listID == "T <daily.x.example>")
        #expect(email.messagesPerMinute == 60 && email.passwordEnvironmentVariable == "SMTP_PASSWORD" && email.smtpURL == "smtp://mail.x.example:587")
        #expect(config.alerts.map(\.kind) == [.webhook, .slack, .telegram] && config.alerts.allSatisfy { $0.tier == "pro" })
        #expect(config.alerts[0].secret == "$HOOK_SECRET" && config.alerts[1].url == "$SLACK_URL" && config.alerts[2].url == "https://api.telegram.org")
        let cases: [(String, String)] = [
            ("email: { reply_to: a@x.example }", "missing required key 'from'"),
            ("email: { from: nobody }", "'nobody' is not an address or Name <address>"),
            ("email: { from: a@x.example, smtp_url: \"http://x\" }", "smtp_url must be smtps://host:465 or smtp://host:587"),
            ("email: { from: a@x.example, password_env: secret }", "'secret' is not an environment variable name"),
            ("email: { from: a@x.example, messages_per_minute: 0 }", "messages_per_minute must be from 1 to 100000"),
            ("alerts: { gold: [] }", "unknown tier 'gold' (tiers: free, pro)"),
            ("alerts: { pro: [ { kind: webhook, url: \"https://h.example\" } ] }", "a webhook endpoint needs secret_env"),
            ("alerts: { pro: [ { kind: telegram, secret_env: T } ] }", "a telegram endpoint needs chat_id"),
            ("alerts: { pro: [ { kind: slack, url: \"https://h.example\", url_env: U } ] }", "give url or url_env, not both"),
            ("alerts: { pro: [ { kind: pager, url: \"https://h.example\" } ] }", "unknown kind 'pager'"),
        ]
        for (yaml, expected) in cases {
            let problem = message(head + tiers + yaml + "\n")
            #expect(problem.hasPrefix("content/site.yml:6:") && problem.contains(expected), "\(problem)")
        }
    }

    @Test("a valid file decodes into typed values with defaults")
    func valid() throws {
        let config = try read(head + tiers + "signals: { buy_at: 0.4, sell_at: -0.2, rules: [ { id: rsi, weight: 2, params: { oversold: 25 } } ] }\n")
        #expect(config.title == "T" && config.baseURL == "https://x.example")
        #expect(config.tiers.map(\.id) == ["free", "pro"])
        #expect(config.tiers[1].watchlists == .all && config.tiers[0].sees(watchlist: "core") && !config.tiers[0].sees(watchlist: "extra"))
        #expect(config.data == DataConfig(source: .files, directory: "data"))
        #expect(config.gating.linkTTLSeconds == 604_800)
        #expect(config.signals.buyAt == 0.4 && config.signals.rules.count == 1)
        #expect(config.signals.rules[0].weight == 2 && config.signals.rules[0].parameter("oversold") == 25 && config.signals.rules[0].parameter("overbought") == 70)
    }

    @Test("an http data source reads its provider settings, presets and symbol map")
    func httpSource() throws {
        let config = try read(head + tiers + """
        data:
          source: http
          format: stooq
          headers: { User-Agent: "my-desk/1.0" }
          api_key: { header: X-Api-Key, env: DATA_KEY }
          max_concurrent: 2
          requests_per_minute: 30
          timeout_seconds: 7.5
          retries: 4
          symbols: { AAPL: aapl.us }

        """)
        let http = try #require(config.data.http)
        #expect(config.data.source == .http && http.format == .stooq && http.url.contains("stooq.com"))
        #expect(http.headers == ["User-Agent": "my-desk/1.0"] && http.apiKey == HTTPSource.APIKey(place: .header("X-Api-Key", prefix: ""), environmentVariable: "DATA_KEY"))
        #expect(http.maxConcurrent == 2 && http.requestsPerMinute == 30 && http.timeoutSeconds == 7.5 && http.retries == 4)
        #expect(http.url(for: Symbol("AAPL")!, from: Day(iso: "2026-01-02")!, to: Day(iso: "2026-11-27")!)
                == "https://stooq.com/q/d/l/?s=aapl.us&d1=20260102&d2=20261127&i=d")
        #expect(message(head + tiers + "data: { source: http, url: \"https://x.example/data.csv\" }\n").contains("url must contain {symbol}"))
        #expect(message(head + tiers + "data: { source: http }\n").contains("needs a url"))
        #expect(message(head + tiers + "data: { source: files, retries: 3 }\n").contains("'retries' applies only to source: http"))
        #expect(message(head + tiers + "data: { source: http, format: xml, url: \"https://x/{symbol}\" }\n").contains("unknown format 'xml'"))
        #expect(message(head + tiers + "data: { source: http, url: \"https://x/{symbol}\", max_concurrent: 0 }\n").contains("max_concurrent must be between 1 and 64"))
    }

    @Test("every problem names file, line and column", arguments: [
        ("title: T\nbase_url: https://x.example\ncolour: blue\n", "content/site.yml:3:1: unknown key 'colour'"),
        ("title: T\n", "content/site.yml:1:1: missing required key 'base_url'"),
        ("title: T\nbase_url: ftp://x\n", "content/site.yml:2:11: base_url: base_url must be an absolute http(s) URL"),
        ("title: [a]\nbase_url: https://x.example\ntiers: []\n", "content/site.yml:1:8: title: expected text"),
        ("title: T\nbase_url: https://x.example\ntiers:\n  - { id: free, price_cents: zero, watchlists: all }\n", "content/site.yml:4:30: tiers[0].price_cents: expected a whole number"),
        ("title: T\nbase_url: https://x.example\ntiers:\n  - { id: free, price_cents: 0, watchlists: [nope] }\n", "content/site.yml:4:46: tiers[0].watchlists[0]: unknown watchlist 'nope'"),
        ("title: T\nbase_url: https://x.example\ntiers:\n  - { id: a, price_cents: 0, watchlists: all }\n  - { id: a, price_cents: 5, watchlists: all }\n", "content/site.yml:5:11: tiers[1].id: duplicate tier id 'a'"),
        ("title: T\nbase_url: https://x.example\ntiers:\n  - { id: a, price_cents: 500, watchlists: all }\n  - { id: b, price_cents: 5, watchlists: all }\n", "content/site.yml:5:27: tiers[1].price_cents: tiers must be ordered lowest first"),
        ("title: T\nbase_url: https://x.example\ntiers:\n  - { id: a, price_cents: 0, watchlists: all }\n  - { id: b, price_cents: 5, watchlists: [core] }\n", "content/site.yml:5:5: tiers[1]: tier 'b' must see at least what 'a' sees, but it lacks watchlist 'extra'"),
        ("title: T\nbase_url: https://x.example\ntiers:\n  - { id: a, price_cents: 0, watchlists: all, features: [dashboard, charts] }\n  - { id: b, price_cents: 5, watchlists: all }\n", "lacks feature 'charts'"),
        ("title: T\nbase_url: https://x.example\ntiers:\n  - { id: a, price_cents: 0, watchlists: all, features: [telepathy] }\n", "unknown feature 'telepathy'"),
        ("title: T\nbase_url: https://x.example\ntiers:\n  - { id: A!, price_cents: 0, watchlists: all }\n", "tier id 'A!' may contain only"),
        ("title: T\nbase_url: https://x.example\ntiers: []\n", "content/site.yml:3:8: tiers: at least one tier is needed"),
        ("title: T\nbase_url: https://x.example\ntiers:\n  - { id: a, price_cents: 0, watchlists: all }\nsignals: { rules: [ { id: astrology } ] }\n", "content/site.yml:5:27: signals.rules[0].id: unknown rule 'astrology'"),
        ("title: T\nbase_url: https://x.example\ntiers:\n  - { id: a, price_cents: 0, watchlists: all }\nsignals: { rules: [ { id: rsi, params: { moon: 1 } } ] }\n", "rule 'rsi' has no parameter 'moon'"),
        ("title: T\nbase_url: https://x.example\ntiers:\n  - { id: a, price_cents: 0, watchlists: all }\nsignals: { rules: [ { id: macd, params: { within_days: 1e300 } } ] }\n", "within_days must be a whole number of days from 1 to 1000"),
        ("title: T\nbase_url: https://x.example\ndata: { prices: split }\ntiers:\n  - { id: a, price_cents: 0, watchlists: all }\n", "prices must be adjusted or raw, found 'split'"),
        ("title: T\nbase_url: https://x.example\ntiers:\n  - { id: a, price_cents: 0, watchlists: all }\nsignals: { rules: [ { id: macd, params: { within_days: -5 } } ] }\n", "within_days must be a whole number of days from 1 to 1000"),
        ("title: T\nbase_url: https://x.example\ntiers:\n  - { id: a, price_cents: 0, watchlists: all }\nsignals: { rules: [ { id: rsi, params: { oversold: 130 } } ] }\n", "oversold must be between 0 and 100"),
        ("title: T\nbase_url: https://x.example\ntiers:\n  - { id: a, price_cents: 99999999999999, watchlists: all }\n", "price_cents must be between 0 and 100000000"),
        ("title: T\nbase_url: https://x.example\ntiers:\n  - { id: a, price_cents: 0, watchlists: all }\ngating: { link_ttl_seconds: 9223372036854775807 }\n", "link_ttl_seconds must be from 1 to 316224000"),
        ("title: T\nbase_url: https://x.example\ntiers:\n  - { id: a, price_cents: 0, watchlists: all }\nsignals: { buy_at: -0.5, sell_at: 0.5 }\n", "need -1 <= sell_at < buy_at <= 1"),
        ("title: T\nbase_url: https://x.example\ntiers:\n  - { id: a, price_cents: 0, watchlists: all }\ndata: { source: ftp }\n", "unknown data source 'ftp'"),
        ("title: T\nbase_url: https://x.example\ntiers:\n  - { id: a, price_cents: 0, watchlists: all }\ndata: { directory: ../../etc }\n", "directory must be a path inside content/"),
        ("title: T\nbase_url: https://x.example\ntiers:\n  - { id: a, price_cents: 0, watchlists: all }\ngating: { scheme: magic }\n", "unknown scheme 'magic'"),
        ("title: T\nbase_url: https://x.example\ntiers:\n  - { id: a, price_cents: 0, watchlists: all }\ngating: { secret_env: 'my secret' }\n", "secret_env must be an environment variable name"),
        ("title: T\nbase_url: https://x.example\ntiers:\n  - { id: a, price_cents: 0, delay_days: 99, watchlists: all }\n", "delay_days must be between 0 and 30"),
        ("title: T\nbase_url: [unclosed\n", "content/site.yml:3:1: invalid YAML"),
        ("", "content/site.yml:1:1: the file is empty"),
    ])
    func problems(yaml: String, expected: String) {
        let found = message(yaml)
        #expect(found.contains(expected), "got: \(found)")
        #expect(found.hasPrefix("content/site.yml:"), "got: \(found)")
    }

    @Test("YAML aliases used as keys, or expanding past a fixed size, are refused at once with file:line")
    func aliasBombs() {
        let laughs = "description: [&a0 [x, x], " + (1..<30).map { "&a\($0) [*a\($0 - 1), *a\($0 - 1)]" }.joined(separator: ", ") + "]\n"
        let head = "title: T\nbase_url: https://x.example\ntiers:\n  - { id: a, price_cents: 0, watchlists: all }\n"
        #expect(message(laughs + "? *a29\n: y\n" + head) == "content/site.yml:2:3: an alias (*name) cannot be a mapping key")
        #expect(message(laughs + "*a29 : y\n" + head).hasPrefix("content/site.yml:2:1: an alias"))
        #expect(message(laughs.replacingOccurrences(of: "description:", with: "x: &big") + "notice: *a29\n" + head)
            .contains("expands to more than 100000 values"))
        // Aliases as values and quoted asterisks stay fine.
        #expect(!message(head + "description: '*not: an alias'\n").contains("alias"))
    }

    @Test("symbols are limited to a safe pattern", arguments: [
        ("AAPL", true), ("BRK.B", true), ("^GSPC", true), ("EURUSD=X", true), ("RDS-A", true), ("aapl.us", true),
        ("../../etc/passwd", false), ("'; DROP TABLE users; --", false), ("<script>", false), ("", false),
        ("ABCDEFGHIJKLMNOP", false), ("A B", false), (".hidden", false), ("Ä", false),
    ])
    func symbolPattern(text: String, valid: Bool) {
        #expect((Symbol(text) != nil) == valid)
    }

    @Test("watchlists reject hostile symbols with file, line and column, and check their keys")
    func watchlists() {
        func problem(_ yaml: String) -> String {
            do { _ = try Watchlist.read(yaml, id: "w", file: "content/watchlists/w.yml"); return "accepted" } catch { return error.description }
        }
        #expect(problem("title: W\nsymbols: [AAPL, '../../etc/passwd']\n").hasPrefix("content/watchlists/w.yml:2:17: symbols[1]: invalid symbol '../../etc/passwd'"))
        #expect(problem("title: W\nsymbols:\n  - \"'; DROP TABLE users; --\"\n").contains("invalid symbol"))
        #expect(problem("title: W\nsymbols: [\"<script>\"]\n").contains("invalid symbol '<script>'"))
        #expect(problem("title: W\nsymbols: [A, A]\n").contains("listed twice"))
        #expect(problem("title: W\nsymbols: []\n").contains("at least one symbol"))
        #expect(problem("title: W\nsymbols: [A]\nowner: me\n").hasPrefix("content/watchlists/w.yml:3:1: unknown key 'owner'"))
        #expect(problem("symbols: [A]\n").contains("missing required key 'title'"))
    }

    @Test("pages and notes: front matter is validated; raw HTML is dropped unless allowed")
    func pages() throws {
        let page = try ContentPage.read("---\ntitle: Hi\n---\nText <b>bold</b>\n\n<script>alert(1)</script>\n", kind: .page, fileStem: "hi", file: "content/pages/hi.md", tiers: ["free"])
        #expect(page.slug == "hi" && page.html.contains("Text") && !page.html.contains("<script>") && !page.html.contains("<b>"))
        let raw = try ContentPage.read("---\ntitle: Hi\nallow_html: true\n---\n<b>bold</b>\n", kind: .page, fileStem: "hi", file: "p.md", tiers: [])
        #expect(raw.html.contains("<b>bold</b>"))
        let windows = try ContentPage.read("---\r\ntitle: Hi\r\n---\r\nText\r\n", kind: .page, fileStem: "hi", file: "p.md", tiers: [])
        #expect(windows.title == "Hi" && windows.html.contains("Text"))
        func problem(_ text: String, kind: ContentPage.Kind = .page, stem: String = "hi") -> String {
            do { _ = try ContentPage.read(text, kind: kind, fileStem: stem, file: "p.md", tiers: ["free"]); return "accepted" } catch { return error.description }
        }
        #expect(problem("---\ntitle: Hi\nauthor: me\n---\n").hasPrefix("p.md:3:1: unknown key 'author'"))
        #expect(problem("no front matter").contains("missing front matter"))
        #expect(problem("---\ntitle: Hi\n").contains("front matter is not closed"))
        #expect(problem("---\ntitle: Hi\ntier: gold\n---\n").contains("unknown tier 'gold'"))
        #expect(problem("---\ntitle: Hi\n---\n", kind: .note, stem: "tuesday").contains("file name must be its date"))
        #expect(problem("---\ntitle: Hi\ndate: 2026-01-02\n---\n", kind: .note, stem: "2026-01-01").contains("differs from the file name"))
        #expect(problem("---\ndescription: x\n---\n").contains("needs a title"))
        #expect(problem("---\ntitle: Hi\nslug: Bad Slug\n---\n").contains("slug 'Bad Slug'"))
    }
}
