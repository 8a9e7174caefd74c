import Core
import Foundation
import MarketData
import Project
import Publishing

/// New projects and synthetic data: `init` and `sample-data`.
public enum Scaffolding {
    /// Creates a project in `root` (missing or empty): configuration, a watchlist, pages,
    /// synthetic sample data and the default theme.
    public static func createProject(at root: URL, named name: String) throws(BuildError) {
        let manager = FileManager.default
        if let existing = try? manager.contentsOfDirectory(atPath: root.path), !existing.isEmpty { throw .file(.notEmpty(path: name)) }
        let content = root.appendingPathComponent("content")
        var files = Scaffold.files.map { (content.appendingPathComponent($0.key), Data($0.value.utf8)) }
        let generator = SampleData(days: 600, seed: 7)
        files += Scaffold.symbols.map { symbol in
            (content.appendingPathComponent("data/\(symbol).csv"), Data(CSVWriter.csv(generator.series(symbol: symbol)).utf8))
        }
        files.append((root.appendingPathComponent(".gitignore"), Data(".signalpress/\nsite/\n".utf8)))
        for (url, data) in files { try write(data, to: url) }
        let sample = files.filter { $0.0.deletingLastPathComponent().lastPathComponent == "data" && $0.0.pathExtension == "csv" }
        do { try SampleDataList.record(sample.map { ($0.0.lastPathComponent, $0.1) }, in: content.appendingPathComponent("data")) } catch {
            throw .file(.cannotWrite(path: content.appendingPathComponent("data/\(SampleDataList.fileName)").path, reason: "\(error)"))
        }
        do { try Theme.defaults.write(to: root.appendingPathComponent("Templates")) } catch {
            throw .file(.cannotWrite(path: root.appendingPathComponent("Templates").path, reason: "\(error)"))
        }
    }

    /// `count` generated ticker names (or none, when `names` are given).
    public static func tickers(count: Int, seed: UInt64) -> [String] { SampleData.tickers(count: count, seed: seed) }

    /// Writes deterministic synthetic daily OHLCV, `<TICKER>.csv` each, into `directory`.
    public static func writeSampleData(to directory: URL, tickers: [String], days: Int, seed: UInt64, lastDay: Day) throws(BuildError) {
        let generator = SampleData(days: days, seed: seed, lastDay: lastDay)
        var written: [(name: String, bytes: Data)] = []
        for ticker in tickers {
            let data = Data(CSVWriter.csv(generator.series(symbol: ticker)).utf8)
            try write(data, to: directory.appendingPathComponent("\(ticker).csv"))
            written.append(("\(ticker).csv", data))
        }
        do { try SampleDataList.record(written, in: directory) } catch {
            throw .file(.cannotWrite(path: directory.appendingPathComponent(SampleDataList.fileName).path, reason: "\(error)"))
        }
    }

    static func write(_ data: Data, to url: URL) throws(BuildError) {
        do {
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try data.write(to: url, options: .atomic)
        } catch { throw .file(.cannotWrite(path: url.path, reason: error.localizedDescription)) }
    }
}
