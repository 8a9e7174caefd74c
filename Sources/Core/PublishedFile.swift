/// A file as a manifest, an edition or a backup names it: path, size and SHA-256.
public struct PublishedFile: Codable, Sendable, Equatable {
    public var path: String
    public var bytes: Int
    public var sha256: String

    public init(path: String, bytes: Int, sha256: String) {
        self.path = path
        self.bytes = bytes
        self.sha256 = sha256
    }
}
