import Foundation

/// An alert as the chat services take it, each within its documented limits: Slack's Block Kit
/// (50 blocks, 3,000 characters a section, 150 a header), Discord's embeds (2,000 characters of
/// content, 4,096 of description, 6,000 in all), Telegram's `sendMessage` (4,096 characters).
public enum ChatPayloads {
    public static let slackBlocks = 50, slackSectionCharacters = 3000, slackHeaderCharacters = 150
    public static let discordContent = 2000, discordDescription = 4096, discordTotal = 6000
    public static let telegramText = 4096

    struct SlackText: Encodable { var type: String; var text: String }
    struct SlackBlock: Encodable { var type: String; var text: SlackText?; var elements: [SlackText]? }
    struct SlackMessage: Encodable { var text: String; var blocks: [SlackBlock] }
    struct DiscordEmbed: Encodable { var title: String; var url: String; var description: String }
    struct DiscordMentions: Encodable { var parse: [String] = [] }
    struct DiscordMessage: Encodable {
        var content: String
        var embeds: [DiscordEmbed]
        var allowedMentions = DiscordMentions()
        enum CodingKeys: String, CodingKey { case content, embeds, allowedMentions = "allowed_mentions" }
    }
    struct TelegramMessage: Encodable {
        var chatID: String
        var text: String
        var disableWebPagePreview = true
        enum CodingKeys: String, CodingKey { case text, chatID = "chat_id", disableWebPagePreview = "disable_web_page_preview" }
    }

    public static func slack(_ alert: AlertPayload) -> [UInt8] {
        let lines = alert.changes.map(alert.line)
        var blocks = [SlackBlock(type: "header", text: SlackText(type: "plain_text", text: clip(alert.title, slackHeaderCharacters)), elements: nil)]
        for section in sections(lines, limit: slackSectionCharacters).prefix(slackBlocks - 2) {
            blocks.append(SlackBlock(type: "section", text: SlackText(type: "mrkdwn", text: section), elements: nil))
        }
        blocks.append(SlackBlock(type: "context", text: nil, elements: [SlackText(type: "mrkdwn", text: clip("<\(alert.reportURL)|Read the report>", slackSectionCharacters))]))
        return json(SlackMessage(text: clip(alert.title, slackSectionCharacters), blocks: blocks))
    }

    public static func discord(_ alert: AlertPayload) -> [UInt8] {
        // The description leaves room in the 6,000 characters of all embeds for the title.
        let description = clip(alert.changes.map(alert.line).joined(separator: "\n"), discordDescription)
        return json(DiscordMessage(content: clip(alert.title, discordContent),
                                   embeds: [DiscordEmbed(title: clip(alert.title, 256), url: alert.reportURL, description: description)]))
    }

    public static func telegram(_ alert: AlertPayload, chatID: String) -> [UInt8] {
        let text = clip(([alert.title] + alert.changes.map(alert.line)).joined(separator: "\n"), telegramText - alert.reportURL.count - 2)
            + "\n\n" + alert.reportURL
        return json(TelegramMessage(chatID: chatID, text: text))
    }

    /// Lines joined into as few sections as fit `limit` characters each.
    static func sections(_ lines: [String], limit: Int) -> [String] {
        var sections: [String] = [], current = ""
        for line in lines.map({ clip($0, limit) }) {
            if !current.isEmpty && current.count + 1 + line.count > limit {
                sections.append(current)
                current = ""
            }
            current += (current.isEmpty ? "" : "\n") + line
        }
        if !current.isEmpty { sections.append(current) }
        return sections
    }

    /// At most `limit` characters, the last an ellipsis when cut.
    static func clip(_ text: String, _ limit: Int) -> String {
        text.count <= limit ? text : String(text.prefix(max(0, limit - 1))) + "…"
    }

    static func json(_ message: some Encodable) -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return Array((try? encoder.encode(message)) ?? Data())
    }
}
