import ArgumentParser
import Core
import Delivery
import Foundation
import Ledger
import Build

/// `deliver` and `send`: queue the newest edition's emails, then drain the outbox.
struct DeliveryOptions: ParsableArguments {
    @Option(help: "The editions' date (YYYY-MM-DD); default: the newest. A delayed tier's edition before it counts.") var date: String?
    @Option(help: "Seconds a run waits in place for a retry that falls due (the 5-second one); later retries are left to the next run.")
    var wait: Double = 10
    @Option(help: "Seconds an alert's request may take.") var timeout: Double = 15

    func validate() throws {
        guard (0...3600).contains(wait) else { throw ValidationError("--wait must be from 0 to 3600 seconds") }
        guard timeout > 0 && timeout <= 120 else { throw ValidationError("--timeout must be from 1 to 120 seconds") }
    }

    func run(_ projectOptions: ProjectOptions, channels: Set<OutboxEntry.Channel>) throws {
        let run = try projectOptions.workspace.deliverEditions(date: date, channels: channels, ledger: try projectOptions.openLedger(),
                                                               clock: try projectOptions.clock(), environment: ProcessInfo.processInfo.environment,
                                                               wait: wait, timeout: timeout)
        for queued in run.queued {
            print("\(queued.tier) edition \(queued.edition): \(queued.queued) new email\(queued.queued == 1 ? "" : "s") queued")
        }
        let parts = OutboxEntry.State.allCases.compactMap { state in run.report.attempts[state].map { "\($0) \(state.rawValue)" } }
        print(parts.isEmpty ? "nothing was due" : "attempts: " + parts.joined(separator: ", "))
        if let queueing = run.queueing { throw queueing }
        // What was held back fails the run, after the rest went out.
        if let problem = run.report.problems.first {
            for other in run.report.problems.dropFirst() { FileHandle.standardError.write(Data("\(other)\n".utf8)) }
            throw BuildError.delivery(.courier(problem))
        }
    }
}

struct DeliverCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "deliver", abstract: "Send what the outbox holds: the email edition and the signal alerts, retrying what was refused.",
        discussion: Examples.deliver)
    @OptionGroup var projectOptions: ProjectOptions
    @OptionGroup var options: DeliveryOptions
    @Flag(help: "Show what is queued, sent, retrying, bounced or disabled, and send nothing.") var status = false
    @Option(help: "With --status: table, csv or json.") var format: TableFormat = .table

    func run() throws {
        guard status else { return try options.run(projectOptions, channels: Set(OutboxEntry.Channel.allCases)) }
        let entries = try ledgerCall { try projectOptions.openLedger().outbox() }
        let rows = entries.map { [$0.edition, $0.tier.value, $0.channel.rawValue, $0.subscriberID ?? "", $0.address, $0.state.rawValue, String($0.attempts),
                                  Self.pending($0) ? $0.nextAttemptAt : "", $0.lastResult] }
        print(try format.render(header: ["edition", "tier", "channel", "subscriber", "to", "state", "attempts", "next_attempt", "last_result"],
                                rows: rows, json: entries.map(StatusLine.init)), terminator: "")
    }

    static func pending(_ entry: OutboxEntry) -> Bool { OutboxEntry.State.pending.contains(entry.state) }

    /// One outbox entry as `--status --format json` prints it (without its payload).
    struct StatusLine: Encodable {
        var id, edition, tier, channel, state, lastResult: String
        var subscriber: String?
        var to: String
        var attempts: Int
        var nextAttemptAt: String?

        init(_ entry: OutboxEntry) {
            (id, edition, tier, channel, state, lastResult) = (entry.id, entry.edition, entry.tier.value, entry.channel.rawValue, entry.state.rawValue, entry.lastResult)
            (subscriber, to, attempts) = (entry.subscriberID, entry.address, entry.attempts)
            nextAttemptAt = DeliverCommand.pending(entry) ? entry.nextAttemptAt : nil
        }

        enum CodingKeys: String, CodingKey {
            case id, edition, tier, channel, state, subscriber, to, attempts
            case lastResult = "last_result", nextAttemptAt = "next_attempt_at"
        }
    }
}

struct SendCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "send", abstract: "Email each tier's edition to that tier's subscribers (deliver, for email only).", discussion: Examples.send)
    @OptionGroup var projectOptions: ProjectOptions
    @OptionGroup var options: DeliveryOptions

    func run() throws { try options.run(projectOptions, channels: [.email]) }
}
