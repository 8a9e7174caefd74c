import Build
import Core
import Foundation
import MarketData
import Testing
@testable import signalpress

/// A build replaces only a folder it made (or an empty one), and cleans up after killed builds.
@Suite("Output folder")
struct OutputFolderTests {
    @Test("--output pointing at content/, another folder or a file is refused with exit 1 and nothing touched")
    func refusesWhatItDidNotMake() throws {
        let root = Fixtures.project()
        let content = root.appendingPathComponent("content")
        let before = Fixtures.tree(content)
        #expect(SignalPress.run(["build", "--project", root.path, "--output", content.path, "--quiet"]) == 1)
        #expect(Fixtures.tree(content) == before)

        let notes = root.appendingPathComponent("my-notes")
        Fixtures.write("keep me", to: notes.appendingPathComponent("todo.txt"))
        #expect(throws: BuildError.self) { try Build(options: BuildOptions(root: root, output: notes, clock: Fixtures.clock)).run() }
        #expect(try String(contentsOf: notes.appendingPathComponent("todo.txt"), encoding: .utf8) == "keep me")

        let file = root.appendingPathComponent("report.txt")
        Fixtures.write("a file", to: file)
        #expect(SignalPress.run(["build", "--project", root.path, "--output", file.path, "--quiet"]) == 1)
        #expect(try String(contentsOf: file, encoding: .utf8) == "a file")
    }

    @Test("a new folder, an empty one, one holding only README.md, and the site of an earlier build are replaced")
    func replacesItsOwn() throws {
        let root = Fixtures.project()
        let site = root.appendingPathComponent("site")
        Fixtures.write("kept", to: site.appendingPathComponent("README.md"))
        _ = try Build(options: BuildOptions(root: root, output: site, clock: Fixtures.clock)).run()
        #expect(FileManager.default.fileExists(atPath: site.appendingPathComponent(".signalpress-site").path))
        #expect(try String(contentsOf: site.appendingPathComponent("README.md"), encoding: .utf8) == "kept")
        _ = try Build(options: BuildOptions(root: root, output: site, clock: Fixtures.clock, asOf: Day(iso: "2026-11-26"))).run()
        let empty = root.appendingPathComponent("empty")
        try FileManager.default.createDirectory(at: empty, withIntermediateDirectories: true)
        _ = try Build(options: BuildOptions(root: root, output: empty, clock: Fixtures.clock)).run()
        #expect(FileManager.default.fileExists(atPath: empty.appendingPathComponent("index.html").path))
    }

    @Test("symbolic links in content/ that lead outside the project are refused; links inside it are followed")
    func symlinksStayInside() throws {
        let root = Fixtures.project()
        let outside = Fixtures.temporaryDirectory("elsewhere")
        Fixtures.write("---\ntitle: Secret\n---\nnot yours\n", to: outside.appendingPathComponent("secret.md"))
        try FileManager.default.createSymbolicLink(at: root.appendingPathComponent("content/pages/secret.md"),
                                                   withDestinationURL: outside.appendingPathComponent("secret.md"))
        do {
            _ = try Build(options: BuildOptions(root: root, output: root.appendingPathComponent("site"), clock: Fixtures.clock)).run()
            Issue.record("a page linked from outside the project was read")
        } catch { #expect("\(error)".contains("outside the project"), "\(error)") }
        try FileManager.default.removeItem(at: root.appendingPathComponent("content/pages/secret.md"))
        let data = root.appendingPathComponent("content/data")
        let first = try #require(try FileManager.default.contentsOfDirectory(atPath: data.path).sorted().first)
        try FileManager.default.moveItem(at: data.appendingPathComponent(first), to: outside.appendingPathComponent(first))
        try FileManager.default.createSymbolicLink(at: data.appendingPathComponent(first), withDestinationURL: outside.appendingPathComponent(first))
        do {
            _ = try Build(options: BuildOptions(root: root, output: root.appendingPathComponent("site"), clock: Fixtures.clock)).run()
            Issue.record("market data linked from outside the project was read")
        } catch { #expect("\(error)".contains("outside the project"), "\(error)") }
        try FileManager.default.removeItem(at: data.appendingPathComponent(first))
        try FileManager.default.moveItem(at: outside.appendingPathComponent(first), to: root.appendingPathComponent(first))
        try FileManager.default.createSymbolicLink(at: data.appendingPathComponent(first), withDestinationURL: root.appendingPathComponent(first))
        _ = try Build(options: BuildOptions(root: root, output: root.appendingPathComponent("site"), clock: Fixtures.clock)).run()
    }

    @Test("the staging folder of a killed build is removed by the next build; a running build's is left alone")
    func abandonedStaging() throws {
        let root = Fixtures.project()
        let abandoned = root.appendingPathComponent(".site.staging-999999999")
        let running = root.appendingPathComponent(".site.staging-\(getppid())")
        for folder in [abandoned, running] { Fixtures.write("half", to: folder.appendingPathComponent("index.html")) }
        _ = try Build(options: BuildOptions(root: root, output: root.appendingPathComponent("site"), clock: Fixtures.clock)).run()
        #expect(!FileManager.default.fileExists(atPath: abandoned.path))
        #expect(FileManager.default.fileExists(atPath: running.path))
    }
}
