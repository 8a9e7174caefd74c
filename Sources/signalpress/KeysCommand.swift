import Core
import ArgumentParser
import Build
import Foundation
import Tiers

struct KeysCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "keys", abstract: "Manage the Ed25519 keys that sign bundle manifests.",
        subcommands: [Generate.self, Rotate.self, List.self])

    struct Generate: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "generate", abstract: "Create the first signing key (refuses if one exists).", discussion: Examples.keysGenerate)
        @OptionGroup var projectOptions: ProjectOptions

        func run() throws {
            let store = projectOptions.keyStore
            if let existing = try store.current() {
                throw CommandError.keyExists(id: existing.id)
            }
            let key = try store.generate()
            try projectOptions.workspace.publish(key, asCurrent: true)
            print("created signing key \(key.id); its public key is published at site/keys/signing.pub and site/keys/\(key.id).pub")
        }
    }

    struct Rotate: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "rotate", abstract: "Add a new signing key; older public keys stay published.", discussion: Examples.keysRotate)
        @OptionGroup var projectOptions: ProjectOptions

        func run() throws {
            let store = projectOptions.keyStore
            let key = try store.generate()
            try projectOptions.workspace.publish(key, asCurrent: false)
            print("new signing key \(key.id), published at site/keys/\(key.id).pub; the next build signs with it "
                + "and makes it keys/signing.pub; older bundles still verify with keys/<id>.pub")
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: "List key ids, marking the current one.", discussion: Examples.keysList)
        @OptionGroup var projectOptions: ProjectOptions

        func run() throws {
            let store = projectOptions.keyStore
            let current = try store.current()?.id
            for key in try store.all() { print("\(key.id)\(key.id == current ? " (current)" : "")") }
        }
    }
}
