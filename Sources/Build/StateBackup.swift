import Core
import Crypto
import Foundation
import Ledger
import MarketData
import Project
import Publishing
import Tiers

/// What `.signalpress/` holds that no build can make again, copied out and back: the ledger
/// (by SQLite's online backup, so a build or an ingest may run meanwhile), the published
/// editions and their bundles, every signing key's public half, and the private halves only
/// when asked (written 0600 in a 0700 folder). A
/// `MANIFEST.json` with each file's size and SHA-256 is written last, signed with the project's
/// signing key (`MANIFEST.sig`, Ed25519): a backup without them is unfinished, and `restore`
/// checks the signature against a public key the user trusts, then every file, then restores
/// into a staging folder and moves it into place, so a forged or broken backup restores nothing.
public enum StateBackup {
    public struct Manifest: Codable, Equatable, Sendable {
        public typealias File = PublishedFile
        public var format = 2
        public var created: String
        public var includesPrivateKeys: Bool
        /// The id of the key whose signature `MANIFEST.sig` holds.
        public var signingKey: String
        public var files: [File]
    }

    static let manifestName = "MANIFEST.json"
    static let signatureName = "MANIFEST.sig"
    static let ledgerName = "ledger.sqlite"

    /// Writes the backup into `folder`, which must be missing or empty.
    @discardableResult
    public static func write(project root: URL, ledger: URL? = nil, to folder: URL, includePrivateKeys: Bool, clock: Clock) throws(BuildError) -> Manifest {
        let state = StateDirectory(project: root)
        let ledgerURL = ledger ?? state.ledger
        if let existing = try? FileManager.default.contentsOfDirectory(atPath: folder.path), !existing.isEmpty {
            throw .backup(.folderNotEmpty(folder.path))
        }
        let current: SigningKey?
        do throws(TiersError) { current = try KeyStore(directory: state.keys).current() } catch { throw .tiers(error) }
        guard let signer = current else {
            throw .backup(.noSigningKey(keys: state.keys.path))
        }
        var files: [Manifest.File] = []
        do {
            try SecretFile.privateFolder(folder)
            if FileManager.default.fileExists(atPath: ledgerURL.path) {
                let copy = folder.appendingPathComponent(ledgerName)
                try LedgerStore(path: ledgerURL.path, clock: clock).backup(to: copy.path)
                chmod(copy.path, 0o600)
                files.append(try entry(ledgerName, in: folder))
            }
            let keys = KeyStore(directory: state.keys)
            for key in try keys.publishedKeys() {
                try place(Array(key.file.utf8), at: folder.appendingPathComponent("keys/\(key.id).pub"))
                files.append(try entry("keys/\(key.id).pub", in: folder))
            }
            // Editions are written whole and renamed into place, so each file read is a complete one.
            let editions = state.editions.standardizedFileURL
            let found = FileManager.default.fileExists(atPath: editions.path) ? (FileManager.default.enumerator(atPath: editions.path)?.allObjects ?? []) : []
            for case let relative as String in found.sorted(by: { "\($0)" < "\($1)" }) {
                var info = stat()
                guard !relative.split(separator: "/").contains(where: { $0.hasPrefix(".") }),
                      lstat(editions.appendingPathComponent(relative).path, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG,
                      let bytes = FileManager.default.contents(atPath: editions.appendingPathComponent(relative).path) else { continue }
                try place([UInt8](bytes), at: folder.appendingPathComponent("editions/" + relative))
                files.append(try entry("editions/" + relative, in: folder))
            }
            if includePrivateKeys {
                let names = ((try? FileManager.default.contentsOfDirectory(atPath: state.keys.path)) ?? []).filter { $0.hasSuffix(".key") || $0 == "current" }
                for name in names.sorted() {
                    guard let bytes = FileManager.default.contents(atPath: state.keys.appendingPathComponent(name).path) else { throw BuildError.file(.cannotRead(path: state.keys.appendingPathComponent(name).path)) }
                    try place([UInt8](bytes), at: folder.appendingPathComponent("keys/\(name)"))
                    files.append(try entry("keys/\(name)", in: folder))
                }
            }
            let manifest = Manifest(created: UTCTime.format(unix: Int(clock.now.timeIntervalSince1970)), includesPrivateKeys: includePrivateKeys,
                                    signingKey: signer.id, files: files)
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            let bytes = [UInt8](try encoder.encode(manifest)) + [10]
            try SecretFile.write(try signer.sign(bytes), to: folder.appendingPathComponent(signatureName))
            try SecretFile.write(bytes, to: folder.appendingPathComponent(manifestName))
            return manifest
        } catch let failure as BuildError {
            throw failure
        } catch {
            throw .backup(.notWritten(folder: folder.path, reason: "\(error)"))
        }
    }

    /// Restores `folder` into the project's state after checking its signature against `trusted`
    /// and every file against the manifest. Refuses to overwrite a ledger or keys the project
    /// already has. Everything is written into a staging folder first and moved into place once
    /// it all was: a restore that fails (a disk full, a name too long) leaves nothing behind.
    @discardableResult
    public static func restore(from folder: URL, project root: URL, ledger: URL? = nil,
                               trusting trusted: [Curve25519.Signing.PublicKey]) throws(BuildError) -> Manifest {
        let state = StateDirectory(project: root)
        let ledgerURL = ledger ?? state.ledger
        let manifest = try verify(folder, trusting: trusted)
        let existingKeys = ((try? FileManager.default.contentsOfDirectory(atPath: state.keys.path)) ?? []).filter { $0.hasSuffix(".key") || $0.hasSuffix(".pub") }
        let existingEditions = (try? FileManager.default.contentsOfDirectory(atPath: state.editions.path)) ?? []
        if FileManager.default.fileExists(atPath: ledgerURL.path) || !existingKeys.isEmpty || !existingEditions.isEmpty {
            throw .backup(.stateNotEmpty(state.url.path))
        }
        let staging = state.url.appendingPathComponent(".restore-\(getpid())")
        defer { try? FileManager.default.removeItem(at: staging) }
        var moved: [(from: URL, to: URL)] = []
        do {
            try? FileManager.default.removeItem(at: staging)
            try SecretFile.privateFolder(staging)
            for file in manifest.files {
                try place([UInt8](try Data(contentsOf: folder.appendingPathComponent(file.path))), at: staging.appendingPathComponent(file.path))
            }
            if manifest.files.contains(where: { $0.path == ledgerName }) {
                do { try LedgerStore.checkCopy(at: staging.appendingPathComponent(ledgerName).path) } catch {
                    throw BuildError.backup(.unusableLedger(LedgerError(error)))
                }
            }
            for file in manifest.files {
                let target = file.path == ledgerName ? ledgerURL
                    : file.path.hasPrefix("editions/") ? state.editions.appendingPathComponent(String(file.path.dropFirst("editions/".count)))
                    : state.keys.appendingPathComponent(String(file.path.dropFirst("keys/".count)))
                try SecretFile.privateFolder(target.deletingLastPathComponent())
                try FileManager.default.moveItem(at: staging.appendingPathComponent(file.path), to: target)
                moved.append((staging.appendingPathComponent(file.path), target))
            }
        } catch {
            // Whatever was moved goes back: the project is as it was.
            for (from, to) in moved.reversed() { try? FileManager.default.moveItem(at: to, to: from) }
            if let failure = error as? BuildError { throw failure }
            throw .backup(.notRestored(reason: "\(error)"))
        }
        return manifest
    }

    /// The manifest, once its signature is one of `trusted` keys' and every file it lists has its
    /// size and SHA-256 and nothing else is there.
    public static func verify(_ folder: URL, trusting trusted: [Curve25519.Signing.PublicKey]) throws(BuildError) -> Manifest {
        guard let data = FileManager.default.contents(atPath: folder.appendingPathComponent(manifestName).path) else {
            throw .backup(.noManifest(folder.path))
        }
        guard let signature = FileManager.default.contents(atPath: folder.appendingPathComponent(signatureName).path) else {
            throw .backup(.unsigned(folder.path))
        }
        guard trusted.contains(where: { $0.isValidSignature(signature, for: data) }) else {
            throw .backup(.signatureMismatch(folder: folder.path))
        }
        guard let manifest = try? JSONDecoder().decode(Manifest.self, from: data), manifest.format == 2 else {
            throw .backup(.unknownManifest(folder.path))
        }
        var listed = Set([manifestName, signatureName])
        for file in manifest.files {
            let inKeys = file.path.hasPrefix("keys/") && !file.path.dropFirst(5).contains("/")
            let inEditions = file.path.hasPrefix("editions/") && !file.path.split(separator: "/").contains { $0 == ".." || $0 == "." || $0.isEmpty }
            guard file.path == ledgerName || ((inKeys || inEditions) && !file.path.contains("..")) else {
                throw .backup(.foreignPath(file.path))
            }
            listed.insert(file.path)
            guard let bytes = FileManager.default.contents(atPath: folder.appendingPathComponent(file.path).path) else {
                throw .backup(.missing(file.path))
            }
            guard bytes.count == file.bytes, Hex.sha256(bytes) == file.sha256 else {
                throw .backup(.changed(file.path))
            }
        }
        let present = Set((FileManager.default.enumerator(atPath: folder.path)?.allObjects as? [String] ?? [])
            .filter { path in var isFolder: ObjCBool = false; return FileManager.default.fileExists(atPath: folder.appendingPathComponent(path).path, isDirectory: &isFolder) && !isFolder.boolValue })
        if let extra = present.subtracting(listed).sorted().first { throw .backup(.unlisted(extra)) }
        return manifest
    }

    /// The public keys a site publishes (`keys/*.pub`), which a restore trusts by default.
    public static func publishedKeys(in folder: URL) -> [Curve25519.Signing.PublicKey] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return names.filter { $0.hasSuffix(".pub") }.sorted().compactMap { name in
            (try? String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8)).flatMap(SigningKey.parsePublicKey)
        }
    }

    /// A file written 0600 in a folder made 0700.
    static func place(_ bytes: [UInt8], at url: URL) throws(ProjectError) {
        try SecretFile.privateFolder(url.deletingLastPathComponent())
        try SecretFile.write(bytes, to: url)
    }

    static func entry(_ path: String, in folder: URL) throws -> Manifest.File {
        let bytes = [UInt8](try Data(contentsOf: folder.appendingPathComponent(path)))
        return Manifest.File(path: path, bytes: bytes.count, sha256: Hex.sha256(bytes))
    }
}

