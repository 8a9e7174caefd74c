import Core

public import Foundation

/// Loads `<directory>/<SYMBOL>.csv` for each symbol.
public struct FileProvider: Sendable {
    public var directory: URL
    /// How paths appear in messages (relative to the project, as the user wrote them).
    public var displayDirectory: String
    /// Symbolic links are followed only while they stay inside this folder (the project).
    public var root: URL
    public var prices: CSVReader.Prices
    public var dates: CSVReader.DateFormat
    /// Why the data folder itself may not be read (a link out of the project), checked once.
    let directoryProblem: String?

    public init(directory: URL, displayDirectory: String, root: URL, prices: CSVReader.Prices = .adjusted, dates: CSVReader.DateFormat = .automatic) {
        self.directory = directory
        self.dates = dates
        self.displayDirectory = displayDirectory
        self.root = root
        self.prices = prices
        directoryProblem = Self.outside(directory, root: root)
    }

    /// Whether `file` is a symbolic link: only then can a file of a checked folder lead elsewhere.
    /// One `lstat`, where resolving every path takes a dozen system calls on every build.
    static func isLink(_ file: URL) -> Bool {
        var info = stat()
        return lstat(file.path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFLNK
    }

    /// Why `file` may not be read: a symbolic link that leads outside `root`; `nil` otherwise.
    public static func outside(_ file: URL, root: URL) -> String? {
        let resolved = file.resolvingSymlinksInPath().path, boundary = root.resolvingSymlinksInPath().path
        guard resolved != boundary, !resolved.hasPrefix(boundary + "/") else { return nil }
        return "a symbolic link to \(resolved), outside the project; copy the file into the project instead"
    }

    func file(_ symbol: Symbol) -> URL { directory.appendingPathComponent("\(symbol.value).csv") }

    /// The dates of `symbol`'s newest rows read from the two ends of its file
    /// (`CSVReader.datesAtEnd`), for a file big enough for that to save anything; nil when the
    /// file must be read whole (`load`), which also names any problem.
    public func datesAtEnd(_ symbol: Symbol, bytes: Int = 4096) -> [Day]? {
        let url = file(symbol)
        guard directoryProblem == nil, !Self.isLink(url), let handle = FileHandle(forReadingAtPath: url.path) else { return nil }
        defer { try? handle.close() }
        guard let size = try? handle.seekToEnd(), size > UInt64(bytes * 4), (try? handle.seek(toOffset: 0)) != nil,
              let head = try? handle.read(upToCount: bytes), (try? handle.seek(toOffset: size - UInt64(bytes))) != nil,
              let tail = try? handle.read(upToCount: bytes) else { return nil }
        return CSVReader(prices: prices, dates: dates).datesAtEnd(head: [UInt8](head), tail: [UInt8](tail), file: url.lastPathComponent, symbol: symbol.value)
    }

    public func load(_ symbol: Symbol) throws(DataIssue) -> CSVReader.Result {
        let display = displayDirectory.isEmpty ? "\(symbol).csv" : "\(displayDirectory)/\(symbol).csv"
        let url = file(symbol)
        if let problem = directoryProblem ?? (Self.isLink(url) ? Self.outside(url, root: root) : nil) {
            throw DataIssue(file: display, line: 1, message: problem)
        }
        guard let data = FileManager.default.contents(atPath: url.path) else {
            throw DataIssue(file: display, line: 1, message: "no data file for \(symbol) (expected \(display))")
        }
        return try CSVReader(prices: prices, dates: dates).read([UInt8](data), file: display, symbol: symbol.value)
    }
}
