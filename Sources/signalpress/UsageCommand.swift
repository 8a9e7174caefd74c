import ArgumentParser
import Foundation
import Ledger
import MarketData
import Tiers

struct UsageCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "usage", abstract: "Record usage from access logs.", subcommands: [Ingest.self])

    struct Ingest: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Record bundle downloads from a CDN or nginx access log; ingesting a log twice records nothing twice.")
        @OptionGroup var projectOptions: ProjectOptions
        @Argument(help: "The access log.") var file: String
        @Option(help: "combined, nginx-json or cloudfront.") var format: AccessLogParser.Format = .combined

        func run() throws {
            let config = try projectOptions.loadProject().config
            let variable = config.gating.secretEnvironmentVariable
            guard let secret = ProcessInfo.processInfo.environment[variable], !secret.isEmpty else {
                throw UserError("usage ingest checks every link's token: set $\(variable) to the secret the links were signed with")
            }
            let signer = SignedLink(scheme: config.gating.scheme, secret: secret)
            let links = LogIngest.Links(freeTiers: Set(config.tiers.filter { $0.priceCents == 0 && $0.downloadPriceCents == 0 }.map(\.id))) {
                uri, query, time in
                signer.check(uri: uri, query: query, now: time).map { $0.status == 410 ? "expired link" : $0.reason }
            }
            let ledger = try projectOptions.openLedger()
            let url = URL(fileURLWithPath: file)
            let summary = try ledgerCall { try LogIngest(store: ledger, format: format, links: links).ingest(url) }
            for (line, problem) in summary.malformed.prefix(20) {
                FileHandle.standardError.write(Data("\(file):\(line): \(problem)\n".utf8))
            }
            if summary.malformed.count > 20 { FileHandle.standardError.write(Data("... and \(summary.malformed.count - 20) more malformed lines\n".utf8)) }
            let refused = summary.refused.sorted { $0.key < $1.key }.map { "\($0.value) \($0.key)" }
            print("\(file): \(summary.read) lines read, \(summary.recorded) downloads recorded, \(summary.duplicates) duplicates skipped, "
                + "\(summary.ignored) ignored (failed or not a bundle), \(summary.refused.values.reduce(0, +)) refused"
                + (refused.isEmpty ? "" : " (\(refused.joined(separator: ", ")))") + ", \(summary.malformed.count) malformed")
        }
    }
}

extension AccessLogParser.Format: ExpressibleByArgument {}
