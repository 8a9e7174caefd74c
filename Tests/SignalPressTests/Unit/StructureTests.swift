import Foundation
import Testing

/// The structure's rules (docs/CONTRIBUTING.md), checked on the sources themselves so that a
/// change cannot quietly undo them.
@Suite("Structure")
struct StructureTests {
    static let sources = SharedData.repositoryRoot.appendingPathComponent("Sources")

    /// Every Swift file under `Sources/<module>`, as (module, path relative to Sources, text).
    static func files() -> [(module: String, path: String, text: String)] {
        let enumerator = FileManager.default.enumerator(atPath: sources.path)
        var files: [(String, String, String)] = []
        while let path = enumerator?.nextObject() as? String {
            guard path.hasSuffix(".swift"), let text = try? String(contentsOf: sources.appendingPathComponent(path), encoding: .utf8) else { continue }
            files.append((String(path.split(separator: "/")[0]), path, text))
        }
        return files.sorted { $0.1 < $1.1 }
    }

    static func imports(_ text: String) -> Set<String> {
        Set(text.matches(of: /(?m)^(?:@testable )?import (\w+)/).map { String($0.1) })
    }

    @Test("the command line imports only Build, Tiers, Ledger, Delivery and Core (and the argument parser, logging and Foundation)")
    func commandLineImports() {
        let allowed: Set = ["Build", "Tiers", "Ledger", "Delivery", "Core", "ArgumentParser", "Logging", "Foundation", "Glibc"]
        let files = Self.files().filter { $0.module == "signalpress" }
        #expect(!files.isEmpty)
        for file in files { #expect(Self.imports(file.text).subtracting(allowed).isEmpty, "\(file.path): \(Self.imports(file.text).subtracting(allowed))") }
    }

    @Test("no file outside the command line imports Publishing and Build together, and Tiers never imports Publishing")
    func moduleBoundaries() {
        for file in Self.files() where file.module != "signalpress" {
            let imports = Self.imports(file.text)
            #expect(!(imports.contains("Publishing") && imports.contains("Build")), "\(file.path)")
            if file.module == "Tiers" { #expect(!imports.contains("Publishing"), "\(file.path)") }
        }
    }

    @Test("shared state is in a Mutex or an Atomic: no NSLock, and at most two @unchecked Sendable, each with its reason")
    func checkedConcurrency() {
        var unchecked: [String] = []
        for file in Self.files() {
            #expect(!file.text.contains("NSLock"), "\(file.path)")
            let lines = file.text.split(separator: "\n", omittingEmptySubsequences: false)
            for (index, line) in lines.enumerated() where line.contains("@unchecked Sendable") && !line.trimmingCharacters(in: .whitespaces).hasPrefix("//") {
                unchecked.append(file.path)
                #expect(index > 0 && lines[index - 1].contains("///"), "\(file.path):\(index + 1) says why it is unchecked")
            }
        }
        #expect(unchecked.count <= 2, "\(unchecked)")
    }

    @Test("the build has no implicitly unwrapped optionals")
    func noImplicitlyUnwrapped() {
        for file in Self.files() where file.module == "Build" {
            #expect(file.text.matches(of: /(?m)^\s*(?:public |private |fileprivate )?(?:var|let) \w+: [\w.<>\[\]: ]+!\s*(?:=|$)/).isEmpty, "\(file.path)")
        }
    }

    @Test("no function, initialiser or build step in Sources is longer than 60 lines (generated files aside)")
    func shortFunctions() {
        let declaration = /^\s*(?:@\w+\s+)*(?:(?:public|private|fileprivate|internal|static|override|mutating|nonisolated|final|lazy)\s+)*(?:func |init[(<?]|(?:let|var) \w+[^=]*=\s*[\w.]*\(?.*\{)/
        var long: [String] = []
        for file in Self.files() where !file.text.contains("do not edit by hand") {
            let lines = file.text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            for start in lines.indices where lines[start].firstMatch(of: declaration) != nil {
                if let length = Self.blockLength(lines, from: start), length > 60 { long.append("\(file.path):\(start + 1) (\(length) lines)") }
            }
        }
        #expect(long.isEmpty, "\(long)")
    }

    /// Lines from `start` to the brace that closes the first one opened, string literals skipped;
    /// nil when no brace opens within a few lines (a declaration without a body).
    static func blockLength(_ lines: [String], from start: Int) -> Int? {
        var depth = 0, opened = false, inMultiline = false
        for index in start..<lines.count {
            let line = lines[index]
            if line.components(separatedBy: "\"\"\"").count % 2 == 0 { inMultiline.toggle(); continue }
            if inMultiline { continue }
            let code = line.replacing(/"(?:\\.|[^"\\])*"/, with: "\"\"").replacing(/\/\/.*/, with: "")
            for character in code {
                if character == "{" { depth += 1; opened = true } else if character == "}" { depth -= 1 }
            }
            if opened && depth <= 0 { return index - start + 1 }
            if !opened && index - start > 8 { return nil }
        }
        return nil
    }
}
