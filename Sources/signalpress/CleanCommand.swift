import Core
import ArgumentParser
import Build
import Foundation

struct CleanCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "clean", abstract: "Remove the output and the caches SignalPress owns; the ledger and keys only when named.",
        discussion: Examples.clean)

    @OptionGroup var projectOptions: ProjectOptions

    @Option(name: .long, help: "The output directory to remove (default: site/ in the project); only a folder SignalPress built.")
    var output: String?

    @Flag(name: .customLong("ledger-too"), help: "Also delete the ledger: every build, subscriber and usage record. There is no undo.")
    var ledgerToo = false

    @Flag(name: .customLong("keys-too"), help: "Also delete the signing keys: manifests signed with them can no longer be re-signed.")
    var keysToo = false

    func run() throws {
        let removed = try projectOptions.workspace.clean(output: output.map { URL(fileURLWithPath: $0).standardizedFileURL },
                                                         ledger: ledgerToo, keys: keysToo)
        let kept = [ledgerToo ? nil : "the ledger", keysToo ? nil : "the signing keys"].compactMap { $0 }
        print(removed.isEmpty ? "nothing to clean" : "removed " + removed.joined(separator: ", "))
        if !kept.isEmpty { print("kept " + kept.joined(separator: " and ") + " (--ledger-too, --keys-too remove them)") }
        print("the edition archive (.signalpress/editions) is never cleaned: it cannot be rebuilt")
    }
}
