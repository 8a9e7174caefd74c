import Foundation
import MarketData
import Publishing
import ZIPFoundation

/// A tier's bundle as a zip whose bytes depend only on its files and date: entries sorted,
/// every timestamp the as-of date at noon (UTC), fixed permissions, deflate.
public enum BundleArchive {
    public static func zip(_ files: OutputFiles, date: Day) throws -> [UInt8] {
        let archive = try Archive(data: Data(), accessMode: .create)
        let timestamp = Date(timeIntervalSince1970: TimeInterval(date.unixTime + 12 * 3600))
        for path in files.paths {
            let bytes = Data(files[path]!)
            try archive.addEntry(with: path, type: .file, uncompressedSize: Int64(bytes.count), modificationDate: timestamp,
                                 permissions: 0o644, compressionMethod: .deflate) { position, size in
                bytes.subdata(in: Int(position)..<Int(position) + size)
            }
        }
        return [UInt8](archive.data ?? Data())
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
