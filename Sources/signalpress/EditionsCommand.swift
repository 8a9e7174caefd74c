import ArgumentParser
import Core
import Foundation
import Build
import Ledger

/// `signalpress editions`: the edition log, as it was sealed.
struct EditionsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "editions", abstract: "Print the edition log: every edition sealed, in order.",
                                                    subcommands: [List.self, Show.self, Revise.self, Retract.self])

    /// What `revise` and `retract` share: the edition, the reason, and the project's build options.
    struct Correction: ParsableArguments {
        @OptionGroup var projectOptions: ProjectOptions
        @Argument(help: "The edition's day (YYYY-MM-DD), as `editions list` shows it.") var date: Day
        @Option(help: "The tier.") var tier: TierID
        @Option(help: "What was wrong, in a sentence: readers see it on the report.") var reason: String

        func corrections() throws -> Corrections {
            let root = projectOptions.root
            let output = root.appendingPathComponent("site")
            var options = BuildOptions(root: root, output: output, clock: try projectOptions.clock(), ledger: try projectOptions.ledgerPath(output: output))
            options.afterStep = BuildOptions.killAfterStep(ProcessInfo.processInfo.environment)
            return Corrections(options: options)
        }

        /// Seals the revision or retraction, builds the newest day again, and says what it did.
        func apply(revising: Bool) throws {
            let corrections = try corrections()
            let summary = revising ? try corrections.revise(date, tier: tier, reason: reason) : try corrections.retract(date, tier: tier, reason: reason)
            print("\(revising ? "revised" : "retracted") the \(tier) edition of \(date): \(summary.line)")
        }
    }

    struct Revise: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "revise",
            abstract: "Publish a corrected edition of a day from today's data, beside the one first published; its report says so.",
            discussion: Examples.editionsRevise)
        @OptionGroup var correction: Correction

        func run() throws { try correction.apply(revising: true) }
    }

    struct Retract: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "retract",
            abstract: "Mark a day's edition as withdrawn: it stays published, and its report says why.",
            discussion: Examples.editionsRetract)
        @OptionGroup var correction: Correction

        func run() throws { try correction.apply(revising: false) }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: "List every sealed edition, oldest first: how it was made and its hashes.",
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
        static let configuration = CommandConfiguration(commandName: "show", abstract: "Everything the log holds of one tier's edition of one day.",
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
