import ArgumentParser
import Core
import Foundation
import Ledger
import Tiers

struct BillingCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "billing", abstract: "Monthly billing from the ledger.", subcommands: [Report.self, Export.self])

    struct Report: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "report",
            abstract: "Per subscriber: base price prorated by the days active, metered usage and amounts; money in the table, integer cents in csv and json.",
            discussion: Examples.billingReport)
        @OptionGroup var projectOptions: ProjectOptions
        @Option(help: "The month, YYYY-MM (UTC).") var period: String
        @Option(help: "table, csv or json.") var format: TableFormat = .table

        func run() throws {
            let entitlements = try projectOptions.entitlements()
            let ledger = try projectOptions.openLedger()
            let report = try ledgerCall { try ledger.billingReport(period: period, prices: BillingCommand.prices(entitlements)) }
            // A tier removed from site.yml since keeps being billed in the site's first currency.
            let currency: (TierID) -> String = { entitlements.currency(of: $0) }
            let amount = { (cents: Int, tier: TierID) in format == .table ? Money(cents, currency(tier)).text : String(cents) }
            var rows = report.lines.map { line in
                [line.subscriber, line.externalID, line.tier.value, amount(line.baseCents, line.tier),
                 format == .table ? "\(line.activeDays)/\(line.periodDays)" : String(line.activeDays), String(line.reportsDelivered),
                 String(line.emailsSent), String(line.alertsSent), String(line.downloads),
                 String(line.downloadBytes), amount(line.downloadCents, line.tier), amount(line.totalCents, line.tier), currency(line.tier)]
            }
            if format == .table {
                for (code, lines) in Dictionary(grouping: report.lines, by: { currency($0.tier) }).sorted(by: { $0.key < $1.key }) {
                    rows.append(["TOTAL", "", "", "", "", "", "", "", "", "", "", Money(lines.reduce(0) { $0 + $1.totalCents }, code).text, code])
                }
            }
            struct Document: Encodable {
                var period: String
                var currency: String
                var currency_unit = "cents"
                var lines: [BillingReport.Line]
                var total_cents: Int
            }
            let money = format == .table ? ["base", "download_amount", "total"] : ["base_cents", "download_cents", "total_cents"]
            print(try format.render(header: ["subscriber", "external_id", "tier", money[0], format == .table ? "days_active" : "active_days",
                                             "reports_delivered", "emails_sent", "alerts_sent", "downloads",
                                             "download_bytes", money[1], money[2], "currency"],
                                    rows: rows, json: Document(period: period, currency: entitlements.publicTier.currency, lines: report.lines,
                                                               total_cents: report.totalCents)),
                  terminator: "")
        }
    }

    /// Each tier's prices, with its rank (a subscriber who held two tiers in a day pays the higher's).
    static func prices(_ entitlements: Entitlements) -> [TierPrice] {
        entitlements.tiers.enumerated().map { TierPrice(tier: $1.id, rank: $0, baseCents: $1.priceCents, downloadCents: $1.downloadPriceCents) }
    }
}

extension BillingTarget: ExpressibleByArgument {}
