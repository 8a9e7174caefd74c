import ArgumentParser
import Foundation
import Ledger
import Publishing
import Tiers

/// Options every project command shares.
struct ProjectOptions: ParsableArguments {
    @Option(name: .long, help: "The project directory (default: the current directory).")
    var project: String?

    @Option(name: .long, help: "The SQLite ledger (default: .signalpress/ledger.sqlite in the project; never inside site/).")
    var ledger: String?

    var root: URL {
        URL(fileURLWithPath: project ?? FileManager.default.currentDirectoryPath).standardizedFileURL
    }

    /// The project's signing keys, in `.signalpress/keys/`.
    var keyStore: KeyStore { KeyStore(directory: StateDirectory(project: root).keys) }

    func loadProject() throws -> Project {
        do { return try Project.load(from: root) } catch { throw UserError(error.description) }
    }

    /// Where the ledger lives; refused inside the output directory, which a CDN publishes.
    func ledgerPath(output: URL? = nil) throws -> String {
        let path = ledger.map { URL(fileURLWithPath: $0, relativeTo: URL(fileURLWithPath: FileManager.default.currentDirectoryPath)).standardizedFileURL }
            ?? StateDirectory(project: root).ledger
        let site = (output ?? root.appendingPathComponent("site")).standardizedFileURL.resolvingSymlinksInPath().path
        let resolved = path.deletingLastPathComponent().resolvingSymlinksInPath().appendingPathComponent(path.lastPathComponent).path
        if resolved == site || resolved.hasPrefix(site + "/") {
            throw UserError("--ledger \(path.path) is inside the output directory \(site), which is published; keep the ledger out of it")
        }
        return path.path
    }

    func openLedger(output: URL? = nil) throws -> LedgerStore {
        let path = try ledgerPath(output: output)
        do { return try LedgerStore(path: path) } catch { throw UserError("\(path): cannot open the ledger: \(error)") }
    }
}

/// Runs a ledger operation, turning its refusals into the user's error message.
func ledgerCall<T>(_ body: () throws -> T) throws -> T {
    do { return try body() } catch let error as LedgerError { throw UserError(error.description) } catch let error as UserError { throw error } catch {
        throw UserError("ledger: \(error)")
    }
}
