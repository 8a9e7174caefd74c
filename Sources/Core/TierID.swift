/// A tier's id from `site.yml` (`free`, `pro`, ...): it names the tier's bundles, its folder
/// under `bundles/`, its subscribers' rows in the ledger and the pages only it may see.
public struct TierID: Hashable, Comparable, Sendable, Codable, CustomStringConvertible, ExpressibleByStringLiteral {
    public let value: String

    public init(_ value: String) { self.value = value }
    public init(stringLiteral value: String) { self.value = value }

    public init(from decoder: any Decoder) throws { value = try decoder.singleValueContainer().decode(String.self) }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(value)
    }

    public var description: String { value }

    public static func < (lhs: TierID, rhs: TierID) -> Bool { lhs.value < rhs.value }
}
