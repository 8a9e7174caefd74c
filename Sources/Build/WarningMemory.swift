import Core
import Foundation

/// The warnings about a file (`file:line: message`) that builds have reported, with the file's
/// SHA-256 as it was then. A build says such a warning again only when the file changed or the
/// warning is new, so a data file's known quirks (Yahoo's `null` holiday rows) do not fill
/// every night's log; `check` still lists every warning. A warning about a series fetched over
/// HTTP has no file on disk: it is said once, and again only if it goes away and comes back.
struct WarningMemory: Codable, Equatable {
    struct Entry: Codable, Hashable {
        var file: String
        var message: String
        /// The file's SHA-256 when the warning was reported; empty for a source that is not a file.
        var fingerprint: String
    }

    var entries: [Entry] = []

    static func load(_ url: URL) -> WarningMemory {
        guard let data = FileManager.default.contents(atPath: url.path) else { return WarningMemory() }
        return (try? JSONDecoder().decode(WarningMemory.self, from: data)) ?? WarningMemory()
    }

    func save(_ url: URL) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted]
        try EditionStore.replace(url, with: try encoder.encode(self))
    }

    /// `warnings` split into those to say and those reported before for the same file, and the
    /// memory after this build: the warnings it has now, so one that is fixed and comes back is new again.
    func sort(_ warnings: [String], root: URL) -> (repeated: Set<String>, memory: WarningMemory) {
        let known = Set(entries)
        var fingerprints: [String: String] = [:]
        var repeated = Set<String>(), now: [Entry] = []
        for warning in warnings {
            guard let match = warning.wholeMatch(of: /(.+?):(\d+): (.+)/) else { continue }
            let file = String(match.1)
            let fingerprint = fingerprints[file] ?? Self.fingerprint(root.appendingPathComponent(file))
            fingerprints[file] = fingerprint
            let entry = Entry(file: file, message: String(match.3), fingerprint: fingerprint)
            if known.contains(entry) { repeated.insert(warning) }
            now.append(entry)
        }
        return (repeated, WarningMemory(entries: Array(Set(now)).sorted { ($0.file, $0.message) < ($1.file, $1.message) }))
    }

    static func fingerprint(_ url: URL) -> String {
        guard let data = FileManager.default.contents(atPath: url.path) else { return "" }
        return Hex.sha256(data)
    }
}

extension BuildStep {
    /// Marks the warnings reported before for an unchanged file, and remembers this build's.
    public static let rememberWarnings = BuildStep(name: "warnings") { (context: inout BuildContext) throws(BuildError) in
        let url = context.state.warnings
        let (repeated, memory) = WarningMemory.load(url).sort(context.summary.warnings, root: context.options.root)
        context.summary.repeatedWarnings = repeated
        try? memory.save(url)
    }
}
