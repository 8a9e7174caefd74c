import ArgumentParser
import Foundation
import Ledger

struct UsageCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "usage", abstract: "Record usage from access logs.", subcommands: [Ingest.self])

    struct Ingest: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Record bundle downloads from a CDN or nginx access log; ingesting a log twice records nothing twice.")
        @OptionGroup var projectOptions: ProjectOptions
        @Argument(help: "The access log.") var file: String
        @Option(help: "combined, nginx-json or cloudfront.") var format: AccessLogParser.Format = .combined

        func run() throws {
            let ledger = try projectOptions.openLedger()
            let url = URL(fileURLWithPath: file)
            let summary = try ledgerCall { try LogIngest(store: ledger, format: format).ingest(url) }
            for (line, problem) in summary.malformed.prefix(20) {
                FileHandle.standardError.write(Data("\(file):\(line): \(problem)\n".utf8))
            }
            if summary.malformed.count > 20 { FileHandle.standardError.write(Data("... and \(summary.malformed.count - 20) more malformed lines\n".utf8)) }
            print("\(file): \(summary.read) lines read, \(summary.recorded) downloads recorded, \(summary.duplicates) duplicates skipped, "
                + "\(summary.ignored) ignored (failed, unsigned or not a bundle), \(summary.malformed.count) malformed")
        }
    }
}

extension AccessLogParser.Format: ExpressibleByArgument {}
