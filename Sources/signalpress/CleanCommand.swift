import ArgumentParser
import Foundation
import Project
import Publishing

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
        let root = projectOptions.root
        let state = StateDirectory(project: root)
        let site = output.map { URL(fileURLWithPath: $0).standardizedFileURL } ?? root.appendingPathComponent("site")
        do throws(StagingSite.Failure) { try StagingSite.checkReplaceable(site) } catch {
            throw UserError("\(error.description); clean removes only a site SignalPress built")
        }
        var targets = [site, state.preview, state.marketCache, state.hookCache, state.buildState, state.metrics]
        if ledgerToo { targets += ["", "-wal", "-shm"].map { URL(fileURLWithPath: state.ledger.path + $0) } }
        if keysToo { targets.append(state.keys) }
        var removed: [String] = []
        for target in targets where FileManager.default.fileExists(atPath: target.path) {
            do { try FileManager.default.removeItem(at: target) } catch { throw UserError("\(target.path): cannot remove (\(error.localizedDescription))") }
            removed.append(target.path.hasPrefix(root.path + "/") ? String(target.path.dropFirst(root.path.count + 1)) : target.path)
        }
        let kept = [ledgerToo ? nil : "the ledger", keysToo ? nil : "the signing keys"].compactMap { $0 }
        print(removed.isEmpty ? "nothing to clean" : "removed " + removed.joined(separator: ", "))
        if !kept.isEmpty { print("kept " + kept.joined(separator: " and ") + " (--ledger-too, --keys-too remove them)") }
        print("the edition archive (.signalpress/editions) is never cleaned: it cannot be rebuilt")
    }
}
