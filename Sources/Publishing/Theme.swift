import Charts
import Core
import Foundation
import Project

/// The templates and static assets a site is rendered with: the built-in default theme
/// (compiled into the binary, so an installed `signalpress` needs no resource bundle),
/// overridden file by file by the project's own `Templates/`.
public struct Theme: Sendable {
    /// Relative path (e.g. `symbol.mustache`, `assets/style.css`) to contents.
    public var files: [String: [UInt8]]
    /// Relative path to where it came from, for messages (e.g. `Templates/symbol.mustache (default theme)`).
    public var origins: [String: String]

    public static var defaults: Theme {
        var files: [String: [UInt8]] = [:], origins: [String: String] = [:]
        for (path, text) in DefaultTheme.files {
            files[path] = Array(text.utf8)
            origins[path] = "Templates/\(path) (default theme)"
        }
        return Theme(files: files, origins: origins)
    }

    /// The default theme with every file found under `directory` replacing or adding to it.
    public static func load(overridesFrom directory: URL) -> Theme {
        var theme = defaults
        for path in regularFiles(under: directory) {
            guard let data = FileManager.default.contents(atPath: directory.appendingPathComponent(path).path) else { continue }
            theme.files[path] = [UInt8](data)
            theme.origins[path] = "Templates/\(path)"
        }
        return theme
    }

    /// Relative paths of the regular files below `directory`, sorted, hidden files skipped.
    public static func regularFiles(under directory: URL) -> [String] {
        guard let enumerator = FileManager.default.enumerator(at: directory, includingPropertiesForKeys: [.isRegularFileKey],
                                                              options: [.skipsHiddenFiles]) else { return [] }
        let base = directory.standardizedFileURL.path
        var paths: [String] = []
        for case let url as URL in enumerator {
            guard (try? url.resourceValues(forKeys: [.isRegularFileKey]))?.isRegularFile == true else { continue }
            let full = url.standardizedFileURL.path
            guard full.hasPrefix(base + "/") else { continue }
            paths.append(String(full.dropFirst(base.count + 1)))
        }
        return paths.sorted()
    }

    /// Templates by name: `symbol.mustache` is `symbol`, `report.md.mustache` is `report.md`,
    /// `email/edition.html.mustache` is `email/edition.html`.
    public var templates: [String: String] {
        var result: [String: String] = [:]
        for (path, bytes) in files where path.hasSuffix(".mustache") && (!path.contains("/") || path.hasPrefix("email/")) {
            result[String(path.dropLast(".mustache".count))] = XML.removingForbidden(String(decoding: bytes, as: UTF8.self))
        }
        return result
    }

    public var assets: [String: [UInt8]] {
        files.filter { $0.key.hasPrefix("assets/") }
    }

    /// Writes every file of the theme under `directory` (used by `init`).
    public func write(to directory: URL) throws {
        for (path, bytes) in files.sorted(by: { $0.key < $1.key }) {
            let url = directory.appendingPathComponent(path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(bytes).write(to: url)
        }
    }
}
