import Core
import ArgumentParser
import Build
import Foundation
import Tiers

struct BackupCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "backup", abstract: "Copy what no build can make again (the ledger, the public keys; private keys if asked) into a folder.",
        discussion: Examples.backup)

    @OptionGroup var projectOptions: ProjectOptions
    @Argument(help: "A new or empty folder; keep it off this machine afterwards.") var folder: String
    @Flag(name: .customLong("include-keys"), help: "Also copy the private signing keys (written 0600). Guard the backup like the keys.")
    var includeKeys = false

    func run() throws {
        let target = URL(fileURLWithPath: folder).standardizedFileURL
        try projectOptions.workspace.refuseInsideSite(target, named: target.path, what: "backups")
        let ledger = URL(fileURLWithPath: try projectOptions.ledgerPath())
        let manifest: StateBackup.Manifest
        let clock = try projectOptions.clock()
        do throws(BuildError) {
            manifest = try StateBackup.write(project: projectOptions.root, ledger: ledger, to: target, includePrivateKeys: includeKeys, clock: clock)
        } catch {
            throw CommandError.stopped(.backup, after: error)
        }
        let bytes = manifest.files.reduce(0) { $0 + $1.bytes }
        print("backed up \(manifest.files.count) files (\(bytes) bytes) to \(target.path)"
            + (includeKeys ? ", private keys included" : "; private keys not included (--include-keys)"))
    }
}

struct RestoreCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "restore", abstract: "Check a backup against its manifest, then restore it into a project that has no ledger or keys.",
        discussion: Examples.restore)

    @OptionGroup var projectOptions: ProjectOptions
    @Argument(help: "A folder `signalpress backup` wrote.") var folder: String
    @Option(name: .customLong("public-key"), help: ArgumentHelp(
        "The public key the backup must be signed with (keys/signing.pub of your published site); default: the keys in the project's site/keys/.",
        valueName: "file"))
    var publicKey: String?

    func run() throws {
        let source = URL(fileURLWithPath: folder).standardizedFileURL
        let ledger = URL(fileURLWithPath: try projectOptions.ledgerPath())
        let trusted: [SigningKey.PublicKey]
        if let publicKey {
            guard let text = try? String(contentsOfFile: publicKey, encoding: .utf8), let key = SigningKey.parsePublicKey(text) else {
                throw CommandError.notAPublicKey(path: publicKey, option: true)
            }
            trusted = [key]
        } else {
            trusted = StateBackup.publishedKeys(in: projectOptions.workspace.site.appendingPathComponent("keys"))
            if trusted.isEmpty {
                throw CommandError.noTrustedKey(searched: projectOptions.workspace.site.appendingPathComponent("keys").path)
            }
        }
        let manifest: StateBackup.Manifest
        do throws(BuildError) { manifest = try StateBackup.restore(from: source, project: projectOptions.root, ledger: ledger, trusting: trusted) } catch {
            throw CommandError.stopped(.restore, after: error)
        }
        print("restored \(manifest.files.count) files from the backup of \(manifest.created)"
            + (manifest.includesPrivateKeys ? "" : "; it held no private keys, so the next build makes a new signing key (older public keys stay published)"))
    }
}
