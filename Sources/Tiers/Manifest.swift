import Core
import Foundation
import MarketData

/// `manifest.json`: what a bundle contains, each file with its size and SHA-256, for one tier
/// and day, and the id of the key that signs it. Written with sorted keys so the bytes are stable.
public struct Manifest: Codable, Sendable, Equatable {
    public typealias File = PublishedFile

    public var tier: TierID
    public var date: String
    public var keyID: String
    /// The zip itself.
    public var archive: File
    public var files: [File]
    /// The hash (SHA-256 of the signed manifest) of the tier's edition before this one: the
    /// link that chains every edition to the first. Absent in the first edition, and in bundles
    /// sealed before the edition log existed.
    public var previous: String?
    /// For a revision of the day's edition: its number, and the hash of the edition it revises.
    public var revision: Int?
    public var revises: String?

    enum CodingKeys: String, CodingKey {
        case tier, date, archive, files, previous, revision, revises
        case keyID = "key_id"
    }

    public init(tier: TierID, date: String, keyID: String, archive: File, files: [File], previous: String? = nil,
                revision: Int? = nil, revises: String? = nil) {
        self.previous = previous
        self.revision = revision
        self.revises = revises
        self.tier = tier
        self.date = date
        self.keyID = keyID
        self.archive = archive
        self.files = files
    }

    public func encoded() throws -> [UInt8] {
        if let written = writtenByHand() { return written }
        return try encodedByFoundation()
    }

    /// What `JSONEncoder` writes (sorted keys, pretty-printed, slashes as they are), for any manifest.
    func encodedByFoundation() throws -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        return [UInt8](try encoder.encode(self)) + [10]
    }

    /// The same bytes as `encodedByFoundation`, written straight into a buffer: a bundle of
    /// 120,000 files took `JSONEncoder` a second and a tree of objects tens of megabytes large.
    /// Only for text it writes the same way (printable ASCII without a quote or a backslash, and
    /// a file list that is not empty); anything else goes to `JSONEncoder`.
    func writtenByHand() -> [UInt8]? {
        func plain(_ text: String) -> Bool { text.utf8.allSatisfy { $0 >= 0x20 && $0 < 0x7F && $0 != UInt8(ascii: "\"") && $0 != UInt8(ascii: "\\") } }
        guard !files.isEmpty, [tier.value, date, keyID, previous ?? "", revises ?? "", archive.path, archive.sha256].allSatisfy(plain),
              files.allSatisfy({ plain($0.path) && plain($0.sha256) }) else { return nil }
        var out: [UInt8] = []
        // Each file's entry is 134 bytes, its size's digits and its path: reserved whole, since
        // doubling a whole market's manifest (17 MB) held two copies at once.
        out.reserveCapacity(files.reduce(512) { $0 + 150 + $1.path.utf8.count + $1.sha256.utf8.count - 64 })
        func text(_ value: String) { out.append(UInt8(ascii: "\"")); out += value.utf8; out.append(UInt8(ascii: "\"")) }
        func file(_ file: File, indent: String) {
            out += "{\n\(indent)  \"bytes\" : \(file.bytes),\n\(indent)  \"path\" : ".utf8
            text(file.path)
            out += ",\n\(indent)  \"sha256\" : ".utf8
            text(file.sha256)
            out += "\n\(indent)}".utf8
        }
        out += "{\n  \"archive\" : ".utf8
        file(archive, indent: "  ")
        out += ",\n  \"date\" : ".utf8
        text(date)
        out += ",\n  \"files\" : [\n".utf8
        for (index, entry) in files.enumerated() {
            out += "    ".utf8
            file(entry, indent: "    ")
            out += (index + 1 < files.count ? ",\n" : "\n").utf8
        }
        out += "  ],\n  \"key_id\" : ".utf8
        text(keyID)
        if let previous {
            out += ",\n  \"previous\" : ".utf8
            text(previous)
        }
        if let revises {
            out += ",\n  \"revises\" : ".utf8
            text(revises)
        }
        if let revision { out += ",\n  \"revision\" : \(revision)".utf8 }
        out += ",\n  \"tier\" : ".utf8
        text(tier.value)
        out += "\n}\n".utf8
        return out
    }

    public static func decode(_ bytes: [UInt8]) throws -> Manifest {
        try JSONDecoder().decode(Manifest.self, from: Data(bytes))
    }
}
