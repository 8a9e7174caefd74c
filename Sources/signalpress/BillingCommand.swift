import ArgumentParser
import Foundation
import Ledger
import Publishing

struct BillingCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "billing", abstract: "Monthly billing from the ledger.", subcommands: [Report.self, Export.self])

    struct Report: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Per subscriber: base price, metered usage and amounts, in integer cents.")
        @OptionGroup var projectOptions: ProjectOptions
        @Option(help: "The month, YYYY-MM (UTC).") var period: String
        @Option(help: "table, csv or json.") var format: TableFormat = .table

        func run() throws {
            let config = try projectOptions.loadProject().config
            let ledger = try projectOptions.openLedger()
            let report = try ledgerCall { try ledger.billingReport(period: period, prices: BillingCommand.prices(config)) }
            var rows = report.lines.map { line in
                [line.subscriber, line.externalID, line.tier.value, String(line.baseCents), String(line.reportsDelivered), String(line.downloads),
                 String(line.downloadBytes), String(line.downloadCents), String(line.totalCents)]
            }
            if format == .table { rows.append(["TOTAL", "", "", "", "", "", "", "", String(report.totalCents)]) }
            struct Document: Encodable {
                var period: String
                var currency_unit = "cents"
                var lines: [BillingReport.Line]
                var total_cents: Int
            }
            print(try format.render(header: ["subscriber", "external_id", "tier", "base_cents", "reports_delivered", "downloads",
                                             "download_bytes", "download_cents", "total_cents"],
                                    rows: rows, json: Document(period: period, lines: report.lines, total_cents: report.totalCents)),
                  terminator: "")
        }
    }

    struct Export: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Usage events as JSON Lines for Stripe meter events or Lago, each once per target.")
        @OptionGroup var projectOptions: ProjectOptions
        @Option(help: "The month, YYYY-MM (UTC).") var period: String
        @Option(help: "stripe or lago.") var target: BillingTarget
        @Flag(help: "Export events again that were already exported to this target.") var resend = false
        @Option(help: "Write the lines to this file (synced to disk) instead of standard output.") var out: String?

        func run() throws {
            let ledger = try projectOptions.openLedger()
            // Marked exported only once the lines are written without error (and synced, for --out).
            let batch = try ledgerCall {
                try ledger.exportEvents(period: period, target: target, resend: resend) { lines in
                    let text = Array(lines.map { $0 + "\n" }.joined().utf8)
                    if let out {
                        do throws(SecretFile.Failure) { try SecretFile.write(text, to: URL(fileURLWithPath: out)) } catch {
                            throw LedgerError("\(out): \(error.description); nothing was marked exported")
                        }
                    } else {
                        try Terminal.writeAll(text, to: STDOUT_FILENO)
                    }
                }
            }
            FileHandle.standardError.write(Data(("batch \(batch.batch): \(batch.lines.count) events exported, "
                + "\(batch.skippedAsExported) already exported (use --resend to send them again)\n").utf8))
        }
    }

    static func prices(_ config: SiteConfig) -> [TierPrice] {
        config.tiers.map { TierPrice(tier: $0.id, baseCents: $0.priceCents, downloadCents: $0.downloadPriceCents) }
    }
}

extension BillingTarget: ExpressibleByArgument {}
