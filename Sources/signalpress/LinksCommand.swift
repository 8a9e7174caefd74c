import Core
import ArgumentParser
import Foundation
import Ledger
import Tiers

struct LinksCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "links", abstract: "Print a subscriber's signed, expiring links to their tier's bundle and members' area.", discussion: Examples.links)

    @OptionGroup var projectOptions: ProjectOptions
    @Option(help: "Subscriber id.") var subscriber: String
    @Option(help: "Bundle date (YYYY-MM-DD); default: the tier's latest published bundle.") var date: String?
    @Option(help: "Seconds the links stay valid; default: gating.link_ttl_seconds.") var ttl: Int?
    @Option(help: "The folder the site was built into (default: site/ in the project); only bundles still there get links.") var output: String?

    func validate() throws {
        if let ttl, ttl < 1 || ttl > 10 * 366 * 86_400 { throw ValidationError("--ttl must be from 1 second to 10 years (316224000 seconds)") }
    }

    func run() throws {
        let site = output.map { URL(fileURLWithPath: $0).standardizedFileURL } ?? projectOptions.workspace.site
        for url in try projectOptions.workspace.links(ledger: try projectOptions.openLedger(), subscriber: subscriber, date: date, ttl: ttl,
                                                      now: Int(try projectOptions.clock().now.timeIntervalSince1970),
                                                      environment: ProcessInfo.processInfo.environment, site: site) {
            print(url)
        }
    }
}
