import Core
import Delivery
import Foundation
import Ledger
import Testing

/// Alerts on signal changes, sent to endpoints on 127.0.0.1: every signature verified by the
/// official `standardwebhooks` package, and the Standard Webhooks retry schedule kept.
@Suite("Alert delivery", .deliveryServers)
struct AlertDeliveryTests {
    static let secret = "whsec_" + Data((0..<32).map { UInt8($0 * 7 % 256) }).base64EncodedString()
    /// 2026-11-27 22:00 UTC: the night the fixture's last edition is published.
    static let night = Fixtures.lastDay.unixTime + 22 * 3600

    static func site(_ receiver: WebhookReceiver) -> String {
        """
        title: Test Signals
        base_url: https://test.example.com
        tiers:
          - { id: free, price_cents: 0, delay_days: 1, watchlists: [core], features: [dashboard, reports] }
          - { id: pro, price_cents: 1000, watchlists: all, features: [dashboard, charts, reports, exports, webhooks] }
        signals: { buy_at: 0.08, sell_at: -0.08 }
        alerts:
          pro:
            - { kind: webhook, url: "\(receiver.url("/hook"))", secret_env: HOOK_SECRET }
            - { kind: slack, url_env: SLACK_URL }
            - { kind: discord, url: "\(receiver.url("/discord"))" }
            - { kind: telegram, url: "\(receiver.url("/telegram"))", secret_env: BOT_TOKEN, chat_id: "-100200" }

        """
    }

    static func environment(_ receiver: WebhookReceiver, at time: Int) -> [String: String] {
        ["HOOK_SECRET": secret, "SLACK_URL": receiver.url("/slack"), "BOT_TOKEN": "123:abc", "SIGNALPRESS_LINK_SECRET": AccessLogs.secret,
         "SOURCE_DATE_EPOCH": String(time)]
    }

    @discardableResult
    static func deliver(_ root: URL, _ receiver: WebhookReceiver, at time: Int) throws -> String {
        let result = try Binary.capture(["deliver", "--project", root.path, "--wait", "0", "--timeout", "2"], environment: environment(receiver, at: time))
        #expect(result.status == 0, "\(result.output)")
        return result.output
    }

    static func ledger(_ root: URL) throws -> LedgerStore {
        try LedgerStore(path: root.appendingPathComponent(".signalpress/ledger.sqlite").path, clock: Clock(today: Fixtures.lastDay))
    }

    /// A project whose data ends on a day with a signal change (thresholds low, so calls change
    /// often), built on that day's night as a publisher builds: the root, and that edition's day.
    static func projectWithChanges(_ receiver: WebhookReceiver) throws -> (URL, String) {
        var day = Day(iso: "2026-11-02")!
        while day <= Fixtures.lastDay {
            defer { day = day.adding(days: 1) }
            guard !day.isWeekend else { continue }
            let root = Fixtures.project(site: Self.site(receiver))
            for symbol in ["AAAX", "BBBX", "CCCX", "DDDX"] {
                let file = root.appendingPathComponent("content/data/\(symbol).csv")
                let lines = try String(contentsOf: file, encoding: .utf8).split(separator: "\n")
                try (lines.filter { $0.first?.isNumber != true || $0.prefix(10) <= day.iso }.joined(separator: "\n") + "\n").write(to: file, atomically: true, encoding: .utf8)
            }
            let built = try Binary.capture(["build", "--project", root.path, "--quiet", "--today", day.iso],
                                           environment: Self.environment(receiver, at: Self.night))
            #expect(built.status == 0, "\(built.output)")
            let page = try String(contentsOf: root.appendingPathComponent("site/members/pro/reports/\(day.iso)/index.html"), encoding: .utf8)
            if !page.contains("content=\"No signal changed") { return (root, day.iso) }
        }
        Issue.record("no edition of November has a signal change")
        return (Fixtures.project(), "")
    }

