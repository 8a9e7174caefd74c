import Core
import CurlTransfer
import Foundation
import Ledger

/// Drains the outbox: every due email and alert is marked in the ledger as being sent, sent,
/// and its result recorded, so a sender killed at any point resumes where it stopped. An id
/// is sent again only when its attempt began and its end was never recorded (the server may
/// have taken it); it goes with the same `Message-ID` or `webhook-id`, so the receiver can tell.
public struct Courier {
    public struct Settings: Sendable {
        /// `email.smtp_url` and its login; nil when the site sends no email.
        public var smtp: SMTPClient.Server?
        /// The envelope sender (`MAIL FROM`): the address of `email.from`.
        public var envelopeSender: String
        public var messagesPerMinute: Int
        /// Each alert's whole request.
        public var alertTimeout: Double
        /// How long a run waits in place for a retry that falls due soon (the 5 s one); later
        /// ones are left for the next run.
        public var wait: Double
        /// Where `$NAME` in an endpoint's URL or secret is looked up.
        public var environment: [String: String]

        public init(smtp: SMTPClient.Server?, envelopeSender: String, messagesPerMinute: Int, alertTimeout: Double = 15,
                    wait: Double = 10, environment: [String: String]) {
            self.smtp = smtp
            self.envelopeSender = envelopeSender
            self.messagesPerMinute = messagesPerMinute
            self.alertTimeout = alertTimeout
            self.wait = wait
            self.environment = environment
        }
    }

    /// What one run did, by the state each attempt left.
    public struct Report: Sendable, Equatable {
        public var attempts: [OutboxEntry.State: Int] = [:]
        /// What stopped deliveries to an endpoint, or all email, during this run (each once).
        public var problems: [DeliveryError] = []

        public init() {}
    }

    let ledger: LedgerStore
    let clock: Clock
    let settings: Settings
    let started = ContinuousClock.now

    public init(ledger: LedgerStore, clock: Clock, settings: Settings) {
        self.ledger = ledger
        self.clock = clock
        self.settings = settings
    }

    /// The command's clock, moved on by the time this run has taken.
    func now() -> Date {
        let elapsed = ContinuousClock.now - started
        return clock.after(seconds: Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18)
    }

    /// Sends what is due on `channels` until nothing is due within `settings.wait`. A problem of
    /// one endpoint (its secret not set) or of the SMTP server (a refused login) stops what goes
    /// there, not the rest: it is in the report's `problems`, for the command to fail on.
    public func drain(_ channels: Set<OutboxEntry.Channel>) throws(DeliveryError) -> Report {
        var report = Report()
        let smtp = SMTPClient(), http = HTTPClient()
        var lastEmail: ContinuousClock.Instant?
        var held = Set<String>(), heldChannels = Set<OutboxEntry.Channel>()
        while true {
            let due: [OutboxEntry]
            do { due = try ledger.dueDeliveries(at: now(), channels: channels) } catch { throw .ledger(LedgerError(error).description) }
            let sendable = due.filter { !held.contains($0.id) && !heldChannels.contains($0.channel) }
            if sendable.isEmpty {
                let next: Date?
                do { next = try ledger.nextDue(channels: channels) } catch { throw .ledger(LedgerError(error).description) }
                // Only held entries due now, or nothing due soon: this run is done.
                guard let next, next > now(), next.timeIntervalSince(now()) <= settings.wait else { return report }
                Thread.sleep(forTimeInterval: next.timeIntervalSince(now()) + 0.05)
                continue
            }
            for entry in sendable where !heldChannels.contains(entry.channel) {
                if entry.channel == .email {
                    if let lastEmail { Self.pace(since: lastEmail, perMinute: settings.messagesPerMinute) }
                    lastEmail = .now
                }
                do throws(DeliveryError) {
                    if let state = try attempt(entry, smtp: smtp, http: http) { report.attempts[state, default: 0] += 1 }
                } catch {
                    if case .ledger = error { throw error }
                    if !report.problems.contains(error) { report.problems.append(error) }
                    // A refused sender or a missing server stops that channel; an endpoint's problem, its entries.
                    if entry.channel == .email { heldChannels.insert(.email) } else { held.formUnion(due.filter { $0.endpointID == entry.endpointID }.map(\.id)) }
                    held.insert(entry.id)
                }
            }
        }
    }

    /// Waits out what is left of one message's share of a minute.
    static func pace(since last: ContinuousClock.Instant, perMinute: Int) {
        let interval = Duration.seconds(60.0 / Double(max(1, perMinute)))
        let left = last + interval - .now
        if left > .zero { Thread.sleep(forTimeInterval: Double(left.components.seconds) + Double(left.components.attoseconds) / 1e18) }
    }

    /// One attempt of `entry`, recorded before and after; the state it left, nil when it was not attempted.
    func attempt(_ entry: OutboxEntry, smtp: SMTPClient, http: HTTPClient) throws(DeliveryError) -> OutboxEntry.State? {
        let request: Attempt
        do { request = try Attempt.prepare(entry, settings: settings, endpoint: entry.endpointID.flatMap { try ledger.endpoint($0) }) } catch let error as DeliveryError {
            throw error
        } catch { throw .ledger(LedgerError(error).description) }
        let begun = now()
        let current: OutboxEntry?
        do { current = try ledger.beginAttempt(entry.id, at: begun) } catch { throw .ledger(LedgerError(error).description) }
        guard let current else { return nil }
        let result = request.send(current, smtp: smtp, http: http, settings: settings, now: begun)
        let end = result.end(for: current, now: now(), event: usageEvent(current))
        do { try ledger.finishAttempt(current.id, started: begun, ended: now(), end) } catch { throw .ledger(LedgerError(error).description) }
        if case let .refused(reason) = result { throw .smtpRefused(server: settings.smtp?.url ?? "", reason: reason) }
        switch end {
        case .sent: return .sent
        case let .retry(_, at): return at == nil ? .failed : .retrying
        case .bounced: return .bounced
        case .endpointGone: return .disabled
        }
    }

    /// The billable fact of a delivery accepted: one per outbox id.
    func usageEvent(_ entry: OutboxEntry) -> UsageEvent {
        let name: UsageEvent.Name = entry.channel == .email ? .emailSent : .alertSent
        return UsageEvent(event: name, subscriber: entry.subscriberID, value: 1, occurredAt: UTCTime.format(unix: Int(now().timeIntervalSince1970)),
                          source: "deliver", properties: ["tier": entry.tier.value, "edition": entry.edition, "channel": entry.channel.rawValue, "id": entry.id],
                          fact: [entry.id])
    }
}
