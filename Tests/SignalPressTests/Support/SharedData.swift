import Foundation
import MarketData

/// The read-only reference data beside the repository (`../shared`). Tests that need it are
/// skipped, with a message saying so, where it is absent.
enum SharedData {
    static let repositoryRoot: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    static let root = repositoryRoot.deletingLastPathComponent().appendingPathComponent("shared")

    static var available: Bool { FileManager.default.fileExists(atPath: root.appendingPathComponent("data/ohlcv").path) }

    static let symbols = ["AAPL", "ESTX50", "FESX", "INTC", "NVDA", "ORCL", "SPY", "YHOO"]

    static func url(_ relative: String) -> URL { root.appendingPathComponent(relative) }

    static func series(_ symbol: String) throws -> Series {
        let data = try Data(contentsOf: url("data/ohlcv/\(symbol).csv"))
        return try CSVReader().read([UInt8](data), file: "\(symbol).csv", symbol: symbol).series
    }

    /// TA-Lib's reference table: column name to values (NaN for warm-up).
    static func reference(_ symbol: String) throws -> (dates: [String], columns: [String: [Double]]) {
        let text = try String(contentsOf: url("data/talib_ref/\(symbol).csv"), encoding: .utf8)
        var lines = text.split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false) }
        let header = lines.removeFirst().map(String.init)
        var columns: [String: [Double]] = [:]
        for (position, name) in header.enumerated().dropFirst() {
            columns[name] = lines.map { $0[position].isEmpty ? .nan : Double($0[position])! }
        }
        return (lines.map { String($0[0]) }, columns)
    }
}

import Testing
