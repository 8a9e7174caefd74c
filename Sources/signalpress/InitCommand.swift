import ArgumentParser
import Foundation
import MarketData
import Project
import Publishing

struct InitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: "Create a new project: configuration, a watchlist, pages, synthetic sample data and the default theme.",
        discussion: Examples.initialize)

    @Argument(help: "Directory to create (must not exist or be empty).")
    var directory: String

    func run() throws {
        let root = URL(fileURLWithPath: directory).standardizedFileURL
        let manager = FileManager.default
        if let existing = try? manager.contentsOfDirectory(atPath: root.path), !existing.isEmpty {
            throw UserError("\(directory): already exists and is not empty; choose a new directory")
        }
        let content = root.appendingPathComponent("content")
        for (path, text) in Scaffold.files {
            let url = content.appendingPathComponent(path)
            try manager.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(text.utf8).write(to: url)
        }
        let generator = SampleData(days: 600, seed: 7)
        let data = content.appendingPathComponent("data")
        try manager.createDirectory(at: data, withIntermediateDirectories: true)
        for symbol in Scaffold.symbols {
            try Data(CSVWriter.csv(generator.series(symbol: symbol)).utf8).write(to: data.appendingPathComponent("\(symbol).csv"))
        }
        try Theme.defaults.write(to: root.appendingPathComponent("Templates"))
        try Data(".signalpress/\nsite/\n".utf8).write(to: root.appendingPathComponent(".gitignore"))
        print("created \(directory): edit content/site.yml, then run `signalpress build --project \(directory)`")
    }
}
