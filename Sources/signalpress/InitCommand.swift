import Core
import ArgumentParser
import Build
import Foundation

struct InitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: "Create a new project: configuration, a watchlist, pages, synthetic sample data and the default theme.",
        discussion: Examples.initialize)

    @Argument(help: "Directory to create (must not exist or be empty).")
    var directory: String

    func run() throws {
        try Scaffolding.createProject(at: URL(fileURLWithPath: directory).standardizedFileURL, named: directory)
        print("created \(directory): edit content/site.yml, then run `signalpress build --project \(directory)`")
    }
}
