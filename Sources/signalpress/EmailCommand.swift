import ArgumentParser
import Core
import Foundation
import Ledger
import Build

struct EmailCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "email", abstract: "Render the email edition, or export it for an email provider.",
        subcommands: [Render.self, Export.self])

    struct Render: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "render", abstract: "Write a tier's email edition as an RFC 5322 message (.eml).", discussion: Examples.emailRender)
        @OptionGroup var projectOptions: ProjectOptions
        @Option(help: "Tier id from site.yml.") var tier: TierID
        @Option(help: "The edition's date (YYYY-MM-DD); default: the tier's newest. A delayed tier's edition before it counts.") var date: String?
        @Option(help: "The message as this subscriber receives it (their sign-in and unsubscribe links); default: a preview without them.")
        var subscriber: String?
        @Option(name: .shortAndLong, help: "Where to write the .eml; default: standard output.") var output: String?

        func run() throws {
            let message = try projectOptions.workspace.renderEmail(tier: tier, date: date, subscriber: subscriber, ledger: try projectOptions.openLedger(),
                                                                   clock: try projectOptions.clock(), environment: ProcessInfo.processInfo.environment)
            let bytes = Data(message.bytes)
            guard let output else { FileHandle.standardOutput.write(bytes); return }
            do { try bytes.write(to: URL(fileURLWithPath: output), options: .atomic) } catch {
                throw BuildError.file(.cannotWrite(path: output, reason: error.localizedDescription))
            }
            print("wrote \(output) (\(bytes.count) bytes, \(message.html.utf8.count) of HTML)")
        }
    }

    struct Export: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "export", abstract: "Write the edition as an email provider's own API requests, for publishers who send through one.",
                                                        discussion: Examples.emailExport)
        @OptionGroup var projectOptions: ProjectOptions
        @Option(help: "listmonk (a campaign per tier), postmark (batches of 500) or mailgun (batches of 1,000).") var target: ProviderTarget
        @Option(help: "The editions' date (YYYY-MM-DD); default: the newest.") var date: String?
        @Option(name: .shortAndLong, help: "The folder to write the request bodies into (made if missing).") var output: String
        @Option(help: "listmonk: the list id of each tier, as TIER=ID (repeat for each tier).") var list: [String] = []

        func run() throws {
            var lists: [TierID: Int] = [:]
            for item in list {
                let parts = item.split(separator: "=")
                guard parts.count == 2, let id = Int(parts[1]) else { throw ValidationError("--list must be TIER=ID, such as pro=3; found '\(item)'") }
                lists[TierID(String(parts[0]))] = id
            }
            let files = try projectOptions.workspace.exportEmails(target: target.rawValue, date: date, folder: URL(fileURLWithPath: output), lists: lists,
                                                                  ledger: try projectOptions.openLedger(), clock: try projectOptions.clock(),
                                                                  environment: ProcessInfo.processInfo.environment)
            for file in files { print(file) }
        }
    }
}

enum ProviderTarget: String, ExpressibleByArgument, CaseIterable { case listmonk, postmark, mailgun }
