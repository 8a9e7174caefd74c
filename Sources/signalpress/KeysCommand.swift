import ArgumentParser
import Foundation
import Tiers

struct KeysCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "keys", abstract: "Manage the Ed25519 keys that sign bundle manifests.",
        subcommands: [Generate.self, Rotate.self, List.self])

    struct Generate: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Create the first signing key (refuses if one exists).")
        @OptionGroup var projectOptions: ProjectOptions

        func run() throws {
            let store = projectOptions.keyStore
            do {
                if let existing = try store.current() {
                    throw UserError("a signing key already exists (\(existing.id)); use `signalpress keys rotate` to replace it")
                }
                let key = try store.generate()
                print("created signing key \(key.id); it is published at keys/signing.pub on the next build")
            } catch let error as KeyStore.Failure { throw UserError(error.description) }
        }
    }

    struct Rotate: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Add a new signing key; older public keys stay published.")
        @OptionGroup var projectOptions: ProjectOptions

        func run() throws {
            let store = projectOptions.keyStore
            do {
                let key = try store.generate()
                print("new signing key \(key.id); older bundles still verify with keys/<id>.pub")
            } catch { throw UserError(error.description) }
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List key ids, marking the current one.")
        @OptionGroup var projectOptions: ProjectOptions

        func run() throws {
            let store = projectOptions.keyStore
            do {
                let current = try store.current()?.id
                for key in try store.all() { print("\(key.id)\(key.id == current ? " (current)" : "")") }
            } catch { throw UserError(error.description) }
        }
    }
}
