@testable import Build
import Core
import Foundation
import Publishing
import Synchronization
import Testing
import Tiers

@Suite("Edition store")
struct EditionStoreTests {
    @Test("a kept feed entry reads back whole, with and without a note and its escaped forms; a damaged or older one is not read")
    func keptFeedEntries() throws {
        let escaped = EscapedFeedContent(root: "https://x.example/members/pro/", length: 12, atom: Array("&lt;p&gt;\n".utf8), json: Array("<p>\\n".utf8))
        for entry in [FeedEntryContent(content: "<p>é\n</p>\n", noteTitle: "Note \"1\"\nline", escaped: escaped),
                      FeedEntryContent(content: "", noteTitle: nil), FeedEntryContent(content: "{\"a\"}\n\n", noteTitle: nil, escaped: escaped)] {
            let url = Fixtures.temporaryDirectory("kept-entry").appendingPathComponent("2026-11-27.html")
            try ReportPageMemo.write(entry, to: url)
            let file = try Data(contentsOf: url)
            #expect(ReportPageMemo.entry(file) == entry)
            #expect(ReportPageMemo.entry(file.dropLast()) == nil)
            // Told from its first line, read when a feed carries it.
            let kept = try #require(ReportPageMemo.kept(url))
            #expect(kept.noteTitle == entry.noteTitle && kept.escapedRoot == entry.escaped?.root && kept.escapedLength == entry.escaped?.length)
            #expect(kept.read() == entry)
            try file.dropLast().write(to: url)
            #expect(ReportPageMemo.kept(url) == nil)
        }
        // As an earlier version kept it: the title's JSON, then the content.
        #expect(ReportPageMemo.entry(Data("null\n<p>old</p>".utf8)) == nil)
    }

    @Test("marks kept with their bundle's hash are the bytes JSONEncoder writes, sorted keys and all")
    func marksWithBundleHash() throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let call = EditionSnapshot.Call(symbol: "BRK.B", action: "BUY", score: 0.1 + 0.2, confidence: 0.75, close: 315.685, votes: [], previousClose: 310)
        var marks = try JSONDecoder().decode(EditionMarks.self, from: Data("{\"calls\":".utf8) + encoder.encode([call, call]) + Data("}".utf8))
        let staged = try encoder.encode(marks)
        marks.sha256 = String(repeating: "0123456789abcdef", count: 4)
        #expect(try EditionStore.marks(staged, withBundle: marks.sha256!) == encoder.encode(marks))
        #expect(throws: (any Error).self) { try EditionStore.marks(staged, withBundle: "not a hash") }
    }

    @Test("a bundle kept again for the same day is never missing to a reader beside the build, and leaves no scratch files")
    func keepingAgainNeverHidesTheBundle() throws {
        let site = Fixtures.temporaryDirectory("kept-site")
        let bundle = BundlePath(tier: TierID("pro"), date: Day(iso: "2026-11-27")!)
        for path in [bundle.archive, bundle.manifest, bundle.signature] {
            try FileManager.default.createDirectory(at: site.appendingPathComponent(path).deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(path.utf8).write(to: site.appendingPathComponent(path))
        }
        let store = EditionStore(root: Fixtures.temporaryDirectory("kept-editions"))
        try store.keep(bundle, from: site)
        let names = [bundle.archive, bundle.manifest, bundle.signature].map { ($0 as NSString).lastPathComponent }
        let kept = store.folder(bundle.tier).appendingPathComponent("bundles/\(bundle.date)")
        let done = Atomic(false)
        let missing = Mutex<Set<String>>([])
        let reader = Thread {
            while !done.load(ordering: .acquiring) {
                for name in names where !FileManager.default.fileExists(atPath: kept.appendingPathComponent(name).path) {
                    _ = missing.withLock { $0.insert(name) }
                }
            }
        }
        reader.start()
        for _ in 0..<300 {
            // A new build of the same day publishes new files (new inodes) and keeps them again.
            for path in [bundle.archive, bundle.manifest, bundle.signature] {
                let url = site.appendingPathComponent(path)
                try FileManager.default.removeItem(at: url)
                try Data(path.utf8).write(to: url)
            }
            try store.keep(bundle, from: site)
        }
        done.store(true, ordering: .releasing)
        while !reader.isFinished { usleep(1000) }
        #expect(missing.withLock { $0 }.isEmpty, "a reader found the kept bundle without \(missing.withLock { $0 }.sorted())")
        #expect(try FileManager.default.contentsOfDirectory(atPath: kept.path).sorted() == names.sorted())
        #expect(try Data(contentsOf: kept.appendingPathComponent(names[0])) == Data(bundle.archive.utf8))
    }
}
