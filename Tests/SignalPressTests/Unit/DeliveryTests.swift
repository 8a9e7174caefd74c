import Core
import CurlTransfer
import Delivery
import Foundation
import Testing

/// The pieces of delivery that need no server: signatures, the retry schedule, the chat
/// services' limits, MIME, and the providers' batches.
@Suite("Delivery")
struct DeliveryTests {
    @Test("the Standard Webhooks signature matches the specification's example")
    func signatureVector() throws {
        let key = try #require(StandardWebhook.key(fromSecret: "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"))
        #expect(StandardWebhook.signature(id: "msg_p5jXN8AQM9LWM0D4loKWxJek", timestamp: 1_614_265_330, body: Array("{\"test\": 2432232314}".utf8), key: key)
                == "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=")
        #expect(StandardWebhook.key(fromSecret: "MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw") == nil && StandardWebhook.key(fromSecret: "whsec_c2hvcnQ=") == nil)
        let made = StandardWebhook.newSecret()
        #expect(StandardWebhook.key(fromSecret: made)?.count == 32 && made != StandardWebhook.newSecret())
    }

    @Test("retries wait 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 14 h, 20 h and 24 h, each stretched by at most a tenth, the same on every run")
    func schedule() {
        let bases: [Double] = [5, 300, 1800, 7200, 18_000, 36_000, 50_400, 72_000, 86_400]
        for (index, base) in bases.enumerated() {
            let wait = RetrySchedule.wait(after: index + 1, id: "msg_x", retryAfter: nil)!
            #expect(wait >= base && wait <= base * 1.1 && wait == RetrySchedule.wait(after: index + 1, id: "msg_x"))
        }
        #expect(RetrySchedule.wait(after: 10, id: "msg_x") == nil)
        // Different ids spread out.
        #expect(Set((0..<20).map { RetrySchedule.wait(after: 2, id: "msg_\($0)")! }).count > 15)
        // Retry-After is kept when it asks for longer, up to a day.
        #expect(RetrySchedule.wait(after: 1, id: "msg_x", retryAfter: 120) == 120)
        #expect(RetrySchedule.wait(after: 1, id: "msg_x", retryAfter: 1_000_000) == 86_400)
        #expect(RetryAfter.seconds("Sun, 06 Dec 2026 20:00:30 GMT", now: Date(timeIntervalSince1970: 1_796_587_200)) == 30)
        #expect(RetryAfter.seconds("7", now: Date()) == 7 && RetryAfter.seconds("soon", now: Date()) == nil)
    }

    static func bigAlert(_ count: Int) -> AlertPayload {
        AlertPayload(edition: "2026-11-27", tier: "pro", site: "https://x.example", reportURL: "https://x.example/members/pro/reports/2026-11-27/",
                     changes: (0..<count).map { index in
                         AlertPayload.Change(kind: index % 3 == 0 ? .exit : .entry, symbol: "S\(index)", action: index % 3 == 0 ? "HOLD" : "BUY",
                                             previous: "SELL", score: "0.42", close: "123.45", reason: String(repeating: "a long reason ", count: 20))
                     })
    }

    @Test("alert payloads stay within each service's documented limits however many signals changed")
    func chatLimits() throws {
        for count in [1, 40, 2000] {
            let alert = Self.bigAlert(count)
            let webhook = alert.json
            #expect(webhook.count <= 20 * 1024)
            let decoded = try JSONDecoder().decode(AlertPayload.self, from: Data(webhook))
            #expect(decoded.changes.count + decoded.omitted == count && decoded.version == 1)

            struct SlackText: Decodable { var type: String; var text: String }
            struct SlackBlock: Decodable { var type: String; var text: SlackText? }
            struct Slack: Decodable { var text: String; var blocks: [SlackBlock] }
            let slack = try JSONDecoder().decode(Slack.self, from: Data(ChatPayloads.slack(alert)))
            #expect(slack.blocks.count <= 50 && slack.blocks.allSatisfy { ($0.text?.text.count ?? 0) <= 3000 })
            #expect(slack.blocks.first?.type == "header" && (slack.blocks.first?.text?.text.count ?? 0) <= 150)

            struct Embed: Decodable { var title: String; var description: String }
            struct Discord: Decodable { var content: String; var embeds: [Embed] }
            let discord = try JSONDecoder().decode(Discord.self, from: Data(ChatPayloads.discord(alert)))
            #expect(discord.content.count <= 2000 && discord.embeds.count <= 10)
            #expect(discord.embeds.allSatisfy { $0.description.count <= 4096 && $0.title.count <= 256 }
                    && discord.embeds.map { $0.title.count + $0.description.count }.reduce(0, +) <= 6000)

            struct Telegram: Decodable { var chat_id: String; var text: String }
            let telegram = try JSONDecoder().decode(Telegram.self, from: Data(ChatPayloads.telegram(alert, chatID: "-1")))
            #expect(telegram.text.count <= 4096 && telegram.text.hasSuffix(alert.reportURL) && telegram.chat_id == "-1")
        }
    }

    static func message(html: String = "<p>Hello</p>", text: String = "Hello", subject: String = "Daily") -> EmailMessage {
        EmailMessage(from: "Daily Signals <s@example.com>", to: "reader@example.com", replyTo: nil, subject: subject,
                     date: Date(timeIntervalSince1970: TimeInterval(Day(iso: "2026-11-27")!.unixTime)), messageID: "1.pro.abc@example.com", listID: "Daily <daily.example.com>",
                     unsubscribe: ("https://example.com/unsubscribe/?sub=r&sig=x", "mailto:s@example.com?subject=unsubscribe"), text: text, html: html)
    }

    @Test("a message is CRLF throughout, lines within 76 characters in the parts, and beyond ASCII only as encoded words and quoted-printable")
    func mime() {
        let long = String(repeating: "Zürich café ", count: 40) + "\n.dot first\nend with space \n=equals"
        let bytes = Self.message(html: "<p>" + long + "</p>", text: long, subject: "Prix: élevé, 日本").bytes
        let text = String(decoding: bytes, as: UTF8.self)
        #expect(bytes.allSatisfy { $0 < 128 })
        let lines = text.components(separatedBy: "\r\n")
        #expect(!text.replacingOccurrences(of: "\r\n", with: "").contains("\n"))
        #expect(lines.allSatisfy { $0.count <= 78 || $0.hasPrefix("List-Unsubscribe") }, "\(lines.filter { $0.count > 78 })")
        #expect(!lines.contains { $0.hasPrefix(".") } && !lines.contains { $0.hasSuffix(" ") })
        #expect(text.contains("Date: Fri, 27 Nov 2026 00:00:00 +0000"))
        // The subject as encoded words, each whole characters, that decode back to it.
        let subject = text.components(separatedBy: "\r\nDate:")[0].components(separatedBy: "Subject: ")[1].replacingOccurrences(of: "\r\n ", with: " ")
        let decoded = subject.split(separator: " ").map { word in
            String(decoding: Data(base64Encoded: String(word.dropFirst("=?UTF-8?B?".count).dropLast(2)))!, as: UTF8.self)
        }.joined()
        #expect(decoded == "Prix: élevé, 日本")
        #expect(text.contains("Message-ID: <1.pro.abc@example.com>") && text.contains("List-Unsubscribe-Post: List-Unsubscribe=One-Click"))
        #expect(text.contains("=3D") && text.contains("=C3=BC"))
        // The same message is the same bytes.
        #expect(Self.message().bytes == Self.message().bytes)
    }

    @Test("provider exports batch at 500 (Postmark) and 1,000 (Mailgun), every recipient once")
    func providerBatches() throws {
        let messages = (0..<1203).map { index in
            var message = Self.message()
            message.to = "r\(index)@example.com"
            return message
        }
        let postmark = ProviderExport.postmark(messages, tag: "pro")
        #expect(postmark.map { try! JSONSerialization.jsonObject(with: Data($0)) as! [Any] }.map(\.count) == [500, 500, 203])
        let mailgun = ProviderExport.mailgun(Self.message(), recipients: messages.map { ($0.to, ["unsubscribe": "u"]) }, tag: "pro")
        #expect(mailgun.count == 2)
        let fields = mailgun.map { String(decoding: $0, as: UTF8.self).split(separator: "&").filter { $0.hasPrefix("to=") }.count }
        #expect(fields == [1000, 203])
        let first = String(decoding: mailgun[0], as: UTF8.self)
        #expect(first.contains("recipient-variables=") && first.contains("h%3AList-Unsubscribe-Post=List-Unsubscribe%3DOne-Click"))
        let campaign = try #require(try JSONSerialization.jsonObject(with: Data(ProviderExport.listmonk(Self.message(), name: "x", lists: [3], tags: ["pro"]))) as? [String: Any])
        #expect(campaign["lists"] as? [Int] == [3] && campaign["content_type"] as? String == "html" && campaign["altbody"] as? String == "Hello")
    }
}
