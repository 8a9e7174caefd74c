import ArgumentParser
import Build
import Core
import Foundation

struct NewCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "new", abstract: "Start a note or a page with its front matter filled in.", subcommands: [Note.self, Page.self])

    struct Note: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "note",
            abstract: "content/notes/DATE.md, for the report of that trading day (default: the next one after the data's latest).",
            discussion: Examples.newNote)
        @OptionGroup var projectOptions: ProjectOptions
        @Argument(help: "The trading day (YYYY-MM-DD).") var date: Day?
        @Option(help: "The note's title.") var title = "Today's market"
        @Option(help: "The lowest tier that sees it (default: every tier).") var tier: TierID?

        func run() throws {
            let workspace = projectOptions.workspace
            let day = try date ?? workspace.nextTradingDay(clock: projectOptions.clock())
            try workspace.newContent("content/notes/\(day).md", title: title, tier: tier, body: "What moved today, and why it matters for the signals.\n")
            print("created content/notes/\(day).md")
            if day.isWeekend { print("note: \(day) is a weekend day; it appears with the next trading day's report") }
        }
    }

    struct Page: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "page", abstract: "content/pages/SLUG.md, published at pages/SLUG/.", discussion: Examples.newPage)
        @OptionGroup var projectOptions: ProjectOptions
        @Argument(help: "The page's slug (lowercase letters, digits and '-').") var slug: String
        @Option(help: "The page's title (default: the slug, capitalised).") var title: String?
        @Option(help: "The lowest tier that sees it (default: every tier).") var tier: TierID?

        func run() throws {
            try projectOptions.workspace.newContent("content/pages/\(slug).md", title: title ?? slug.replacingOccurrences(of: "-", with: " ").capitalized,
                                                    tier: tier, body: "Write the page here, in Markdown.\n", slug: slug)
            print("created content/pages/\(slug).md")
        }
    }
}
