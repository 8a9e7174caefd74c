import ArgumentParser
import Core
import Foundation
import Build
import Ledger
import Tiers

struct UsageCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "usage", abstract: "Record usage from access logs, and report it.",
                                                    subcommands: [Ingest.self, Report.self])

    struct Ingest: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "ingest",
            abstract: "Record bundle downloads and the members' area's sign-ins, page views and private-feed fetches from a CDN or nginx access log; ingesting a log twice records nothing twice.",
            discussion: Examples.usageIngest)
        @OptionGroup var projectOptions: ProjectOptions
        @Argument(help: "The access log.") var file: String
        @Option(help: "combined, nginx-json, cloudfront or logpush (default: detected from the first lines).") var format: AccessLogParser.Format?

        func run() throws {
            // Every link's token is checked, with the secret the links were signed with.
            let entitlements = try projectOptions.entitlements()
            let signer = try entitlements.signer(environment: ProcessInfo.processInfo.environment)
            let ledger = try projectOptions.openLedger()
            let generations = Dictionary(uniqueKeysWithValues: try ledgerCall { try ledger.subscribers() }.map { ($0.id, $0.generation) })
            var links = LogIngest.Links(freeTiers: entitlements.freeTiers, members: MemberGate.ingestChecks(signer: signer, entitlements: entitlements,
                                                                                                             generations: generations)) {
                uri, query, time in
                signer.check(uri: uri, query: query, now: time).map { $0.status == 410 ? "expired link" : $0.reason }
            }
            links.unsubscribe = UnsubscribeLink.ingestCheck(signer: signer, baseURL: entitlements.project.config.baseURL)
            let url = URL(fileURLWithPath: file)
            let format = try self.format ?? detected(url)
            let summary = try ledgerCall { try LogIngest(store: ledger, format: format, links: links).ingest(url) }
            for (line, problem) in summary.malformed.prefix(20) {
                FileHandle.standardError.write(Data("\(file):\(line): \(problem)\n".utf8))
            }
            if summary.malformed.count > 20 { FileHandle.standardError.write(Data("... and \(summary.malformed.count - 20) more malformed lines\n".utf8)) }
            let refused = summary.refused.sorted { $0.key < $1.key }.map { "\($0.value) \($0.key)" }
            print("\(file): \(NumberText.counted(summary.read, "line")) read, \(NumberText.counted(summary.recorded, "event")) recorded, "
                + "\(NumberText.counted(summary.duplicates, "duplicate")) skipped, \(summary.ignored) ignored (failed, or neither a bundle nor a members' page), "
                + "\(summary.refused.values.reduce(0, +)) refused" + (refused.isEmpty ? "" : " (\(refused.joined(separator: ", ")))")
                + ", \(summary.malformed.count) malformed" + (summary.unsubscribed > 0 ? "; \(NumberText.counted(summary.unsubscribed, "subscriber")) unsubscribed from email" : ""))
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

    struct Report: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "report",
            abstract: "Per subscriber, a month's sign-ins, members' page views, private-feed fetches and downloads; --sharing: the days a subscriber's tokens came from more networks than gating.max_networks_per_day.",
            discussion: Examples.usageReport)
        @OptionGroup var projectOptions: ProjectOptions
        @Option(help: "The month, YYYY-MM (UTC).") var period: String
        @Flag(help: "List the days a subscriber's members' tokens were used from more networks (IPv4 /24, IPv6 /48) than allowed.")
        var sharing = false
        @Option(help: "table, csv or json.") var format: TableFormat = .table

        func run() throws {
            let ledger = try projectOptions.openLedger()
            if sharing {
                let allowed = try projectOptions.entitlements().project.config.gating.maxNetworksPerDay
                let shared = try ledgerCall { try ledger.sharedTokens(period: period, maxNetworks: allowed) }
                let rows = shared.map { [$0.subscriber, $0.day, String($0.networks.count), $0.networks.joined(separator: " ")] }
                print(try format.render(header: ["subscriber", "day", "networks", "which"], rows: rows, json: shared), terminator: "")
                return
            }
            let usage = try ledgerCall { try ledger.memberUsage(period: period) }
            let rows = usage.map { [$0.subscriber, String($0.signIns), String($0.pageViews), String($0.feedFetches), String($0.downloads)] }
            print(try format.render(header: ["subscriber", "sign_ins", "page_views", "feed_fetches", "downloads"], rows: rows, json: usage),
                  terminator: "")
        }
    }
}

extension AccessLogParser.Format: ExpressibleByArgument {}
