import ArgumentParser
import Core
import Foundation
import Ledger
import Build
import Tiers

/// Options every project command shares.
struct ProjectOptions: ParsableArguments {
    @Option(name: .long, help: "The project directory (default: the current directory).")
    var project: String?

    @Option(name: .long, help: "The SQLite ledger (default: .signalpress/ledger.sqlite in the project; never inside site/).")
    var ledger: String?

    @Option(name: .long, help: ArgumentHelp("Pin today's date (YYYY-MM-DD, UTC) for this run; default: $SOURCE_DATE_EPOCH, else the system clock.",
                                            valueName: "date"))
    var today: Day?

    /// The run's one clock (`--today`, `SOURCE_DATE_EPOCH` or the system clock), resolved once.
    func clock() throws -> Clock { try CommandClock.resolve(today: today) }

    var root: URL {
        URL(fileURLWithPath: project ?? FileManager.default.currentDirectoryPath).standardizedFileURL
    }

    /// The project folder: its site, state and tiers.
    var workspace: Workspace { Workspace(root: root) }

    /// The project's signing keys, in `.signalpress/keys/`.
    var keyStore: KeyStore { workspace.keyStore }

    /// The project's tiers and who sees what.
    func entitlements() throws -> Entitlements { try workspace.entitlements() }

    /// Where the ledger lives; refused inside the output directory, which a CDN publishes.
    func ledgerPath(output: URL? = nil) throws -> String {
        let path = ledger.map { URL(fileURLWithPath: $0, relativeTo: URL(fileURLWithPath: FileManager.default.currentDirectoryPath)).standardizedFileURL }
            ?? workspace.defaultLedger
        try workspace.refuseInsideSite(path, named: "--ledger \(path.path)", what: "the ledger", output: output)
        return path.path
    }

    func openLedger(output: URL? = nil) throws -> LedgerStore {
        let path = try ledgerPath(output: output)
        let clock = try clock()
        do { return try LedgerStore(path: path, clock: clock) } catch { throw BuildError.ledger(path: path, LedgerError(error)) }
    }
}

/// Runs a ledger operation, its failures as `LedgerError`s (never SQL or its arguments).
func ledgerCall<T>(_ body: () throws -> T) throws -> T {
    do { return try body() } catch let error as LedgerError { throw error } catch let error as CommandError { throw error } catch {
        throw LedgerError(error)
    }
}
