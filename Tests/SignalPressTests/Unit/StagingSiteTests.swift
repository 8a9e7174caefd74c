import Foundation
import Testing
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
