import Core
import Crypto
import MarketData

/// Static assets with content hashes in their names (`assets/style.<hash>.css`), so a CDN can
/// cache them forever and a changed file gets a new address.
public struct Assets: Sendable {
    /// Original path (e.g. `assets/style.css`) to published path.
    public let published: [String: String]
    public let files: OutputFiles

    public init(theme: Theme) {
        var published: [String: String] = [:]
        var files = OutputFiles()
        for (path, bytes) in theme.assets.sorted(by: { $0.key < $1.key }) {
            let hash = Hex.sha256(bytes).prefix(10)
            let target = path.insertingBeforeExtension(String(hash))
            published[path] = target
            files.add(target, bytes: bytes)
        }
        self.published = published
        self.files = files
    }

    public var stylesheet: String { published["assets/style.css"] ?? "assets/style.css" }
    public var icon: String { published["assets/icon.svg"] ?? "assets/icon.svg" }
    public var script: String { published["assets/screener.js"] ?? "assets/screener.js" }

}

private extension String {
    func insertingBeforeExtension(_ tag: String) -> String {
        guard let dot = lastIndex(of: "."), !self[dot...].contains("/") else { return self + "." + tag }
        return String(self[..<dot]) + "." + tag + String(self[dot...])
    }
}
