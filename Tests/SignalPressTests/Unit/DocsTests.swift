import ArgumentParser
import Foundation
@testable import signalpress
import Testing

/// The README and `docs/` are how a user finds their way: every link in them leads somewhere,
/// and every command is documented.
@Suite("Documentation")
struct DocsTests {
    static let root = SharedData.repositoryRoot

    static func pages() -> [URL] {
        let docs = root.appendingPathComponent("docs")
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: docs.path)) ?? []).filter { $0.hasSuffix(".md") }.sorted()
        return [root.appendingPathComponent("README.md")] + names.map { docs.appendingPathComponent($0) }
    }

    /// GitHub's anchor for a heading: lower case, punctuation dropped, spaces as hyphens.
    static func anchor(_ heading: String) -> String {
        String(heading.lowercased().unicodeScalars.filter { CharacterSet.alphanumerics.contains($0) || $0 == " " || $0 == "-" || $0 == "_" })
            .replacingOccurrences(of: " ", with: "-")
    }

    static func anchors(in page: URL) -> Set<String> {
        guard let text = try? String(contentsOf: page, encoding: .utf8) else { return [] }
        var inCode = false
        var anchors = Set<String>()
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("```") { inCode.toggle() }
            if !inCode, let match = line.firstMatch(of: /^#{1,6} (.+)$/) { anchors.insert(anchor(String(match.1))) }
        }
        return anchors
    }

    @Test("every relative link in the README and docs/ leads to a file of the repository, and every anchor to a heading")
    func linksResolve() throws {
        var broken: [String] = []
        var checked = 0
        for page in Self.pages() {
            let text = try String(contentsOf: page, encoding: .utf8)
            for match in text.matches(of: /\]\(([^)\s]+)\)/) {
                let target = String(match.1)
                if target.hasPrefix("http://") || target.hasPrefix("https://") || target.hasPrefix("mailto:") { continue }
                checked += 1
                let parts = target.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
                let file = parts[0].isEmpty ? page : page.deletingLastPathComponent().appendingPathComponent(parts[0]).standardizedFileURL
                guard FileManager.default.fileExists(atPath: file.path) else { broken.append("\(page.lastPathComponent): \(target)"); continue }
                if parts.count == 2, !Self.anchors(in: file).contains(parts[1]) { broken.append("\(page.lastPathComponent): \(target) (no such heading)") }
            }
        }
        #expect(checked > 20)
        #expect(broken.isEmpty, "\(broken)")
    }

    @Test("the README stays a front page: at most 200 lines, linking every page of docs/")
    func readmeIsShort() throws {
        let readme = try String(contentsOf: Self.root.appendingPathComponent("README.md"), encoding: .utf8)
        #expect(readme.split(separator: "\n", omittingEmptySubsequences: false).count <= 200)
        for page in Self.pages().dropFirst() { #expect(readme.contains("(docs/\(page.lastPathComponent))"), "\(page.lastPathComponent)") }
    }

    @Test("the command reference names every command and subcommand")
    func everyCommandDocumented() throws {
        let reference = try String(contentsOf: Self.root.appendingPathComponent("docs/commands.md"), encoding: .utf8)
        func names(_ command: any ParsableCommand.Type, prefix: String) -> [String] {
            command.configuration.subcommands.flatMap { sub -> [String] in
                // Named by hand: ArgumentParser names a command from its type through
                // `String(describing:)`, a conformance search that was 7% of a no-op's time.
                let name = sub.configuration.commandName ?? "(\(sub) has no commandName)"
                return [prefix + name] + names(sub, prefix: prefix + name + " ")
            }
        }
        let all = names(SignalPress.self, prefix: "")
        #expect(all.count > 20)
        for name in all {
            let words = name.split(separator: " ")
            // `keys generate|rotate|list` documents each of them on one line.
            let documented = reference.contains("signalpress \(name)")
                || (words.count == 2 && reference.split(separator: "\n").contains { line in
                    line.hasPrefix("signalpress \(words[0]) ") && line.split(separator: " ").dropFirst(2).first?.split(separator: "|").contains(words[1]) == true
                })
            #expect(documented, "\(name)")
        }
    }
}
