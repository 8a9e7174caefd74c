import Core
import Build
import Crypto
import Foundation
import GRDB
import Ledger
import Project
import Publishing
import Testing
import Tiers
@testable import signalpress

/// `backup` and `restore`: the ledger and the keys, which no build can make again.
@Suite("Backup and restore")
struct BackupTests {
    /// A built project and a backup of it with its private keys.
    func builtAndBackedUp() throws -> (root: URL, folder: URL) {
        let root = Fixtures.project()
        #expect(SignalPress.run(["build", "--quiet", "--project", root.path]) == 0)
        let folder = Fixtures.temporaryDirectory("backup").appendingPathComponent("b")
        try StateBackup.write(project: root, to: folder, includePrivateKeys: true, clock: Fixtures.clock)
        return (root, folder)
    }

    /// The keys `root`'s site publishes, which a restore trusts.
    func trusted(_ root: URL) -> [Curve25519.Signing.PublicKey] { StateBackup.publishedKeys(in: root.appendingPathComponent("site/keys")) }
    func publicKey(_ root: URL) -> String { root.appendingPathComponent("site/keys/signing.pub").path }

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
        for build in builds { build.reap() }
        #expect(backup.status == 0 && backup.output.contains("private keys included"), "\(backup.output)")
        let manifest = try StateBackup.verify(folder, trusting: trusted(root))
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
        let restored = try Binary.capture(["restore", folder.path, "--project", checkout.path, "--public-key", publicKey(root)])
        #expect(restored.status == 0, "\(restored.output)")
        #expect(try KeyStore(directory: StateDirectory(project: checkout).keys).current()?.id == key)
        #expect(try Binary.capture(["build", "--quiet", "--project", checkout.path]).status == 0)
        #expect(FileManager.default.fileExists(atPath: checkout.appendingPathComponent("site/keys/\(key).pub").path))
        let ledger = try LedgerStore(path: StateDirectory(project: checkout).ledger.path, clock: Fixtures.clock)
        #expect(try ledger.subscriber("alice")?.tier == "pro")
        // A second restore would overwrite what is there now: refused.
        let again = try Binary.capture(["restore", folder.path, "--project", checkout.path, "--public-key", publicKey(root)])
        #expect(again.status == 1 && again.output.contains("already holds a ledger, keys or editions"), "\(again.output)")

