import ArgumentParser
import Build
import Foundation
import Ledger

// The subscribers' delivery settings: their email edition, and their own alert endpoints.
extension SubscribersCommand {
    struct SetEmail: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "set-email", abstract: "Turn a subscriber's email edition on or off (on again after a bounce).",
                                                        discussion: Examples.subscribersSetEmail)
        @OptionGroup var projectOptions: ProjectOptions
        @Argument(help: "Subscriber id.") var id: String
        @Argument(help: "on or off.") var state: EmailSwitch

        func run() throws {
            let ledger = try projectOptions.openLedger()
            try ledgerCall { try ledger.setEmail(id, state == .on ? .on : .off, reason: "by hand") }
            print("\(id): email \(state.rawValue)")
        }
    }

    struct AddEndpoint: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "add-endpoint", abstract: "Send a subscriber's alerts to their own endpoint (tiers with the webhooks feature).",
                                                        discussion: Examples.subscribersAddEndpoint)
        @OptionGroup var projectOptions: ProjectOptions
        @Argument(help: "Subscriber id.") var id: String
        @Option(help: "webhook (Standard Webhooks, signed), slack or discord.") var kind: EndpointKind
        @Option(help: "The endpoint's https:// address.") var url: String

        func run() throws {
            let endpoint = try projectOptions.workspace.addEndpoint(subscriber: id, kind: kind.rawValue, url: url, ledger: try projectOptions.openLedger())
            print("\(id): alerts of \(endpoint.tier) go to \(endpoint.url) (\(endpoint.kind.rawValue))")
            if endpoint.kind == .webhook { print("signing secret (give it to the subscriber; it verifies webhook-signature): \(endpoint.secret)") }
        }
    }
}

enum EmailSwitch: String, ExpressibleByArgument, CaseIterable { case on, off }
enum EndpointKind: String, ExpressibleByArgument, CaseIterable { case webhook, slack, discord }
