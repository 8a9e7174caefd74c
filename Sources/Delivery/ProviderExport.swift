import Foundation

/// The email edition as an email provider's own API requests, for publishers who keep their
/// provider: Postmark's batch endpoint (at most 500 messages a request), Mailgun's messages
/// endpoint with `recipient-variables` (at most 1,000 recipients a request, form-encoded) and
/// a Listmonk campaign (Listmonk keeps its own list and unsubscribe page).
public enum ProviderExport {
    public static let postmarkBatch = 500
    public static let mailgunBatch = 1000

    struct PostmarkHeader: Encodable {
        var name: String
        var value: String
        enum CodingKeys: String, CodingKey { case name = "Name", value = "Value" }
    }

    struct PostmarkMessage: Encodable {
        var from, to, subject, htmlBody, textBody, messageStream, tag: String
        var replyTo: String?
        var headers: [PostmarkHeader]
        enum CodingKeys: String, CodingKey {
            case from = "From", to = "To", subject = "Subject", htmlBody = "HtmlBody", textBody = "TextBody", messageStream = "MessageStream"
            case tag = "Tag", replyTo = "ReplyTo", headers = "Headers"
        }
    }

    /// `POST /email/batch` bodies, one per 500 messages, on Postmark's `broadcast` stream.
    public static func postmark(_ messages: [EmailMessage], tag: String) -> [[UInt8]] {
        stride(from: 0, to: messages.count, by: postmarkBatch).map { start in
            let batch = messages[start..<min(start + postmarkBatch, messages.count)].map { message in
                var headers = [PostmarkHeader(name: "Message-ID", value: "<\(message.messageID)>"), PostmarkHeader(name: "List-Id", value: message.listID)]
                if let unsubscribe = message.unsubscribe {
                    headers.append(PostmarkHeader(name: "List-Unsubscribe", value: "<\(unsubscribe.https)>, <\(unsubscribe.mailto)>"))
                    headers.append(PostmarkHeader(name: "List-Unsubscribe-Post", value: "List-Unsubscribe=One-Click"))
                }
                return PostmarkMessage(from: message.from, to: message.to, subject: message.subject, htmlBody: message.html, textBody: message.text,
                                       messageStream: "broadcast", tag: tag, replyTo: message.replyTo, headers: headers)
            }
            return json(batch)
        }
    }

    /// `POST /v3/DOMAIN/messages` bodies (`application/x-www-form-urlencoded`), one per 1,000
    /// recipients: `template` carries `%recipient.NAME%` where each recipient's `variables` go.
    public static func mailgun(_ template: EmailMessage, recipients: [(email: String, variables: [String: String])], tag: String) -> [[UInt8]] {
        stride(from: 0, to: recipients.count, by: mailgunBatch).map { start in
            let batch = recipients[start..<min(start + mailgunBatch, recipients.count)]
            let variables = Dictionary(batch.map { ($0.email, $0.variables) }, uniquingKeysWith: { first, _ in first })
            var fields: [(String, String)] = [("from", template.from)] + batch.map { ("to", $0.email) }
            fields += [("subject", template.subject), ("html", template.html), ("text", template.text), ("o:tag", tag),
                       ("recipient-variables", String(decoding: json(variables), as: UTF8.self)), ("h:List-Id", template.listID)]
            if let replyTo = template.replyTo { fields.append(("h:Reply-To", replyTo)) }
            if let unsubscribe = template.unsubscribe {
                fields += [("h:List-Unsubscribe", "<\(unsubscribe.https)>, <\(unsubscribe.mailto)>"), ("h:List-Unsubscribe-Post", "List-Unsubscribe=One-Click")]
            }
            return Array(fields.map { formEncoded($0.0) + "=" + formEncoded($0.1) }.joined(separator: "&").utf8)
        }
    }

    struct ListmonkCampaign: Encodable {
        var name, subject, fromEmail, type, contentType, body, altbody: String
        var lists: [Int]
        var tags: [String]
        var headers: [[String: String]]
        enum CodingKeys: String, CodingKey {
            case name, subject, type, body, altbody, lists, tags, headers
            case fromEmail = "from_email", contentType = "content_type"
        }
    }

    /// `POST /api/campaigns` body: a regular HTML campaign to `lists`.
    public static func listmonk(_ template: EmailMessage, name: String, lists: [Int], tags: [String]) -> [UInt8] {
        json(ListmonkCampaign(name: name, subject: template.subject, fromEmail: template.from, type: "regular", contentType: "html",
                              body: template.html, altbody: template.text, lists: lists, tags: tags, headers: [["List-Id": template.listID]]))
    }

    static func json(_ value: some Encodable) -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return Array((try? encoder.encode(value)) ?? Data())
    }

    /// `application/x-www-form-urlencoded`: unreserved characters as they are, space as `+`, the rest percent-encoded UTF-8.
    static func formEncoded(_ text: String) -> String {
        var out = ""
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                 UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "*"):
                out.unicodeScalars.append(Unicode.Scalar(byte))
            case UInt8(ascii: " "): out += "+"
            default: out += String(format: "%%%02X", byte)
            }
        }
        return out
    }
}
