import Foundation
import MarketData
import Publishing
import ZIPFoundation

/// A tier's bundle as a zip whose bytes depend only on its files and date: entries sorted,
/// every timestamp the as-of date at noon (UTC), fixed permissions, deflate.
public enum BundleArchive {
    /// zlib level 1: twice to four times as fast as its default for 5-10% more bytes, and the
    /// build's largest cost (see the README's performance section). Entries compressed on `jobs` threads.
    public static func zip(_ files: OutputFiles, date: Day, jobs: Int = Parallel.cores) throws -> [UInt8] {
        let timestamp = Date(timeIntervalSince1970: TimeInterval(date.unixTime + 12 * 3600))
        return try ZipWriter.zip(files.paths.map { ZipWriter.Entry(path: $0, bytes: files[$0]!) }, modified: timestamp, jobs: jobs)
    }

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
}
