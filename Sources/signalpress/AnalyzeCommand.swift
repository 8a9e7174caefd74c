import Core
import ArgumentParser
import Build
import Foundation

struct AnalyzeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "analyze",
        abstract: "Print every indicator and the composite signal for one CSV file.", discussion: Examples.analyze)

    enum OutputFormat: String, ExpressibleByArgument, CaseIterable { case csv, json }

    @Argument(help: "A daily OHLCV CSV file.")
    var file: String

    @Option(name: .long, help: "csv (one row per bar) or json (series plus the latest signal, events and statistics).")
    var format: OutputFormat = .csv

    func run() throws {
        let (text, warnings) = try FileAnalysis.analyze(file, format: format == .csv ? .csv : .json)
        for warning in warnings { FileHandle.standardError.write(Data("warning: \(warning)\n".utf8)) }
        FileHandle.standardOutput.write(Data(text.utf8))
    }
}
