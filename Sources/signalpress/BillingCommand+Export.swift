import ArgumentParser
import Core
import Foundation
import Build
import Ledger

extension BillingCommand {
    struct Export: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "export", abstract: "Usage events as JSON Lines for Stripe meter events or Lago, each once per target.",
                                                        discussion: Examples.billingExport)
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
                        do throws(BuildError) { try PrivateFile.write(text, to: URL(fileURLWithPath: out)) } catch {
                            throw LedgerError.exportNotWritten(path: out, reason: error.description)
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
}
