import Core
import Foundation

/// Downloaded series in `.signalpress/cache/`, one file per symbol: a JSON line with the
/// validators (`ETag`, `Last-Modified`) and then the CSV exactly as received. One file, written to
/// a temporary name and renamed, so a killed fetch leaves either the old entry or the new one.
/// Only responses that passed validation are stored: the cache always holds a usable series.
public struct MarketCache: Sendable {
    public struct Entry: Sendable, Equatable {
        public var url: String
        public var etag: String?
        public var lastModified: String?
        /// When it was last fetched with a 200, `YYYY-MM-DD`.
        public var fetched: String
        public var body: [UInt8]
    }

    public var directory: URL

    public init(directory: URL) { self.directory = directory }

    func file(_ symbol: Symbol) -> URL { directory.appendingPathComponent("\(symbol.value).cache") }

    public func load(_ symbol: Symbol) -> Entry? {
        guard let data = FileManager.default.contents(atPath: file(symbol).path), let newline = data.firstIndex(of: 10),
              let meta = try? JSONSerialization.jsonObject(with: data[..<newline]) as? [String: String],
              let url = meta["url"], let fetched = meta["fetched"] else { return nil }
        return Entry(url: url, etag: meta["etag"], lastModified: meta["last_modified"], fetched: fetched,
                     body: [UInt8](data[(newline + 1)...]))
    }

    public func store(_ symbol: Symbol, _ entry: Entry) throws {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        var meta = ["url": entry.url, "fetched": entry.fetched]
        meta["etag"] = entry.etag
        meta["last_modified"] = entry.lastModified
        var data = try JSONSerialization.data(withJSONObject: meta, options: [.sortedKeys])
        data.append(10)
        data.append(contentsOf: entry.body)
        let target = file(symbol)
        let temporary = directory.appendingPathComponent(".\(symbol.value).cache.\(getpid()).tmp")
        try data.write(to: temporary)
        guard rename(temporary.path, target.path) == 0 else {
            try? FileManager.default.removeItem(at: temporary)
            throw CocoaError(.fileWriteUnknown)
        }
    }
}
