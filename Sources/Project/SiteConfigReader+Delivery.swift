import Core
import Foundation

extension SiteConfigReader {
    /// `email: { from, reply_to, list_id, smtp_url, username, password_env, messages_per_minute }`.
    static func readEmail(_ value: YAMLValue, baseURL: String, title: String) throws(ConfigError) -> EmailConfig {
        let keys = try value.mapping(allowed: ["from", "reply_to", "list_id", "smtp_url", "username", "password_env", "messages_per_minute"])
        guard let fromValue = keys["from"] else { throw value.error("missing required key 'from' (for example \"Daily Signals <signals@example.com>\")") }
        func mailbox(_ value: YAMLValue) throws(ConfigError) -> String {
            let text = try value.nonEmptyString()
            let address = EmailConfig.address(of: text)
            let parts = address.split(separator: "@", omittingEmptySubsequences: false)
            guard parts.count == 2, !parts[0].isEmpty, parts[1].contains("."), !text.contains(where: { $0.isNewline }),
                  address.unicodeScalars.allSatisfy({ $0.value > 32 && $0.value < 127 }) else {
                throw value.error("'\(text)' is not an address or Name <address>")
            }
            return text
        }
        let host = URL(string: baseURL)?.host ?? "signalpress.invalid"
        var email = EmailConfig(from: try mailbox(fromValue), replyTo: try keys["reply_to"].map(mailbox),
                                listID: "\(title) <daily.\(host)>")
        if let listValue = keys["list_id"] {
            let list = try listValue.nonEmptyString()
            let id = EmailConfig.address(of: list.contains("<") ? list : "<\(list)>")
            guard id.contains("."), !id.contains("@"), id.unicodeScalars.allSatisfy({ $0.value > 32 && $0.value < 127 }) else {
                throw listValue.error("list_id must be a dotted name such as daily.example.com, or Title <daily.example.com>")
            }
            email.listID = list
        }
        if let urlValue = keys["smtp_url"] {
            let url = try urlValue.nonEmptyString()
            guard url.hasPrefix("smtps://") || url.hasPrefix("smtp://"), URL(string: url)?.host != nil else {
                throw urlValue.error("smtp_url must be smtps://host:465 or smtp://host:587 (STARTTLS), found '\(url)'")
            }
            email.smtpURL = url
        }
        email.username = try keys["username"]?.nonEmptyString()
        if let envValue = keys["password_env"] { email.passwordEnvironmentVariable = try environmentName(envValue) }
        if let rate = keys["messages_per_minute"] {
            email.messagesPerMinute = try rate.int()
            guard (1...100_000).contains(email.messagesPerMinute) else { throw rate.error("messages_per_minute must be from 1 to 100000") }
        }
        return email
    }

    /// `alerts: { TIER: [ { kind, url, secret_env, chat_id } ] }`.
    static func readAlerts(_ value: YAMLValue, tiers: [TierConfig]) throws(ConfigError) -> [AlertEndpointConfig] {
        var endpoints: [AlertEndpointConfig] = []
        for (name, list) in try value.entries() {
            guard let tier = tiers.first(where: { $0.id.value == name }) else {
                throw list.error("unknown tier '\(name)' (tiers: \(tiers.map(\.id.value).joined(separator: ", ")))")
            }
            for item in try list.list() { endpoints.append(try readEndpoint(item, tier: tier.id)) }
        }
        return endpoints
    }

    static func readEndpoint(_ item: YAMLValue, tier: TierID) throws(ConfigError) -> AlertEndpointConfig {
        let keys = try item.mapping(allowed: ["kind", "url", "url_env", "secret_env", "chat_id"])
        guard let kindValue = keys["kind"] else { throw item.error("missing required key 'kind' (webhook, slack, discord or telegram)") }
        let kindName = try kindValue.string()
        guard let kind = AlertEndpointConfig.Kind(rawValue: kindName) else {
            throw kindValue.error("unknown kind '\(kindName)' (known: webhook, slack, discord, telegram)")
        }
        let url: String
        switch (keys["url"], keys["url_env"]) {
        case let (urlValue?, nil):
            url = try urlValue.nonEmptyString()
            guard url.hasPrefix("https://") || url.hasPrefix("http://"), URL(string: url)?.host != nil else {
                throw urlValue.error("url must be an http(s) address, found '\(url)'")
            }
        case let (nil, envValue?): url = "$" + (try environmentName(envValue))
        case (nil, nil):
            guard kind == .telegram else { throw item.error("a \(kindName) endpoint needs url (or url_env, the variable that holds it)") }
            url = "https://api.telegram.org"
        case (_?, _?): throw item.error("give url or url_env, not both")
        }
        let secret = try keys["secret_env"].map { value throws(ConfigError) in "$" + (try environmentName(value)) } ?? ""
        if secret.isEmpty && (kind == .webhook || kind == .telegram) {
            throw item.error(kind == .webhook ? "a webhook endpoint needs secret_env, the variable that holds its whsec_ secret"
                                              : "a telegram endpoint needs secret_env, the variable that holds the bot's token")
        }
        let chatID = try keys["chat_id"]?.nonEmptyString()
        if kind == .telegram && chatID == nil { throw item.error("a telegram endpoint needs chat_id") }
        return AlertEndpointConfig(tier: tier, kind: kind, url: url, secret: secret, chatID: chatID)
    }

    /// An environment variable's name: capitals, digits and `_`.
    static func environmentName(_ value: YAMLValue) throws(ConfigError) -> String {
        let name = try value.nonEmptyString()
        guard name.unicodeScalars.allSatisfy({ ("A"..."Z").contains($0) || ("0"..."9").contains($0) || $0 == "_" }) else {
            throw value.error("'\(name)' is not an environment variable name (capitals, digits and _)")
        }
        return name
    }
}
