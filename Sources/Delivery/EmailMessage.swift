import Core
import Crypto
import Foundation

/// One email edition to one reader, as RFC 5322 bytes: `multipart/alternative` with the text
/// part first and the HTML part last (the one a mail client prefers), both quoted-printable
/// UTF-8, and the list headers of RFC 2369, 2919 and 8058.
public struct EmailMessage: Sendable, Equatable {
    /// `Name <address>` or an address.
    public var from: String
    public var to: String
    public var replyTo: String?
    public var subject: String
    public var date: Date
    /// Without the angle brackets; the same on every attempt.
    public var messageID: String
    /// RFC 2919: `Title <list.example.com>`.
    public var listID: String
    /// The one-click address (HTTPS, answered by a POST) and a `mailto:`.
    public var unsubscribe: (https: String, mailto: String)?
    public var text: String
    public var html: String

    public init(from: String, to: String, replyTo: String?, subject: String, date: Date, messageID: String, listID: String,
                unsubscribe: (https: String, mailto: String)?, text: String, html: String) {
        self.from = from
        self.to = to
        self.replyTo = replyTo
        self.subject = subject
        self.date = date
        self.messageID = messageID
        self.listID = listID
        self.unsubscribe = unsubscribe
        self.text = text
        self.html = html
    }

    public static func == (lhs: EmailMessage, rhs: EmailMessage) -> Bool { lhs.bytes == rhs.bytes }

    /// The message on the wire: CRLF line ends, every header within 78 characters where it can be folded.
    public var bytes: [UInt8] {
        let textPart = QuotedPrintable.encode(text), htmlPart = QuotedPrintable.encode(html)
        // "=_" never occurs in quoted-printable text, so the boundary cannot occur in a part.
        let boundary = "=_signalpress_" + Hex.string(SHA256.hash(data: textPart + htmlPart).prefix(12))
        var headers: [(String, String)] = [
            ("From", MailHeader.address(from)),
            ("To", MailHeader.address(to)),
        ]
        if let replyTo { headers.append(("Reply-To", MailHeader.address(replyTo))) }
        headers += [
            ("Subject", MailHeader.text(subject)),
            ("Date", MailHeader.date(date)),
            ("Message-ID", "<\(messageID)>"),
            ("List-Id", MailHeader.listID(listID)),
        ]
        if let unsubscribe {
            headers.append(("List-Unsubscribe", "<\(unsubscribe.https)>, <\(unsubscribe.mailto)>"))
            headers.append(("List-Unsubscribe-Post", "List-Unsubscribe=One-Click"))
        }
        headers += [("MIME-Version", "1.0"), ("Content-Type", "multipart/alternative; boundary=\"\(boundary)\"")]
        var out: [UInt8] = []
        for (name, value) in headers { out += Array(MailHeader.fold(name, value).utf8) }
        out += Array("\r\nThis is a multipart message in MIME format.\r\n".utf8)
        for (type, part) in [("text/plain", textPart), ("text/html", htmlPart)] {
            out += Array("\r\n--\(boundary)\r\nContent-Type: \(type); charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n".utf8)
            out += part
        }
        out += Array("\r\n--\(boundary)--\r\n".utf8)
        return out
    }
}
