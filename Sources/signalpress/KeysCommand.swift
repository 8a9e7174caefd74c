import ArgumentParser
import Foundation
import Project
import Publishing
import Tiers

struct KeysCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "keys", abstract: "Manage the Ed25519 keys that sign bundle manifests.",
        subcommands: [Generate.self, Rotate.self, List.self])

    struct Generate: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Create the first signing key (refuses if one exists).", discussion: Examples.keysGenerate)
        @OptionGroup var projectOptions: ProjectOptions

        func run() throws {
            let store = projectOptions.keyStore
            do {
                if let existing = try store.current() {
                    throw UserError("a signing key already exists (\(existing.id)); use `signalpress keys rotate` to replace it")
                }
                let key = try store.generate()
                try KeysCommand.publish(key, root: projectOptions.root, asCurrent: true)
                print("created signing key \(key.id); its public key is published at site/keys/signing.pub and site/keys/\(key.id).pub")
            } catch let error as KeyStore.Failure { throw UserError(error.description) }
        }
    }

    struct Rotate: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Add a new signing key; older public keys stay published.", discussion: Examples.keysRotate)
        @OptionGroup var projectOptions: ProjectOptions

        func run() throws {
            let store = projectOptions.keyStore
            do {
                let key = try store.generate()
                try KeysCommand.publish(key, root: projectOptions.root, asCurrent: false)
                print("new signing key \(key.id), published at site/keys/\(key.id).pub; the next build signs with it "
                    + "and makes it keys/signing.pub; older bundles still verify with keys/<id>.pub")
            } catch let error as UserError { throw error } catch { throw UserError("\(error)") }
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List key ids, marking the current one.", discussion: Examples.keysList)
        @OptionGroup var projectOptions: ProjectOptions

        func run() throws {
            let store = projectOptions.keyStore
            do {
                let current = try store.current()?.id
                for key in try store.all() { print("\(key.id)\(key.id == current ? " (current)" : "")") }
            } catch { throw UserError(error.description) }
        }
    }

    /// Writes the public key into the published site at once (each file by temp file and rename),
    /// so subscribers can fetch it before the next build. `signing.pub` changes only for a first key:
    /// after a rotation the published bundles are still signed with the previous one until the next build.
    static func publish(_ key: SigningKey, root: URL, asCurrent: Bool) throws {
        let directory = root.appendingPathComponent("site/keys")
        do throws(StagingSite.Failure) { try StagingSite.claim(root.appendingPathComponent("site")) } catch { throw UserError(error.description) }
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            for name in ["\(key.id).pub"] + (asCurrent ? ["signing.pub"] : []) {
                let target = directory.appendingPathComponent(name)
                let temporary = directory.appendingPathComponent(".\(name).tmp")
                try Data(key.publicKeyFile.utf8).write(to: temporary)
                guard rename(temporary.path, target.path) == 0 else { throw UserError("cannot write \(target.path)") }
            }
        } catch let error as UserError { throw error } catch {
            throw UserError("cannot publish the public key in \(directory.path): \(error)")
        }
    }
}
