import Core

/// `email:` in `site.yml`: who the email edition comes from and the SMTP server it goes through.
public struct EmailConfig: Sendable, Equatable {
    /// `Name <address>` or an address.
    public var from: String
    public var replyTo: String?
    /// RFC 2919 `List-Id`: `Title <list.example.com>`.
    public var listID: String
    /// `smtps://host:465` or `smtp://host:587` (STARTTLS required, except to this machine).
    public var smtpURL: String?
    public var username: String?
    /// The environment variable that holds the SMTP password.
    public var passwordEnvironmentVariable: String?
    public var messagesPerMinute = 60

    /// The bare address of `from`, the envelope sender.
    public var fromAddress: String { Self.address(of: from) }

    /// Where a `mailto:` unsubscribe goes: the reply-to address, else the sender.
    public var unsubscribeAddress: String { Self.address(of: replyTo ?? from) }

    public static func address(of mailbox: String) -> String {
        guard let open = mailbox.lastIndex(of: "<"), mailbox.hasSuffix(">") else { return mailbox.trimmingCharacters(in: .whitespaces) }
        return String(mailbox[mailbox.index(after: open)..<mailbox.index(before: mailbox.endIndex)])
    }
}

/// One endpoint of `alerts:` in `site.yml`: where a tier's alerts go.
public struct AlertEndpointConfig: Sendable, Equatable {
    public enum Kind: String, Sendable, CaseIterable { case webhook, slack, discord, telegram }

    public var tier: TierID
    public var kind: Kind
    /// The endpoint's address, or `$NAME` for one kept in the environment (a Slack or Discord
    /// webhook URL is itself a secret).
    public var url: String
    /// `$NAME` of the environment variable with the webhook's `whsec_` secret or the Telegram
    /// bot's token; empty for Slack and Discord.
    public var secret: String
    /// Telegram's chat.
    public var chatID: String?
}