/// Why a backup could not be made or restored. A restore that fails restores nothing.
public enum BackupProblem: Sendable, Equatable, CustomStringConvertible {
    case folderNotEmpty(String)
    case noSigningKey(keys: String)
    case notWritten(folder: String, reason: String)
    case stateNotEmpty(String)
    case unusableLedger(LedgerError)
    case notRestored(reason: String)
    case noManifest(String)
    case unsigned(String)
    case signatureMismatch(folder: String)
    case unknownManifest(String)
    case foreignPath(String)
    case missing(String)
    case changed(String)
    case unlisted(String)

    public var description: String {
        let manifest = StateBackup.manifestName, signature = StateBackup.signatureName
        switch self {
        case let .folderNotEmpty(folder): return "\(folder) is not empty; back up into a new folder"
        case .noSigningKey: return "the project has no signing key to sign the backup with; run `signalpress keys generate` (or a build) first"
        case let .notWritten(folder, reason): return "\(folder): \(reason)"
        case let .stateNotEmpty(folder):
            return "\(folder) already holds a ledger, keys or editions; restore only into a project without them (move them aside first)"
        case let .unusableLedger(error): return "the backup's ledger cannot be used: \(error); nothing was restored"
        case let .notRestored(reason): return "cannot restore: \(reason); nothing was restored"
        case let .noManifest(folder): return "\(folder) has no \(manifest): not a backup, or one that did not finish"
        case let .unsigned(folder):
            return "\(folder) has no \(signature): an unsigned backup (made before backups were signed, or not by signalpress); nothing was restored"
        case .signatureMismatch:
            return "\(signature) does not match \(manifest) for the public key given: the backup was changed after it was made, "
                + "or another key signed it; nothing was restored"
        case let .unknownManifest(folder): return "\(folder)/\(manifest) is not a backup manifest this version reads"
        case let .foreignPath(path): return "\(manifest) lists '\(path)', which no backup holds"
        case let .missing(path): return "\(path) is missing from the backup"
        case let .changed(path): return "\(path) is not the file the manifest describes (size or SHA-256 differs); nothing was restored"
        case let .unlisted(path): return "\(path) is in the backup but not in its manifest; nothing was restored"
        }
    }
}
