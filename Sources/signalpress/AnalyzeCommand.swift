import ArgumentParser
import Foundation
import Indicators
import MarketData
import Project
import Publishing
import Signals

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
        guard let data = FileManager.default.contents(atPath: file) else { throw UserError("\(file):1: cannot read the file") }
        let symbol = URL(fileURLWithPath: file).deletingPathExtension().lastPathComponent
        let result: CSVReader.Result
        do { result = try CSVReader().read([UInt8](data), file: file, symbol: symbol) } catch { throw UserError(error.description) }
        for warning in result.warnings { FileHandle.standardError.write(Data("warning: \(warning)\n".utf8)) }
        let analysis = Analysis(series: result.series, config: SignalConfig())
        let text = format == .csv ? AnalysisExport.csv(analysis) : AnalysisExport.json(analysis)
        FileHandle.standardOutput.write(Data(text.utf8))
    }
}
