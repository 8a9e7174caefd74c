import Core
import CurlTransfer
import Foundation
import Ledger
import Testing

/// The email edition, sent to a real SMTP server (aiosmtpd) and read back with Python's own
/// `email` package: one message per active subscriber, each tier's own content, and an outbox
/// that survives bounces, deferrals and kills.
@Suite("Email delivery", .deliveryServers)
struct EmailDeliveryTests {
    static let environment = ["SIGNALPRESS_LINK_SECRET": AccessLogs.secret]

    static func site(smtp: String, perMinute: Int = 100_000) -> String {
        Fixtures.siteYAML + """
        email:
          from: "Test Signals <signals@test.example.com>"
          reply_to: editor@test.example.com
          smtp_url: \(smtp)
          messages_per_minute: \(perMinute)

        """
    }

    /// A project with the given subscribers (id, tier), built through 2026-11-27.
    static func project(smtp: String, subscribers: [(String, String)], perMinute: Int = 100_000, days: [String] = ["2026-11-27"]) throws -> URL {
        let root = Fixtures.project(site: site(smtp: smtp, perMinute: perMinute))
        for day in days { try run(["build", "--quiet", "--as-of", day], root) }
        for (id, tier) in subscribers {
            try run(["subscribers", "add", "--id", id, "--email", "\(id)@mail.test", "--tier", tier], root)
        }
        return root
    }

    @discardableResult
    static func run(_ arguments: [String], _ root: URL, expect status: Int32 = 0, environment: [String: String] = [:]) throws -> String {
        let result = try Binary.capture(arguments + ["--project", root.path] + Fixtures.todayArguments,
                                        environment: Self.environment.merging(environment) { _, new in new })
        #expect(result.status == status, "\(arguments): \(result.output)")
        return result.output
    }

    struct Checked: Decodable {
        var file: String
        var defects: [String]
        var content_type: String
        var parts: [String]
        var from, to, reply_to, subject, date, message_id, list_id, list_unsubscribe, list_unsubscribe_post: String
        var html_bytes: Int
        var text, html: String
        var hrefs, sources, tags: [String]
        var longest_line: Int
        var bare_newlines: Int
    }

    /// Python's reading of each message file.
    static func check(_ files: [URL]) throws -> [Checked] {
        let result = try Program.run(TestVenv.python, [SharedData.repositoryRoot.appendingPathComponent("Tests/SignalPressTests/Support/email_check.py").path]
                                     + files.map(\.path))
        #expect(result.status == 0, "\(result.output)")
        let data = Data(result.output.utf8)
        return try String(decoding: data, as: UTF8.self).split(separator: "\n").map { try JSONDecoder().decode(Checked.self, from: Data($0.utf8)) }
    }

