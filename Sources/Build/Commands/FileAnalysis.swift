import Core
import Foundation
import MarketData
import Publishing
import Signals

/// `analyze`: every indicator and the composite signal for one CSV file.
public enum FileAnalysis {
    public enum Format: Sendable { case csv, json }

    /// The analysis as text, and the warnings reading the file gave.
    public static func analyze(_ path: String, format: Format) throws(BuildError) -> (text: String, warnings: [String]) {
        guard let data = FileManager.default.contents(atPath: path) else { throw .data([DataIssue(file: path, line: 1, message: "cannot read the file")]) }
        let symbol = URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent
        let result: CSVReader.Result
        do throws(DataIssue) { result = try CSVReader().read([UInt8](data), file: path, symbol: symbol) } catch { throw .data([error]) }
        let analysis = Analysis(series: result.series, config: SignalConfig())
        return (format == .csv ? AnalysisExport.csv(analysis) : AnalysisExport.json(analysis), result.warnings.map(\.description))
    }
}
