import ArgumentParser
import Core
import Foundation
import Ledger
import Tiers

struct UsageCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "usage", abstract: "Record usage from access logs.", subcommands: [Ingest.self])

    struct Ingest: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Record bundle downloads from a CDN or nginx access log; ingesting a log twice records nothing twice.",
            discussion: Examples.usageIngest)
        @OptionGroup var projectOptions: ProjectOptions
        @Argument(help: "The access log.") var file: String
        @Option(help: "combined, nginx-json or cloudfront (default: detected from the first lines).") var format: AccessLogParser.Format?

        func run() throws {
            // Every link's token is checked, with the secret the links were signed with.
            let entitlements = try projectOptions.entitlements()
            let signer = try entitlements.signer(environment: ProcessInfo.processInfo.environment)
            let links = LogIngest.Links(freeTiers: entitlements.freeTiers) {
                uri, query, time in
                signer.check(uri: uri, query: query, now: time).map { $0.status == 410 ? "expired link" : $0.reason }
            }
            let url = URL(fileURLWithPath: file)
            let format = try self.format ?? detected(url)
            let ledger = try projectOptions.openLedger()
            let summary = try ledgerCall { try LogIngest(store: ledger, format: format, links: links).ingest(url) }
            for (line, problem) in summary.malformed.prefix(20) {
                FileHandle.standardError.write(Data("\(file):\(line): \(problem)\n".utf8))
            }
            if summary.malformed.count > 20 { FileHandle.standardError.write(Data("... and \(summary.malformed.count - 20) more malformed lines\n".utf8)) }
            let refused = summary.refused.sorted { $0.key < $1.key }.map { "\($0.value) \($0.key)" }
            print("\(file): \(NumberText.counted(summary.read, "line")) read, \(NumberText.counted(summary.recorded, "download")) recorded, "
                + "\(NumberText.counted(summary.duplicates, "duplicate")) skipped, \(summary.ignored) ignored (failed or not a bundle), "
                + "\(summary.refused.values.reduce(0, +)) refused" + (refused.isEmpty ? "" : " (\(refused.joined(separator: ", ")))")
                + ", \(summary.malformed.count) malformed")
        }

        func detected(_ url: URL) throws -> AccessLogParser.Format {
            guard let handle = try? FileHandle(forReadingFrom: url) else { throw CommandError.cannotOpenLog(path: file) }
            defer { try? handle.close() }
            let head = String(decoding: (try? handle.read(upToCount: 64 * 1024)) ?? Data(), as: UTF8.self)
            guard let format = AccessLogParser.detect(head.split(separator: "\n").prefix(40).map { $0 }) else {
                throw CommandError.unknownLogFormat(path: file)
            }
            FileHandle.standardError.write(Data("\(file): reading it as \(format.rawValue) (detected; --format overrides)\n".utf8))
            return format
        }
    }
}

extension AccessLogParser.Format: ExpressibleByArgument {}
