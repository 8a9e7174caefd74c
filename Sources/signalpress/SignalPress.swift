import Core
import ArgumentParser
import Foundation
import Build
import Ledger
import Tiers

@main
struct SignalPress: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "signalpress",
        abstract: "Build daily trading-signal sites, reports and subscriber bundles.",
        version: "0.1.0",
        subcommands: [InitCommand.self, BuildCommand.self, CheckCommand.self, BackfillCommand.self, ServeCommand.self, NewCommand.self, CleanCommand.self,
                      FetchCommand.self, AnalyzeCommand.self, SampleDataCommand.self, VerifyCommand.self, KeysCommand.self,
                      SubscribersCommand.self, LinksCommand.self, UsageCommand.self, BillingCommand.self, DeployConfigCommand.self,
                      BackupCommand.self, RestoreCommand.self, CompletionCommand.self, BenchCommand.self])

    /// Exit status: 0 success, 1 invalid input or failed build, 2 command-line misuse.
    static func main() {
        // Zip timestamps are stored in local time; fixing the zone keeps bundles byte-identical everywhere.
        setenv("TZ", "UTC", 1)
        tzset()
        MallocTuning.keepFreedMemory()
        Foundation.exit(run(Array(CommandLine.arguments.dropFirst())))
    }

    static func run(_ arguments: [String]) -> Int32 {
        do {
            var command = try parseAsRoot(arguments)
            try command.run()
            return 0
        } catch let exit as ExitCode where exit != .success && exit != .validationFailure {
            return exit.rawValue // the command already reported why
        } catch let error as UserError {
            FileHandle.standardError.write(Data((error.description + "\n").utf8))
            return 1
        } catch let error as BuildError {
            FileHandle.standardError.write(Data((error.description + "\n").utf8))
            return 1
        } catch let error as LedgerError {
            FileHandle.standardError.write(Data((error.description + "\n").utf8))
            return 1
        } catch let error as TiersError {
            FileHandle.standardError.write(Data((error.description + "\n").utf8))
            return 1
        } catch {
            let code = exitCode(for: error)
            let message = fullMessage(for: error)
            if code == .success {
                if !message.isEmpty { print(message) }
                return 0
            }
            let hint = message.contains("Unexpected argument") ? Suggestion.command(for: arguments).map { "\n" + $0 } ?? "" : ""
            FileHandle.standardError.write(Data((message + hint + "\n").utf8))
            return 2
        }
    }
}

/// An argument the parser accepted but the command cannot use (a date with no bundle, a
/// file that is not a key): the message is already what the user should read.
struct UserError: Error, CustomStringConvertible {
    var description: String

    init(_ description: String) { self.description = description }
}

