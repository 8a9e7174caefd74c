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
                      FetchCommand.self, AnalyzeCommand.self, SampleDataCommand.self, VerifyCommand.self, EditionsCommand.self, KeysCommand.self,
                      SubscribersCommand.self, LinksCommand.self, EmailCommand.self, SendCommand.self, DeliverCommand.self, UsageCommand.self, BillingCommand.self, DeployConfigCommand.self,
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
        } catch where error is CommandError || error is BuildError || error is LedgerError || error is TiersError {
            // Our own errors: their sentence is the whole message (exit 1, invalid input or failed work).
            FileHandle.standardError.write(Data("\(error)\n".utf8))
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

/// Why a command stopped, when the reason is the command's own (an argument the parser
/// accepted but the command cannot use, or a library error put in the command's context).
/// Each case carries its data; its sentence is written here and nowhere else.
enum CommandError: Error, CustomStringConvertible {
    case badSourceDateEpoch(String)
    case notAPublicKey(path: String, option: Bool)
    case notCertificates(path: String)
    case noTrustedKey(searched: String)
    case keyExists(id: String)
    case strictFetch(symbols: Int)
    case cannotWriteOutput(errno: Int32)
    case cannotSyncOutput(errno: Int32)
    case cannotOpenLog(path: String)
    case unknownLogFormat(path: String)
    case unreadable(path: String)
    case bundleFolder(path: String, zips: Int)
    case notVerified(bundle: String, TiersError)
    case verificationFailed(failures: [String], bundles: Int)
    case noEdition(tier: TierID, date: Day)
    /// A library's error, and what it means for the command that met it.
    case stopped(Work, after: any Error & CustomStringConvertible)

    enum Work { case backfill, check, backup, restore }

    var description: String {
        switch self {
        case let .badSourceDateEpoch(epoch): "SOURCE_DATE_EPOCH must be a whole number of seconds since 1970-01-01 UTC, got '\(epoch)'"
        case let .notCertificates(path): "--tsa-ca \(path): not a file of PEM certificates (the time-stamp authority's CA)"
        case let .notAPublicKey(path, option):
            option ? "--public-key \(path): not an Ed25519 public key file (keys/signing.pub of a built site is one)" : "\(path): not an Ed25519 public key"
        case .noTrustedKey:
            "restore: name the public key the backup must be signed with: --public-key FILE "
                + "(keys/signing.pub of your published site, as subscribers verify bundles with it)"
        case let .keyExists(id): "a signing key already exists (\(id)); use `signalpress keys rotate` to replace it"
        case let .strictFetch(symbols): "--strict: \(symbols) symbols could not be refreshed"
        case let .cannotWriteOutput(code): "cannot write to standard output (\(String(cString: strerror(code)))); nothing was marked exported"
        case let .cannotSyncOutput(code): "cannot sync standard output (\(String(cString: strerror(code)))); nothing was marked exported"
        case let .cannotOpenLog(path): "\(path): cannot open the log"
        case let .unknownLogFormat(path): "\(path): cannot tell the log's format from its first lines; give --format combined, nginx-json or cloudfront"
        case let .unreadable(path): "\(path): cannot read the file"
        case let .bundleFolder(path, zips): "\(path): expected one bundle zip in the folder, found \(zips)"
        case let .notVerified(bundle, error): "\(bundle): verification failed: \(error)"
        case let .verificationFailed(failures, bundles):
            failures.joined(separator: "\n") + (bundles > 1 ? "\n\(failures.count) of \(bundles) bundles failed verification" : "")
        case let .noEdition(tier, date): "no \(tier) edition of \(date) is sealed; `signalpress editions list --tier \(tier)` lists them"
        case let .stopped(context, error):
            switch context {
            case .backfill: "\(error)\nbackfill stopped; run it again to continue from where it stopped"
            case .check: "\(error)\ncheck failed: nothing was written or recorded"
            case .backup: "backup: \(error)"
            case .restore: "restore: \(error)"
            }
        }
    }
}
