import ArgumentParser
import Build
import Core
import Foundation
import MarketData
import Project
import Publishing

struct NewCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "new", abstract: "Start a note or a page with its front matter filled in.", subcommands: [Note.self, Page.self])

    struct Note: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "content/notes/DATE.md, for the report of that trading day (default: the next one after the data's latest).",
            discussion: Examples.newNote)
        @OptionGroup var projectOptions: ProjectOptions
        @Argument(help: "The trading day (YYYY-MM-DD).") var date: Day?
        @Option(help: "The note's title.") var title = "Today's market"
        @Option(help: "The lowest tier that sees it (default: every tier).") var tier: TierID?

        func run() throws {
            let project = try projectOptions.loadProject()
            let day = try date ?? NewCommand.nextTradingDay(after: NewCommand.latestDay(projectOptions))
            try NewCommand.create("content/notes/\(day).md", in: project, title: title, tier: tier,
                                  body: "What moved today, and why it matters for the signals.\n")
            if day.isWeekend { print("note: \(day) is a weekend day; it appears with the next trading day's report") }
        }
    }

    struct Page: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "content/pages/SLUG.md, published at pages/SLUG/.", discussion: Examples.newPage)
        @OptionGroup var projectOptions: ProjectOptions
        @Argument(help: "The page's slug (lowercase letters, digits and '-').") var slug: String
        @Option(help: "The page's title (default: the slug, capitalised).") var title: String?
        @Option(help: "The lowest tier that sees it (default: every tier).") var tier: TierID?

        func run() throws {
            let project = try projectOptions.loadProject()
            try NewCommand.create("content/pages/\(slug).md", in: project, title: title ?? slug.replacingOccurrences(of: "-", with: " ").capitalized,
                                  tier: tier, body: "Write the page here, in Markdown.\n", slug: slug)
        }
    }

    /// Writes the file (never over an existing one) after checking it reads back as the build will read it.
    static func create(_ path: String, in project: Project, title: String, tier: TierID?, body: String, slug: String? = nil) throws {
        if let slug, !SiteConfigReader.isID(slug) { throw UserError("slug '\(slug)' may contain only \(SiteConfigReader.idPattern)") }
        if let tier, project.config.tier(tier) == nil {
            throw UserError("unknown tier '\(tier)' (site.yml has: \(project.config.tiers.map(\.id.value).joined(separator: ", ")))")
        }
        let url = project.root.appendingPathComponent(path)
        guard !FileManager.default.fileExists(atPath: url.path) else { throw UserError("\(path) already exists; edit it instead") }
        let quoted = "\"" + title.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
        let text = "---\ntitle: \(quoted)\ndescription: \"\"\n" + (tier.map { "tier: \($0)\n" } ?? "") + "---\n" + body
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        guard FileManager.default.createFile(atPath: url.path, contents: Data(text.utf8)) else { throw UserError("\(path): cannot write the file") }
        print("created \(path)")
    }

    /// The last trading day in the project's data (the cache, for data over HTTP).
    static func latestDay(_ options: ProjectOptions) throws -> Day {
        let build = Build(options: BuildOptions(root: options.root, output: options.root.appendingPathComponent("site"), clock: try options.clock(),
                                                offline: true, recordsLedger: false))
        do { return try build.run([.loadProject, .loadMarketData]).asOf } catch { throw UserError("\(error)\n(give the note's date: signalpress new note YYYY-MM-DD)") }
    }

    static func nextTradingDay(after day: Day) -> Day {
        var next = day.adding(days: 1)
        while next.isWeekend { next = next.adding(days: 1) }
        return next
    }
}