        // The published archive comes back too: a backup taken while the nightly build runs, restored into an
        // empty folder with the same content/ and rebuilt, gives the site that build published, byte for byte.
        let nightly = try Binary.start(["build", "--quiet"] + project)
        let full = Fixtures.temporaryDirectory("backup").appendingPathComponent("full")
        let during = try Binary.capture(["backup", full.path, "--include-keys"] + project)
        let ended = nightly.reap()
        #expect(during.status == 0 && ended.status == 0, "\(during.output)")
        #expect(try StateBackup.verify(full, trusting: trusted(root)).files.contains { $0.path.hasPrefix("editions/pro/bundles/2026-11-27/") })
        let second = try freshCheckout(of: root)
        #expect(try Binary.capture(["restore", full.path, "--project", second.path, "--public-key", publicKey(root)]).status == 0)
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
        #expect(try StateBackup.verify(folder, trusting: trusted(root)).files.allSatisfy { !$0.path.hasSuffix(".key") })
        let checkout = try freshCheckout(of: root)
        #expect(try Binary.capture(["restore", folder.path, "--project", checkout.path, "--public-key", publicKey(root)]).output.contains("makes a new signing key"))
        #expect(SignalPress.run(["build", "--quiet", "--project", checkout.path]) == 0)
        let keys = try FileManager.default.contentsOfDirectory(atPath: checkout.appendingPathComponent("site/keys").path)
        let new = try #require(try KeyStore(directory: StateDirectory(project: checkout).keys).current()).id
        #expect(new != old && keys.contains("\(old).pub") && keys.contains("\(new).pub"), "\(keys)")
    }

    @Test("restore checks the backup first: a changed, missing or extra file, or no manifest, restores nothing")
    func tamperedBackups() throws {
        let (root, folder) = try builtAndBackedUp()
        let key = try #require(StateBackup.verify(folder, trusting: trusted(root)).files.first { $0.path.hasSuffix(".key") }).path
        func attempt(_ change: (URL) throws -> Void) throws -> String {
            let copy = Fixtures.temporaryDirectory("tampered").appendingPathComponent("b")
            try FileManager.default.copyItem(at: folder, to: copy)
            try change(copy)
            let checkout = try freshCheckout(of: root)
            let result = try Binary.capture(["restore", copy.path, "--project", checkout.path, "--public-key", publicKey(root)])
            #expect(result.status == 1)
            #expect(!FileManager.default.fileExists(atPath: StateDirectory(project: checkout).ledger.path), "nothing restored")
            return result.output
        }
        #expect(try attempt { try Data("x".utf8).write(to: $0.appendingPathComponent(key)) }.contains("size or SHA-256 differs"))
        #expect(try attempt { try FileManager.default.removeItem(at: $0.appendingPathComponent("ledger.sqlite")) }.contains("missing from the backup"))
        #expect(try attempt { try Data("x".utf8).write(to: $0.appendingPathComponent("keys/extra.key")) }.contains("not in its manifest"))
        #expect(try attempt { try FileManager.default.removeItem(at: $0.appendingPathComponent("MANIFEST.json")) }.contains("did not finish"))
        // A forger who changes a file and writes the manifest again cannot sign it.
        #expect(try attempt { copy in
            try Data("x".utf8).write(to: copy.appendingPathComponent(key))
            let manifest = copy.appendingPathComponent("MANIFEST.json")
            var text = try String(contentsOf: manifest, encoding: .utf8)
            let entry = try #require(try StateBackup.verify(folder, trusting: trusted(root)).files.first { $0.path == key })
            text = text.replacingOccurrences(of: entry.sha256, with: Hex.sha256(Array("x".utf8)))
                .replacingOccurrences(of: "\"bytes\" : \(entry.bytes)", with: "\"bytes\" : 1")
            try Data(text.utf8).write(to: manifest)
        }.contains("MANIFEST.sig does not match MANIFEST.json"))
        #expect(try attempt { try FileManager.default.removeItem(at: $0.appendingPathComponent("MANIFEST.sig")) }.contains("an unsigned backup"))
        let busy = try Binary.capture(["backup", folder.path, "--project", root.path])
        #expect(busy.status == 1 && busy.output.contains("is not empty"))
    }

    @Test("a restore trusts only the key it is given; a ledger from a newer version and a restore that fails halfway leave nothing behind")
    func restoreRefusals() throws {
        let (root, folder) = try builtAndBackedUp()
        // Another project's key, and no key at all, are refused.
        let stranger = Fixtures.project()
        #expect(SignalPress.run(["build", "--quiet", "--project", stranger.path]) == 0)
        let checkout = try freshCheckout(of: root)
        let wrongKey = try Binary.capture(["restore", folder.path, "--project", checkout.path, "--public-key", publicKey(stranger)])
        #expect(wrongKey.status == 1 && wrongKey.output.contains("another key signed it"), "\(wrongKey.output)")
        let noKey = try Binary.capture(["restore", folder.path, "--project", checkout.path])
        #expect(noKey.status == 1 && noKey.output.contains("--public-key FILE"), "\(noKey.output)")

        // A ledger a newer version migrated: refused at restore, and when opened in place.
        let newer = Fixtures.temporaryDirectory("newer").appendingPathComponent("b")
        try FileManager.default.copyItem(at: folder, to: newer)
        let copy = newer.appendingPathComponent("ledger.sqlite")
        try DatabaseQueue(path: copy.path).write { try $0.execute(sql: "INSERT INTO grdb_migrations VALUES ('v9: from the future')") }
        try FileManager.default.removeItem(at: newer.appendingPathComponent("MANIFEST.json"))
        try FileManager.default.removeItem(at: newer.appendingPathComponent("MANIFEST.sig"))
        var manifest = try StateBackup.verify(folder, trusting: trusted(root))
        let bytes = [UInt8](try Data(contentsOf: copy))
        manifest.files = manifest.files.map { $0.path == "ledger.sqlite" ? .init(path: $0.path, bytes: bytes.count, sha256: Hex.sha256(bytes)) : $0 }
        try resign(manifest, in: newer, with: root)
        let refused = try Binary.capture(["restore", newer.path, "--project", checkout.path, "--public-key", publicKey(root)])
        #expect(refused.status == 1 && refused.output.contains("newer SignalPress") && refused.output.contains("v9: from the future"), "\(refused.output)")
        #expect(throws: LedgerError.self) { try LedgerStore(path: copy.path, clock: Fixtures.clock) }
        #expect(((try? FileManager.default.contentsOfDirectory(atPath: StateDirectory(project: checkout).url.path)) ?? []).allSatisfy { !$0.hasPrefix(".restore") })

        // A file name too long for the file system fails the restore before anything is in place; a good backup restores after it.
        let long = Fixtures.temporaryDirectory("long").appendingPathComponent("b")
        try FileManager.default.copyItem(at: folder, to: long)
        let name = "editions/" + String(repeating: "n", count: 250) + ".json"
        manifest = try StateBackup.verify(folder, trusting: trusted(root))
        manifest.files.append(.init(path: name, bytes: 2, sha256: Hex.sha256(Array("{}".utf8))))
        try FileManager.default.createDirectory(at: long.appendingPathComponent("editions"), withIntermediateDirectories: true)
        try Data("{}".utf8).write(to: long.appendingPathComponent(name))
        try resign(manifest, in: long, with: root)
        let failed = try Binary.capture(["restore", long.path, "--project", checkout.path, "--public-key", publicKey(root)])
        #expect(failed.status == 1 && failed.output.contains("nothing was restored"), "\(failed.output)")
        #expect(!FileManager.default.fileExists(atPath: StateDirectory(project: checkout).ledger.path))
        let good = try Binary.capture(["restore", folder.path, "--project", checkout.path, "--public-key", publicKey(root)])
        #expect(good.status == 0, "\(good.output)")

        // And a backup is never written where the site is published from.
        let inSite = try Binary.capture(["backup", root.appendingPathComponent("site/backup").path, "--project", root.path])
        #expect(inSite.status == 1 && inSite.output.contains("inside the output directory"), "\(inSite.output)")
    }

    /// Writes `manifest` and its signature with `root`'s key, as a backup would.
    func resign(_ manifest: StateBackup.Manifest, in folder: URL, with root: URL) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        let bytes = [UInt8](try encoder.encode(manifest)) + [10]
        let key = try #require(try KeyStore(directory: StateDirectory(project: root).keys).current())
        try Data(bytes).write(to: folder.appendingPathComponent("MANIFEST.json"))
        try Data(try key.sign(bytes)).write(to: folder.appendingPathComponent("MANIFEST.sig"))
    }
}
