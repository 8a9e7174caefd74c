import Core
import Foundation
import MarketData
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
}
