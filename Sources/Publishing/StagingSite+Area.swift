import Foundation

extension StagingSite {
    /// A part of the staged site one tier writes into: the whole site for the public tier (or a
    /// paid tier previewed unzipped), `members/<tier>/` for a paid tier's members' area. The
    /// tier's pages are the same files at either place; their links are relative.
    public struct Area: Sendable {
        public let site: StagingSite
        /// Empty, or a folder path ending in `/`.
        public let prefix: String

        public init(_ site: StagingSite, prefix: String = "") {
            self.site = site
            self.prefix = prefix
        }

        /// A paid tier's members' area.
        public static func members(_ site: StagingSite, tier: String) -> Area { Area(site, prefix: membersPrefix(tier)) }

        /// Where a paid tier's members' area is in the site: `members/<tier>/`.
        public static func membersPrefix(_ tier: String) -> String { "members/\(tier)/" }

        public func write(_ path: String, _ bytes: [UInt8]) { site.write(prefix + path, bytes) }
        public func carry(_ path: String) { site.carry(prefix + path) }

        /// The site itself, not a members' area inside it.
        public var isWholeSite: Bool { prefix.isEmpty }

        /// The area's folder in the published site, ending in `/`.
        public var published: String { site.output.path + "/" + prefix }
    }
}