    @Test("a build queues each endpoint the changes of the night; the webhook is signed, retried on the Standard Webhooks schedule with one id, and disabled by a 410")
    func webhookSchedule() throws {
        let receiver = try WebhookReceiver(secrets: ["/hook": Self.secret], scenarios: ["/hook": ["500", "429:120", "hang:4", "410"]])
        defer { receiver.stop() }
        let (root, night) = try Self.projectWithChanges(receiver)
        let queued = try Self.ledger(root).outbox()
        #expect(Set(queued.map(\.channel)) == [.webhook, .slack, .discord, .telegram] && Set(queued.map(\.edition)) == [night], "\(queued.map(\.edition))")
        let hook = try #require(queued.first { $0.channel == .webhook })

        try Self.deliver(root, receiver, at: Self.night)
        func entry() throws -> OutboxEntry { try #require(try Self.ledger(root).outbox().first { $0.id == hook.id }) }
        func due(_ entry: OutboxEntry) -> Int { UTCTime.unix(entry.nextAttemptAt) ?? 0 }
        var current = try entry()
        // After a 500: 5 s, stretched by at most a tenth.
        #expect(current.state == .retrying && (Self.night + 5...Self.night + 6).contains(due(current)), "\(current.nextAttemptAt)")
        // Before it falls due, nothing goes.
        try Self.deliver(root, receiver, at: Self.night + 3)
        #expect(try receiver.requests().filter { $0.path == "/hook" }.count == 1)
        // A 429's Retry-After (120 s) is shorter than the schedule's 5 min: the schedule wins.
        try Self.deliver(root, receiver, at: Self.night + 6)
        current = try entry()
        #expect(current.state == .retrying && (Self.night + 306...Self.night + 337).contains(due(current)), "\(current.nextAttemptAt)")
        // A timeout (the 2 s limit against a 4 s answer): 30 min.
        try Self.deliver(root, receiver, at: Self.night + 400)
        current = try entry()
        #expect(current.state == .retrying && current.lastResult.contains("timed out") && (Self.night + 2200...Self.night + 2385).contains(due(current)),
                "\(current.lastResult) \(current.nextAttemptAt)")
        // 410 Gone disables the endpoint for good.
        try Self.deliver(root, receiver, at: Self.night + 2500)
        current = try entry()
        #expect(current.state == .disabled && current.attempts == 4)
        let endpointID = try #require(hook.endpointID)
        let endpoint = try #require(try Self.ledger(root).endpoint(endpointID))
        #expect(endpoint.status == .disabled && endpoint.detail.contains("410"))

        let hooks = try receiver.requests().filter { $0.path == "/hook" }
        #expect(hooks.map(\.answer) == ["500", "429:120", "hang:4", "410"])
        #expect(hooks.allSatisfy { $0.verified == true && $0.id == hook.id }, "\(hooks.map { ($0.verified, $0.id) })")
        #expect(hooks.compactMap { $0.timestamp.flatMap(Int.init) }.map { $0 - Self.night } == [0, 6, 400, 2500])
        // The payload: versioned JSON within 20 KB, naming each change.
        let payload = try JSONDecoder().decode(AlertPayload.self, from: Data(try #require(hooks.first).body.utf8))
        #expect(payload.version == 1 && payload.type == "signals.changed" && payload.edition == night && payload.tier == "pro"
                && payload.reportURL == "https://test.example.com/members/pro/reports/\(night)/" && !payload.changes.isEmpty)
        // The chat endpoints took theirs at the first attempt.
        let requests = try receiver.requests()
        #expect(Set(requests.map(\.path)).isSuperset(of: ["/slack", "/discord", "/telegram/bot123:abc/sendMessage"]), "\(requests.map(\.path))")
        let telegram = try #require(requests.first { $0.path.hasPrefix("/telegram") })
        #expect(telegram.body.contains("\"chat_id\":\"-100200\""))
        let status = try Binary.capture(["deliver", "--status", "--project", root.path], environment: Self.environment(receiver, at: Self.night + 2600))
        #expect(status.output.contains("disabled") && status.output.split(separator: "\n").filter { $0.contains(" sent ") }.count == 3, "\(status.output)")
    }

    @Test("a subscriber of a tier with webhooks adds their own endpoint and gets the night's alert signed with their secret; a tier without it is refused")
    func subscriberEndpoint() throws {
        let receiver = try WebhookReceiver(secrets: ["/hook": Self.secret])
        defer { receiver.stop() }
        let (root, night) = try Self.projectWithChanges(receiver)
        let environment = Self.environment(receiver, at: Self.night)
        func run(_ arguments: [String]) throws -> (status: Int32, output: String) {
            try Binary.capture(arguments + ["--project", root.path, "--today", night], environment: environment)
        }
        #expect(try run(["subscribers", "add", "--id", "alice", "--email", "a@mail.test", "--tier", "pro"]).status == 0)
        #expect(try run(["subscribers", "add", "--id", "fay", "--email", "f@mail.test", "--tier", "free"]).status == 0)
        let refused = try run(["subscribers", "add-endpoint", "fay", "--kind", "webhook", "--url", receiver.url("/fay")])
        #expect(refused.status == 1 && refused.output.contains("subscriber 'fay' is on free, whose features do not include webhooks"), "\(refused.output)")
        #expect(try run(["subscribers", "add-endpoint", "alice", "--kind", "webhook", "--url", "ftp://x.example/in"]).status == 1)
        let added = try run(["subscribers", "add-endpoint", "alice", "--kind", "webhook", "--url", receiver.url("/alice")])
        let secret = try #require(added.output.firstMatch(of: /(whsec_[A-Za-z0-9+\/=]+)/).map { String($0.1) }, "\(added.output)")
        try receiver.verify(with: ["/hook": Self.secret, "/alice": secret])
        // The next build (nothing else to do) queues the night's alert for the new endpoint too.
        #expect(try run(["build", "--quiet"]).status == 0)
        // The publisher's webhook secret is not set: that endpoint waits, the others go, and the run says why it failed.
        var unset = Self.environment(receiver, at: Self.night)
        unset["HOOK_SECRET"] = nil
        let partial = try Binary.capture(["deliver", "--project", root.path, "--wait", "0"], environment: unset)
        #expect(partial.status == 1 && partial.output.contains("needs the environment variable HOOK_SECRET, which is not set"), "\(partial.output)")
        #expect(try receiver.requests().filter { $0.path == "/hook" }.isEmpty)
        try Self.deliver(root, receiver, at: Self.night)
        #expect(try receiver.requests().filter { $0.path == "/hook" }.count == 1)
        let alice = try receiver.requests().filter { $0.path == "/alice" }
        #expect(alice.count == 1 && alice.first?.verified == true && alice.first?.body.contains("\"edition\":\"\(night)\"") == true)
        // Delivered to a subscriber's own endpoint: a usage event of theirs, on the bill.
        let bill = try run(["billing", "report", "--period", String(night.prefix(7)), "--format", "json"])
        #expect(bill.output.contains("\"alerts_sent\" : 1"), "\(bill.output)")
    }
}
