import Build
import Foundation
import Ledger
import Publishing
@testable import signalpress
import Testing
import Tiers

/// `backup` and `restore`: the ledger and the keys, which no build can make again.
@Suite("Backup and restore")
struct BackupTests {
    /// A copy of `root`'s content only: a new machine with the project checked out and nothing else.
    func freshCheckout(of root: URL) throws -> URL {
        let copy = Fixtures.temporaryDirectory("checkout")
        try FileManager.default.copyItem(at: root.appendingPathComponent("content"), to: copy.appendingPathComponent("content"))
        return copy
    }

    @Test("a backup taken while builds run restores into a new checkout: same ledger, same signing key, and the site builds")
    func backupDuringBuildsThenRestore() throws {
        let root = Fixtures.project()
        let project = ["--project", root.path]
        #expect(try Binary.capture(["subscribers", "add", "--id", "alice", "--email", "alice@example.com", "--tier", "pro"] + project).status == 0)
        #expect(try Binary.capture(["build", "--quiet"] + project).status == 0)
        let key = try #require(try KeyStore(directory: StateDirectory(project: root).keys).current()).id
        // Builds keep writing to the ledger while the backup is taken.
        let builds = try (0..<3).map { day in
            try Binary.start(["build", "--quiet", "--as-of", "2026-11-2\(4 + day)", "--output", root.appendingPathComponent("site-\(day)").path] + project)
        }
        let folder = Fixtures.temporaryDirectory("backup").appendingPathComponent("signals")
        let backup = try Binary.capture(["backup", folder.path, "--include-keys"] + project)
        for build in builds { build.waitUntilExit() }
        #expect(backup.status == 0 && backup.output.contains("private keys included"), "\(backup.output)")
        let manifest = try StateBackup.verify(folder)
        #expect(manifest.files.map(\.path).contains("ledger.sqlite") && manifest.files.contains { $0.path.hasSuffix(".key") })
        var mode = stat()
        for file in manifest.files {
            stat(folder.appendingPathComponent(file.path).path, &mode)
            #expect(mode.st_mode & 0o077 == 0, "\(file.path) is readable by others")
        }
        // Opened from a copy: opening a ledger puts it back into write-ahead logging, beside the backup's files.
        let scratch = Fixtures.temporaryDirectory("copied").appendingPathComponent("ledger.sqlite")
        try FileManager.default.copyItem(at: folder.appendingPathComponent("ledger.sqlite"), to: scratch)
        let copied = try LedgerStore(path: scratch.path, clock: Fixtures.clock)
        #expect(try copied.integrityCheck() == "ok")
        #expect(try copied.subscriber("alice") != nil)

        let checkout = try freshCheckout(of: root)
        let restored = try Binary.capture(["restore", folder.path, "--project", checkout.path])
        #expect(restored.status == 0, "\(restored.output)")
        #expect(try KeyStore(directory: StateDirectory(project: checkout).keys).current()?.id == key)
        #expect(try Binary.capture(["build", "--quiet", "--project", checkout.path]).status == 0)
        #expect(FileManager.default.fileExists(atPath: checkout.appendingPathComponent("site/keys/\(key).pub").path))
        let ledger = try LedgerStore(path: StateDirectory(project: checkout).ledger.path, clock: Fixtures.clock)
        #expect(try ledger.subscriber("alice")?.tier == "pro")
        // A second restore would overwrite what is there now: refused.
        let again = try Binary.capture(["restore", folder.path, "--project", checkout.path])
        #expect(again.status == 1 && again.output.contains("already holds a ledger, keys or editions"), "\(again.output)")

        // The published archive comes back too: a backup taken while the nightly build runs, restored into an
        // empty folder with the same content/ and rebuilt, gives the site that build published, byte for byte.
        let nightly = try Binary.start(["build", "--quiet"] + project)
        let full = Fixtures.temporaryDirectory("backup").appendingPathComponent("full")
        let during = try Binary.capture(["backup", full.path, "--include-keys"] + project)
        nightly.waitUntilExit()
        #expect(during.status == 0 && nightly.terminationStatus == 0, "\(during.output)")
        #expect(try StateBackup.verify(full).files.contains { $0.path.hasPrefix("editions/pro/bundles/2026-11-27/") })
        let second = try freshCheckout(of: root)
        #expect(try Binary.capture(["restore", full.path, "--project", second.path]).status == 0)
        #expect(try Binary.capture(["build", "--quiet", "--project", second.path]).status == 0)
        #expect(Fixtures.tree(second.appendingPathComponent("site")) == Fixtures.tree(root.appendingPathComponent("site")))
    }

    @Test("without --include-keys the private keys stay home; after a restore the old public key is still published beside a new one")
    func publicKeysOnly() throws {
        let root = Fixtures.project()
        #expect(SignalPress.run(["build", "--quiet", "--project", root.path]) == 0)
        let old = try #require(try KeyStore(directory: StateDirectory(project: root).keys).current()).id
        let folder = Fixtures.temporaryDirectory("backup").appendingPathComponent("public")
        #expect(try Binary.capture(["backup", folder.path, "--project", root.path]).status == 0)
        #expect(try StateBackup.verify(folder).files.allSatisfy { !$0.path.hasSuffix(".key") })
        let checkout = try freshCheckout(of: root)
        #expect(try Binary.capture(["restore", folder.path, "--project", checkout.path]).output.contains("makes a new signing key"))
        #expect(SignalPress.run(["build", "--quiet", "--project", checkout.path]) == 0)
        let keys = try FileManager.default.contentsOfDirectory(atPath: checkout.appendingPathComponent("site/keys").path)
        let new = try #require(try KeyStore(directory: StateDirectory(project: checkout).keys).current()).id
        #expect(new != old && keys.contains("\(old).pub") && keys.contains("\(new).pub"), "\(keys)")
    }

    @Test("restore checks the backup first: a changed, missing or extra file, or no manifest, restores nothing")
    func tamperedBackups() throws {
        let root = Fixtures.project()
        #expect(SignalPress.run(["build", "--quiet", "--project", root.path]) == 0)
        let folder = Fixtures.temporaryDirectory("backup").appendingPathComponent("b")
        try StateBackup.write(project: root, to: folder, includePrivateKeys: true, clock: Fixtures.clock)
        let key = try #require(StateBackup.verify(folder).files.first { $0.path.hasSuffix(".key") }).path
        func attempt(_ change: (URL) throws -> Void) throws -> String {
            let copy = Fixtures.temporaryDirectory("tampered").appendingPathComponent("b")
            try FileManager.default.copyItem(at: folder, to: copy)
            try change(copy)
            let checkout = try freshCheckout(of: root)
            let result = try Binary.capture(["restore", copy.path, "--project", checkout.path])
            #expect(result.status == 1)
            #expect(!FileManager.default.fileExists(atPath: StateDirectory(project: checkout).ledger.path), "nothing restored")
            return result.output
        }
        #expect(try attempt { try Data("x".utf8).write(to: $0.appendingPathComponent(key)) }.contains("size or SHA-256 differs"))
        #expect(try attempt { try FileManager.default.removeItem(at: $0.appendingPathComponent("ledger.sqlite")) }.contains("missing from the backup"))
        #expect(try attempt { try Data("x".utf8).write(to: $0.appendingPathComponent("keys/extra.key")) }.contains("not in its manifest"))
        #expect(try attempt { try FileManager.default.removeItem(at: $0.appendingPathComponent("MANIFEST.json")) }.contains("did not finish"))
        let busy = try Binary.capture(["backup", folder.path, "--project", root.path])
        #expect(busy.status == 1 && busy.output.contains("is not empty"))
    }
}