    @Test("send mails each tier's edition to its active subscribers: multipart, list headers, absolute links, and no paid symbol to a free reader")
    func sendsEachTierItsEdition() throws {
        let smtp = try SMTPServer()
        defer { smtp.stop() }
        let root = try Self.project(smtp: smtp.url, subscribers: [("fay", "free"), ("pat", "pro"), ("pam", "pro"), ("dan", "pro"), ("oli", "pro")])
        try Self.run(["subscribers", "disable", "dan"], root)
        try Self.run(["subscribers", "set-email", "oli", "off"], root)
        let output = try Self.run(["send"], root)
        #expect(output.contains("free edition 2026-11-26: 1 new email queued") && output.contains("pro edition 2026-11-27: 2 new emails queued"), "\(output)")
        let accepted = smtp.accepted()
        #expect(accepted.map(\.rcpt).sorted() == ["fay@mail.test", "pam@mail.test", "pat@mail.test"])
        #expect(Set(accepted.map(\.mail_from)) == ["signals@test.example.com"])
        let messages = try Self.check(accepted.map { smtp.message($0.file) })
        #expect(messages.count == 3)
        for message in messages {
            #expect(message.defects.isEmpty, "\(message.defects)")
            #expect(message.content_type == "multipart/alternative" && message.parts == ["text/plain", "text/html"])
            #expect(message.from == "Test Signals <signals@test.example.com>" && message.reply_to == "editor@test.example.com")
            #expect(message.list_id == "Test Signals <daily.test.example.com>")
            #expect(message.list_unsubscribe_post == "List-Unsubscribe=One-Click")
            #expect(message.list_unsubscribe.contains("<https://test.example.com/unsubscribe/?sub=") && message.list_unsubscribe.contains("<mailto:editor@test.example.com?subject=unsubscribe%20"))
            #expect(message.html_bytes > 1000 && message.html_bytes <= 102 * 1024)
            #expect(message.longest_line <= 998 && message.bare_newlines == 0)
            // Nothing a mail client would fetch or run, and no layout that needs a style sheet.
            #expect(message.sources.isEmpty && !message.tags.contains("script") && !message.tags.contains("style") && !message.tags.contains("form")
                    && !message.tags.contains("link") && !message.html.contains("class=\""))
            #expect(message.tags.contains("table") && message.html.contains("style=\""))
            #expect(!message.hrefs.isEmpty && message.hrefs.allSatisfy { $0.hasPrefix("https://test.example.com/") }, "\(message.hrefs)")
            #expect(message.text.contains("Read the report on the site: https://test.example.com/"))
        }
        let free = try #require(messages.first { $0.to == "fay@mail.test" })
        let pro = try #require(messages.first { $0.to == "pat@mail.test" })
        // The free reader sees the free list only, without a members' sign-in; pro readers their members' area.
        for symbol in ["CCCX", "DDDX"] { #expect(!free.html.contains(symbol) && !free.text.contains(symbol) && pro.html.contains(symbol)) }
        #expect(free.subject == "Test Signals: Free edition 2026-11-26" && !free.hrefs.contains { $0.contains("/members/") })
        #expect(pro.hrefs.contains { $0.hasPrefix("https://test.example.com/members/pro/signin?sub=pat&") }
                && pro.hrefs.contains("https://test.example.com/members/pro/reports/2026-11-27/"))
        // What was sent is what `email render` shows for that reader, byte for byte (the edition is
        // rendered once per tier, each reader's links put in).
        let rendered = try Self.run(["email", "render", "--tier", "pro", "--subscriber", "pat", "--output",
                                     Fixtures.temporaryDirectory("eml").appendingPathComponent("pat.eml").path], root)
        let renderedFile = try #require(rendered.split(separator: " ").dropFirst().first.map(String.init))
        let sent = try #require(accepted.first { $0.rcpt == "pat@mail.test" })
        #expect(try Data(contentsOf: URL(fileURLWithPath: renderedFile)) == Data(contentsOf: smtp.message(sent.file)))
        // Sent is sent: a second send queues and sends nothing.
        let again = try Self.run(["send"], root)
        #expect(again.contains("pro edition 2026-11-27: 0 new emails queued") && again.contains("nothing was due"), "\(again)")
        #expect(smtp.accepted().count == 3)
        let status = try Self.run(["deliver", "--status", "--format", "csv"], root)
        #expect(status.split(separator: "\n").filter { $0.contains(",sent,1,") }.count == 3, "\(status)")
        // Each accepted email is a usage event, on the month's bill and in the billing export.
        let bill = try Self.run(["billing", "report", "--period", "2026-11", "--format", "csv"], root)
        #expect(bill.contains("emails_sent") && bill.split(separator: "\n").filter { $0.hasPrefix("pat,") }.first?.split(separator: ",")[6] == "1", "\(bill)")
    }

    /// The outbox as the ledger holds it.
    static func outbox(_ root: URL) throws -> [OutboxEntry] {
        try LedgerStore(path: root.appendingPathComponent(".signalpress/ledger.sqlite").path, clock: Clock(today: Fixtures.lastDay)).outbox()
    }

    @Test("a permanent refusal bounces the address and nothing more goes to it; a deferral is sent again with the same Message-ID")
    func bouncesAndDeferrals() throws {
        let smtp = try SMTPServer(scenarios: ["bob@mail.test": "bounce", "dee@mail.test": "defer-once"])
        defer { smtp.stop() }
        let root = try Self.project(smtp: smtp.url, subscribers: [("bob", "pro"), ("dee", "pro"), ("pat", "pro")], days: ["2026-11-26", "2026-11-27"])
        // The deferral is retried 5 s later, within this run.
        let output = try Self.run(["send", "--date", "2026-11-26", "--wait", "10"], root)
        #expect(output.contains("attempts: 1 retrying, 2 sent, 1 bounced"), "\(output)")
        let first = try Self.outbox(root)
        let bob = try #require(first.first { $0.subscriberID == "bob" }), dee = try #require(first.first { $0.subscriberID == "dee" })
        #expect(bob.state == .bounced && bob.attempts == 1 && bob.lastResult.contains("550"))
        #expect(dee.state == .sent && dee.attempts == 2)
        let ledger = try LedgerStore(path: root.appendingPathComponent(".signalpress/ledger.sqlite").path, clock: Clock(today: Fixtures.lastDay))
        let attempts = try ledger.attemptsRecorded(dee.id)
        #expect(attempts.map(\.attempt) == [1, 2] && attempts[0].result.contains("451"))
        #expect(try ledger.subscriber("bob")?.emailState == .bounced)
        // The server has dee's message once, under the id the outbox gave it.
        #expect(smtp.accepted().filter { $0.rcpt == "dee@mail.test" }.map(\.message_id) == ["<\(dee.id)>"])
        // The next edition goes to the others only, until the publisher clears the bounce.
        try Self.run(["send", "--date", "2026-11-27"], root)
        #expect(smtp.accepted().filter { $0.rcpt == "bob@mail.test" }.isEmpty)
        #expect(try Self.outbox(root).filter { $0.edition == "2026-11-27" }.compactMap(\.subscriberID).sorted() == ["dee", "pat"])
        try Self.run(["subscribers", "set-email", "bob", "on"], root)
        #expect(try ledger.subscriber("bob")?.emailState == .on)
    }

    @Test("send and deliver killed with SIGKILL at random points, then run again: everyone has the edition, and nothing the server took was sent twice but the one in flight")
    func killedMidway() throws {
        let smtp = try SMTPServer(delay: 0.05)
        defer { smtp.stop() }
        let readers = (1...30).map { (String(format: "r%02d", $0), $0 % 3 == 0 ? "free" : "pro") }
        let root = try Self.project(smtp: smtp.url, subscribers: readers)
        var generator = SystemRandomNumberGenerator()
        var kills = 0
        for round in 0..<4 {
            let process = try Binary.start([round % 2 == 0 ? "send" : "deliver", "--project", root.path] + Fixtures.todayArguments, environment: Self.environment)
            usleep(UInt32.random(in: 150_000...900_000, using: &generator))
            if process.isRunning {
                kill(process.processIdentifier, SIGKILL)
                kills += 1
            }
            process.reap()
        }
        try Self.run(["deliver"], root)
        let accepted = smtp.accepted()
        let expected = Set(readers.map { "\($0.0)@mail.test" })
        #expect(Set(accepted.map(\.rcpt)) == expected)
        // An id goes again only when a kill came between the server's 250 and the outbox's record
        // of it: one extra copy a kill at most (the same message twice, when the run that sent it
        // again first was killed in the same place).
        let counts = Dictionary(grouping: accepted, by: \.message_id).mapValues(\.count)
        #expect(counts.count == expected.count)
        #expect(counts.values.map { $0 - 1 }.reduce(0, +) <= kills, "\(counts.filter { $0.value > 1 }) after \(kills) kills")
        let outbox = try Self.outbox(root)
        #expect(outbox.count == expected.count && outbox.allSatisfy { $0.state == .sent })
        #expect(Set(outbox.map { "<\($0.id)>" }) == Set(counts.keys))
    }

    @Test("email export writes Postmark and Mailgun batches and a Listmonk campaign per tier: each reader once, their own links, no paid symbol for free")
    func providerExports() throws {
        let root = try Self.project(smtp: "smtp://127.0.0.1:9", subscribers: [("fay", "free"), ("pat", "pro"), ("pam", "pro")])
        let out = Fixtures.temporaryDirectory("export")
        try Self.run(["email", "export", "--target", "postmark", "--output", out.appendingPathComponent("pm").path], root)
        struct Postmark: Decodable { var To: String; var HtmlBody: String; var MessageStream: String; var Headers: [[String: String]] }
        let pro = try JSONDecoder().decode([Postmark].self, from: Data(contentsOf: out.appendingPathComponent("pm/postmark-pro-2026-11-27-1.json")))
        let free = try JSONDecoder().decode([Postmark].self, from: Data(contentsOf: out.appendingPathComponent("pm/postmark-free-2026-11-26-1.json")))
        #expect(pro.map(\.To).sorted() == ["pam@mail.test", "pat@mail.test"] && free.map(\.To) == ["fay@mail.test"])
        #expect(pro.allSatisfy { $0.MessageStream == "broadcast" && $0.Headers.contains { $0["Name"] == "List-Unsubscribe-Post" } })
        #expect(pro.first { $0.To == "pat@mail.test" }?.HtmlBody.contains("signin?sub=pat&amp;") == true)
        #expect(free.allSatisfy { !$0.HtmlBody.contains("CCCX") && !$0.HtmlBody.contains("DDDX") })

        try Self.run(["email", "export", "--target", "mailgun", "--output", out.appendingPathComponent("mg").path], root)
        let form = try String(contentsOf: out.appendingPathComponent("mg/mailgun-pro-2026-11-27-1.form"), encoding: .utf8)
        var fields: [(String, String)] = []
        for pair in form.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1).map { String($0).replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? "" }
            fields.append((parts[0], parts.count > 1 ? parts[1] : ""))
        }
        #expect(fields.filter { $0.0 == "to" }.map(\.1).sorted() == ["pam@mail.test", "pat@mail.test"])
        let variables = try #require(fields.first { $0.0 == "recipient-variables" }?.1)
        let decoded = try JSONDecoder().decode([String: [String: String]].self, from: Data(variables.utf8))
        #expect(decoded["pat@mail.test"]?["signin"]?.contains("/members/pro/signin?sub=pat&") == true
                && decoded["pat@mail.test"]?["unsubscribe"]?.contains("/unsubscribe/?sub=pat&sig=") == true)
        let html = try #require(fields.first { $0.0 == "html" }?.1)
        #expect(html.contains("href=\"%recipient.unsubscribe%\"") && html.contains("href=\"%recipient.signin%\""))

        let refused = try Self.run(["email", "export", "--target", "listmonk", "--output", out.appendingPathComponent("lm").path], root, expect: 1)
        #expect(refused.contains("a Listmonk campaign goes to a list: give --list free=ID"), "\(refused)")
        try Self.run(["email", "export", "--target", "listmonk", "--list", "free=1", "--list", "pro=2", "--output", out.appendingPathComponent("lm").path], root)
        struct Campaign: Decodable { var lists: [Int]; var body: String; var content_type: String }
        let campaign = try JSONDecoder().decode(Campaign.self, from: Data(contentsOf: out.appendingPathComponent("lm/listmonk-pro-2026-11-27.json")))
        #expect(campaign.lists == [2] && campaign.content_type == "html" && campaign.body.contains("href=\"{{ UnsubscribeURL }}\""))
    }

    @Test("messages_per_minute spaces the messages out; the server's login and TLS rules are the sender's")
    func pacing() throws {
        let smtp = try SMTPServer()
        defer { smtp.stop() }
        let root = try Self.project(smtp: smtp.url, subscribers: [("a1", "pro"), ("a2", "pro"), ("a3", "pro")], perMinute: 120)
        let started = Date()
        try Self.run(["send"], root)
        // Three messages at two a second: at least a second between the first and the last.
        #expect(Date().timeIntervalSince(started) >= 1.0 && smtp.accepted().count == 3)
        #expect(SMTPClient.Server(url: "smtp://127.0.0.1:25").isLoopback && SMTPClient.Server(url: "smtp://localhost:25").isLoopback)
        #expect(!SMTPClient.Server(url: "smtp://mail.example.com:587").isLoopback && !SMTPClient.Server(url: "smtps://127.example.com").isLoopback)
    }

    @Test("two senders at once (a cron line overlapping itself) take turns: every message goes once")
    func concurrentSenders() throws {
        let smtp = try SMTPServer(delay: 0.25)
        defer { smtp.stop() }
        let root = try Self.project(smtp: smtp.url, subscribers: (1...6).map { (String(format: "c%02d", $0), "pro") })
        let arguments = ["deliver", "--project", root.path] + Fixtures.todayArguments
        let first = try Binary.start(arguments, environment: Self.environment)
        usleep(400_000)
        let second = try Binary.start(arguments, environment: Self.environment)
        #expect(first.reap().status == 0 && second.reap().status == 0)
        let accepted = smtp.accepted()
        #expect(accepted.count == 6 && Set(accepted.map(\.message_id)).count == 6, "\(accepted.map(\.rcpt))")
    }
}
