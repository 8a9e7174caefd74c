import ArgumentParser
import Core
import Foundation
import Ledger

/// `signalpress editions`: the edition log, as it was sealed.
struct EditionsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "editions", abstract: "Print the edition log: every edition sealed, in order.",
                                                    subcommands: [List.self, Show.self])

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List every sealed edition, oldest first: how it was made and its hashes.",
                                                        discussion: Examples.editionsList)
        @OptionGroup var projectOptions: ProjectOptions
        @Option(help: "Only this tier.") var tier: TierID?
        @Option(help: "table, csv or json.") var format: TableFormat = .table

        func run() throws {
            let rows = try ledgerCall { try projectOptions.openLedger().sealedEditions(tier: tier) }
            let header = ["tier", "date", "kind", "made", "bundle", "hash", "previous", "sealed_at"]
            let cells = rows.map { row in
                [row.tier.value, row.date, row.kind.rawValue, row.made.rawValue + (row.demo ? " (demo)" : ""), row.bundlePath.map { ($0 as NSString).lastPathComponent } ?? "-",
                 String(row.contentHash.prefix(16)), row.previousHash.map { String($0.prefix(16)) } ?? "-", row.sealedAt]
            }
            print(try format.render(header: header, rows: cells, json: rows), terminator: "")
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Everything the log holds of one tier's edition of one day.",
                                                        discussion: Examples.editionsShow)
        @OptionGroup var projectOptions: ProjectOptions
        @Argument(help: "The edition's day (YYYY-MM-DD).") var date: Day
        @Option(help: "The tier.") var tier: TierID

        func run() throws {
            let rows = try ledgerCall { try projectOptions.openLedger().sealedEditions(tier: tier) }.filter { $0.date == date.iso }
            guard !rows.isEmpty else { throw CommandError.noEdition(tier: tier, date: date) }
            for row in rows {
                var lines = ["\(row.tier) \(row.date): \(row.kind.rawValue), made \(row.made.rawValue)\(row.demo ? ", demo data" : ""), sealed \(row.sealedAt)",
                             "  hash      \(row.contentHash)", "  previous  \(row.previousHash ?? "none (the first of its chain)")",
                             "  edition   .signalpress/editions/\(row.tier)/\(row.date).json (SHA-256 \(row.snapshotSHA256))"]
                if let bundle = row.bundle { lines.append("  bundle    \(bundle.path), \(NumberText.counted(bundle.bytes, "byte")), SHA-256 \(bundle.sha256)") }
                if let reason = row.reason { lines.append("  reason    \(reason)") }
                let adjusted = row.priceBasis.filter { $0.value != 1 }.sorted { $0.key < $1.key }
                lines.append("  prices    " + (adjusted.isEmpty ? "every symbol on its first basis"
                    : adjusted.map { "\($0.key) ×\(NumberText.shortest($0.value))" }.joined(separator: ", ")))
                print(lines.joined(separator: "\n"))
            }
        }
    }
}
