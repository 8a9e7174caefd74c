import ArgumentParser
import Core
import Foundation
import Ledger

struct SubscribersCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "subscribers", abstract: "Add, list and change the subscribers in the ledger.",
        subcommands: [Add.self, List.self, SetTier.self, Disable.self, Enable.self, Revoke.self, SetEmail.self, AddEndpoint.self])

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "add", abstract: "Add an active subscriber.", discussion: Examples.subscribersAdd)
        @OptionGroup var projectOptions: ProjectOptions
        @Option(help: "Subscriber id (\(Subscriber.idPattern)); it appears in their links.") var id: String
        @Option(help: "Email address.") var email: String
        @Option(help: "Tier id from site.yml.") var tier: TierID
        @Option(help: "The billing service's id (Stripe customer, Lago subscription); default: the subscriber id.") var externalId: String?

        func run() throws {
            let tiers = try projectOptions.entitlements().tierIDs
            let ledger = try projectOptions.openLedger()
            try ledgerCall { try ledger.addSubscriber(id: id, email: email, tier: tier, externalID: externalId, tiers: tiers) }
            print("added \(id) (\(tier))")
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: "List subscribers.", discussion: Examples.subscribersList)
        @OptionGroup var projectOptions: ProjectOptions
        @Option(help: "table, csv or json.") var format: TableFormat = .table

        func run() throws {
            let subscribers = try ledgerCall { try projectOptions.openLedger().subscribers() }
            let rows = subscribers.map { [$0.id, $0.email, $0.tier.value, $0.status.rawValue, $0.externalID, $0.createdAt, $0.updatedAt] }
            print(try format.render(header: ["id", "email", "tier", "status", "external_id", "created_at", "updated_at"], rows: rows,
                                    json: subscribers), terminator: "")
        }
    }

    struct SetTier: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "set-tier", abstract: "Move a subscriber to another tier.",
                                                        discussion: Examples.subscribersSetTier)
        @OptionGroup var projectOptions: ProjectOptions
        @Argument(help: "Subscriber id.") var id: String
        @Argument(help: "Tier id from site.yml.") var tier: TierID

        func run() throws {
            let tiers = try projectOptions.entitlements().tierIDs
            let ledger = try projectOptions.openLedger()
            try ledgerCall { try ledger.setTier(id, tier: tier, tiers: tiers) }
            print("\(id) is now on \(tier)")
        }
    }

    struct Disable: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "disable", abstract: "Stop deliveries and links for a subscriber.", discussion: Examples.subscribersDisable)
        @OptionGroup var projectOptions: ProjectOptions
        @Argument(help: "Subscriber id.") var id: String

        func run() throws {
            let ledger = try projectOptions.openLedger()
            try ledgerCall { try ledger.setStatus(id, .disabled) }
            print("\(id) disabled")
        }
    }

    struct Enable: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "enable", abstract: "Resume a disabled subscriber.", discussion: Examples.subscribersEnable)
        @OptionGroup var projectOptions: ProjectOptions
        @Argument(help: "Subscriber id.") var id: String

        func run() throws {
            let ledger = try projectOptions.openLedger()
            try ledgerCall { try ledger.setStatus(id, .active) }
            print("\(id) enabled")
        }
    }

    struct Revoke: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "revoke", abstract: "Sign a subscriber out of the members' area everywhere, from the next build on.",
                                                        discussion: Examples.subscribersRevoke)
        @OptionGroup var projectOptions: ProjectOptions
        @Argument(help: "Subscriber id.") var id: String

        func run() throws {
            let ledger = try projectOptions.openLedger()
            let generation = try ledgerCall { try ledger.revokeTokens(id) }
            print("\(id): every members' sign-in link and cookie issued so far is refused once the next build's revocation list reaches the edge; "
                  + "new links (`signalpress links --subscriber \(id)`) carry generation \(generation)")
        }
    }
}
