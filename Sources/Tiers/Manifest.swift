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
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        return [UInt8](try encoder.encode(self)) + [10]
    }

    public static func decode(_ bytes: [UInt8]) throws -> Manifest {
        try JSONDecoder().decode(Manifest.self, from: Data(bytes))
    }
}
