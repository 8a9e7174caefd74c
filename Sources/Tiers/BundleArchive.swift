import Foundation
import MarketData
import Publishing
import ZIPFoundation

/// A tier's bundle as a zip whose bytes depend only on its files and date: entries sorted,
/// every timestamp the as-of date at noon (UTC), fixed permissions, deflate.
public enum BundleArchive {
    /// The timestamp every entry of a bundle dated `date` carries.
    public static func timestamp(_ date: Day) -> Date { Date(timeIntervalSince1970: TimeInterval(date.unixTime + 12 * 3600)) }

    /// Every entry of a zip, path to bytes.
    public static func unzip(_ bytes: [UInt8]) throws -> [String: [UInt8]] {
        let archive = try Archive(data: Data(bytes), accessMode: .read)
        var result: [String: [UInt8]] = [:]
        for entry in archive where entry.type == .file {
            var data = Data()
            _ = try archive.extract(entry, skipCRC32: false) { data.append($0) }
            result[entry.path] = [UInt8](data)
        }
        return result
    }

    /// A tier's bundle unzipped into a fresh folder, as a subscriber would open it, with the
    /// site's `_headers` beside it (`serve --tier`).
    public static func unpack(_ bundle: BundlePath, site: URL, into directory: URL) throws -> URL {
        let zip = site.appendingPathComponent(bundle.archive)
        guard let data = FileManager.default.contents(atPath: zip.path) else {
            throw Missing(description: "no bundle for tier '\(bundle.tier)' (\(zip.path))")
        }
        let files = try unzip([UInt8](data))
        try? FileManager.default.removeItem(at: directory)
        for (path, bytes) in files {
            let target = directory.appendingPathComponent(path)
            try FileManager.default.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(bytes).write(to: target)
        }
        if let headers = FileManager.default.contents(atPath: site.appendingPathComponent("_headers").path) {
            try headers.write(to: directory.appendingPathComponent("_headers"))
        }
        return directory
    }

    public struct Missing: Error, CustomStringConvertible {
        public var description: String
    }
}
