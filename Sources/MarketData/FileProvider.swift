public import Foundation

/// Loads `<directory>/<SYMBOL>.csv` for each symbol.
public struct FileProvider: Sendable {
    public var directory: URL
    /// How paths appear in messages (relative to the project, as the user wrote them).
    public var displayDirectory: String

    public init(directory: URL, displayDirectory: String) {
        self.directory = directory
        self.displayDirectory = displayDirectory
    }

    public func load(_ symbol: Symbol) throws(DataIssue) -> CSVReader.Result {
        let display = displayDirectory.isEmpty ? "\(symbol).csv" : "\(displayDirectory)/\(symbol).csv"
        let url = directory.appendingPathComponent("\(symbol.value).csv")
        guard let data = FileManager.default.contents(atPath: url.path) else {
            throw DataIssue(file: display, line: 1, message: "no data file for \(symbol) (expected \(display))")
        }
        return try CSVReader().read([UInt8](data), file: display, symbol: symbol.value)
    }
}
