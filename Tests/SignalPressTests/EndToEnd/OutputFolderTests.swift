import Build
import Foundation
import MarketData
@testable import signalpress
import Testing

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
        #expect(throws: BuildError.self) { try Build(options: .init(root: root, output: notes)).run() }
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
        _ = try Build(options: .init(root: root, output: site)).run()
        #expect(FileManager.default.fileExists(atPath: site.appendingPathComponent(".signalpress-site").path))
        #expect(try String(contentsOf: site.appendingPathComponent("README.md"), encoding: .utf8) == "kept")
        _ = try Build(options: .init(root: root, output: site, asOf: Day(iso: "2026-11-26"))).run()
        let empty = root.appendingPathComponent("empty")
        try FileManager.default.createDirectory(at: empty, withIntermediateDirectories: true)
        _ = try Build(options: .init(root: root, output: empty)).run()
        #expect(FileManager.default.fileExists(atPath: empty.appendingPathComponent("index.html").path))
    }

    @Test("the staging folder of a killed build is removed by the next build; a running build's is left alone")
    func abandonedStaging() throws {
        let root = Fixtures.project()
        let abandoned = root.appendingPathComponent(".site.staging-999999999")
        let running = root.appendingPathComponent(".site.staging-\(getppid())")
        for folder in [abandoned, running] { Fixtures.write("half", to: folder.appendingPathComponent("index.html")) }
        _ = try Build(options: .init(root: root, output: root.appendingPathComponent("site"))).run()
        #expect(!FileManager.default.fileExists(atPath: abandoned.path))
        #expect(FileManager.default.fileExists(atPath: running.path))
    }
}
