import ArgumentParser
import Core
import Foundation
import Ledger
import MarketData
import Project
import Publishing
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

    /// The project's signing keys, in `.signalpress/keys/`.
    var keyStore: KeyStore { KeyStore(directory: StateDirectory(project: root).keys) }

    func loadProject() throws -> Project {
        do { return try Project.load(from: root) } catch { throw UserError(error.description) }
    }

    /// Where the ledger lives; refused inside the output directory, which a CDN publishes.
    func ledgerPath(output: URL? = nil) throws -> String {
        let path = ledger.map { URL(fileURLWithPath: $0, relativeTo: URL(fileURLWithPath: FileManager.default.currentDirectoryPath)).standardizedFileURL }
            ?? StateDirectory(project: root).ledger
        try refuseInsideSite(path, "--ledger \(path.path)", "the ledger", output: output)
        return path.path
    }

    /// Refuses `path` inside the output directory, which a CDN publishes (`aws s3 sync site/`
    /// would publish a ledger's emails or a backup's private keys). Symbolic links resolved.
    func refuseInsideSite(_ path: URL, _ named: String, _ what: String, output: URL? = nil) throws {
        let site = (output ?? root.appendingPathComponent("site")).standardizedFileURL.resolvingSymlinksInPath().path
        let resolved = path.deletingLastPathComponent().resolvingSymlinksInPath().appendingPathComponent(path.lastPathComponent).path
        if resolved == site || resolved.hasPrefix(site + "/") {
            throw UserError("\(named) is inside the output directory \(site), which is published; keep \(what) out of it")
        }
    }

    func openLedger(output: URL? = nil) throws -> LedgerStore {
        let path = try ledgerPath(output: output)
        let clock = try clock()
        do { return try LedgerStore(path: path, clock: clock) } catch { throw UserError("\(path): cannot open the ledger: \(LedgerStore.message(for: error))") }
    }
}

/// Runs a ledger operation, turning its refusals into the user's error message.
func ledgerCall<T>(_ body: () throws -> T) throws -> T {
    do { return try body() } catch let error as LedgerError { throw UserError(error.description) } catch let error as UserError { throw error } catch {
        throw UserError("ledger: \(LedgerStore.message(for: error))")
    }
}
