@testable import Build
import Core
import Foundation
import Synchronization
import Testing
import Tiers

@Suite("Edition store")
struct EditionStoreTests {
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
