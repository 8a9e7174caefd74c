import Foundation
import Testing
import Core
@testable import Publishing

/// A night starts from the site the last build replaced and rewrites a changed page in place.
@Suite("Staging site")
struct StagingSiteTests {
    static func publish(_ output: URL, _ files: [String: String], reuse: Bool) throws {
        let site = try StagingSite(output: output, reuse: reuse)
        for (path, text) in files { site.write(path, Array(text.utf8)) }
        try site.publish()
    }

    static func inode(_ path: String) -> UInt {
        var info = stat()
        return stat(path, &info) == 0 ? UInt(info.st_ino) : 0
    }

    @Test("a site is walked in byte order, whatever the names, and a sealed day is counted as one folder")
    func walkedInByteOrder() throws {
        let root = Fixtures.temporaryDirectory("walk")
        let names = ["é.html", "Z.html", "a.html", "a-b.html", "ab.html", "a", "b.html"]
        for name in names { try Data(name.utf8).write(to: root.appendingPathComponent(name)) }
        for path in ["reports/2026-11-27/index.html", "reports/page/index.html", "members/pro/reports/2026-11-26/x.md", "bundles/pro/2026-11-25/pro.zip"] {
            let url = root.appendingPathComponent(path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(path.utf8).write(to: url)
        }
        var walked: [String] = []
        FileTree.forEachFile(under: root.path, descends: { !StagingSite.isSealedDay($0) }) { path, _ in walked.append(path) }
        let expected = names.sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }
        #expect(walked.filter { !$0.contains("/") } == expected)
        #expect(walked.filter { $0.contains("/") } == ["bundles/pro/2026-11-25", "members/pro/reports/2026-11-26", "reports/2026-11-27", "reports/page/index.html"])
        #expect(!StagingSite.isSealedDay("members/pro/symbols/2026-11-26") && !StagingSite.isSealedDay("x/reports/2026-11-27")
            && !StagingSite.isSealedDay("bundles/2026-11-27") && !StagingSite.isSealedDay("reports/2026-11-27/x"))
    }

    @Test("a page rewritten in place in a reused site holds exactly its new bytes, shorter or longer than before")
    func rewrittenInPlace() throws {
        let output = Fixtures.temporaryDirectory("staging").appendingPathComponent("site")
        let page = output.appendingPathComponent("symbols/AAAX/index.html").path
        let long = String(repeating: "old close 101.25\n", count: 400)
        try Self.publish(output, ["symbols/AAAX/index.html": long, "index.html": "one"], reuse: true)
        let first = Self.inode(page)
        try Self.publish(output, ["symbols/AAAX/index.html": "second night", "index.html": "two"], reuse: true)
        // The third night starts from the first night's site: its page has one link, so it is written over.
        let shorter = "third night, shorter than the first\n"
        try Self.publish(output, ["symbols/AAAX/index.html": shorter, "index.html": "three"], reuse: true)
        #expect(Self.inode(page) == first)
        #expect(try String(contentsOfFile: page, encoding: .utf8) == shorter)
        let longer = long + long
        try Self.publish(output, ["symbols/AAAX/index.html": longer, "index.html": "four"], reuse: true)
        #expect(try String(contentsOfFile: page, encoding: .utf8) == longer)
        #expect(try String(contentsOfFile: output.appendingPathComponent("index.html").path, encoding: .utf8) == "four")
    }

    @Test("a sealed bundle's files are linked in from the store, kept where the reused site has them, linked again where it does not")
    func sealedFilesLinkedIn() throws {
        let root = Fixtures.temporaryDirectory("link-in")
        let (output, store) = (root.appendingPathComponent("site"), root.appendingPathComponent("store/pro/2026-11-26"))
        try FileManager.default.createDirectory(at: store, withIntermediateDirectories: true)
        for name in ["pro.zip", "manifest.json", "manifest.sig"] { try Data(name.utf8).write(to: store.appendingPathComponent(name)) }
        let names = ["pro.zip", "manifest.json", "manifest.sig", "timestamp.tsr"]
        func night(_ change: (URL) -> Void = { _ in }) throws -> (missing: [String], files: Int, rewritten: Int) {
            let site = try StagingSite(output: output, reuse: true)
            change(site.directory)
            let missing = site.linkIn(names, of: store.path, at: "bundles/pro/2026-11-26")
            let counts = (site.files, site.rewritten)
            try site.publish()
            return (missing, counts.0, counts.1)
        }
        let folder = "bundles/pro/2026-11-26/"
        let first = try night()
        #expect(first.missing == ["timestamp.tsr"] && first.files == 4 && first.rewritten == 4, "the marker and three files, all new")
        for name in names.dropLast() {
            #expect(Self.inode(output.appendingPathComponent(folder + name).path) == Self.inode(store.appendingPathComponent(name).path))
        }
        _ = try night()
        // A night whose reused site has them: nothing linked again, nothing counted as rewritten.
        let kept = try night()
        #expect(kept.missing == ["timestamp.tsr"] && kept.files == 4 && kept.rewritten == 0, "\(kept)")
        // One replaced by another file in the reused site (by hand, say): it is the store's again.
        let replaced = try night { staging in
            let path = staging.appendingPathComponent(folder + "manifest.json").path
            unlink(path)
            FileManager.default.createFile(atPath: path, contents: Data("forged".utf8))
        }
        #expect(replaced.missing == ["timestamp.tsr"] && replaced.files == 4, "\(replaced)")
        #expect(try String(contentsOf: output.appendingPathComponent(folder + "manifest.json"), encoding: .utf8) == "manifest.json")
        #expect(Self.inode(output.appendingPathComponent(folder + "manifest.json").path) == Self.inode(store.appendingPathComponent("manifest.json").path))
        // A store folder that is gone: every name is missing, nothing is staged for it.
        let site = try StagingSite(output: output, reuse: true)
        #expect(site.linkIn(names, of: root.appendingPathComponent("store/pro/2026-11-27").path, at: "bundles/pro/2026-11-27") == names)
    }

    @Test("a file counts as unchanged only when every byte is the same, in any block of a large file")
    func sameBytes() throws {
        let folder = Fixtures.temporaryDirectory("same-bytes")
        let file = folder.appendingPathComponent("page.html").path
        let bytes = (0..<200_000).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ $0 / 7) }   // three blocks and a part
        FileManager.default.createFile(atPath: file, contents: Data(bytes))
        #expect(StagingSite.sameBytes(atPath: file, bytes))
        for index in [0, 65_535, 65_536, 150_001, 199_999] {
            var changed = bytes
            changed[index] ^= 1
            #expect(!StagingSite.sameBytes(atPath: file, changed), "byte \(index)")
        }
        #expect(!StagingSite.sameBytes(atPath: file, Array(bytes.dropLast())))
        #expect(!StagingSite.sameBytes(atPath: folder.appendingPathComponent("none").path, bytes))
        #expect(!StagingSite.sameBytes(atPath: folder.path, []))   // a folder is never a file's bytes
        FileManager.default.createFile(atPath: file, contents: Data())
        #expect(StagingSite.sameBytes(atPath: file, []))
    }

    @Test("the staged paths are told apart by folder and name, whatever names and folders they share")
    func writtenPaths() {
        var paths = WrittenPaths()
        let all = ["index.html", "symbols/AAAX/index.html", "symbols/AAAX/chart-narrow.svg", "symbols/AAAY/index.html",
                   "members/pro/symbols/AAAX/index.html", "reports/2026-11-27/index.html", "symbols/index.html"]
        let inserted = all.map { paths.insert($0) }
        let again = paths.insert("symbols/AAAX/index.html")
        #expect(inserted.allSatisfy { $0 } && !again)
        #expect(paths.count == all.count)
        for path in all { #expect(paths.contains(path)) }
        for path in ["symbols/AAAY/chart-narrow.svg", "symbols/AAAZ/index.html", "chart-narrow.svg", "members/pro/index.html", "symbols"] {
            #expect(!paths.contains(path))
        }
        #expect(Set(paths.folders) == ["", "symbols/AAAX", "symbols/AAAY", "members/pro/symbols/AAAX", "reports/2026-11-27", "symbols"])
    }
}
