import Core
import CurlTransfer
import Delivery
import Foundation
import Ledger
import Project

extension Workspace {
    /// How `deliver` and `send` send, from `site.yml`'s `email:` and the environment.
    func courierSettings(environment: [String: String], wait: Double, timeout: Double) throws(BuildError) -> Courier.Settings {
        let project: Project
        do throws(ConfigErrors) { project = try Project.load(from: root) } catch { throw .config(error) }
        let email = project.config.email
        var server: SMTPClient.Server?
        if let email, let url = email.smtpURL {
            var password: String?
            if let variable = email.passwordEnvironmentVariable {
                guard let value = environment[variable], !value.isEmpty else {
                    throw .delivery(.courier(.missingEnvironment(variable: variable, endpoint: "email.password_env")))
                }
                password = value
            }
            server = SMTPClient.Server(url: url, username: email.username, password: password)
        }
        return Courier.Settings(smtp: server, envelopeSender: email?.fromAddress ?? "", messagesPerMinute: email?.messagesPerMinute ?? 60,
                                alertTimeout: timeout, wait: wait, environment: environment)
    }

    /// Drains the outbox's `channels` (`deliver`; `send` is the email channel alone).
    public func deliver(_ channels: Set<OutboxEntry.Channel>, ledger: LedgerStore, clock: Clock, environment: [String: String],
                        wait: Double = 10, timeout: Double = 15) throws(BuildError) -> Courier.Report {
        let settings = try courierSettings(environment: environment, wait: wait, timeout: timeout)
        // Two senders take turns (a cron line that overlaps itself): a row one of them is sending
        // would look to the other like one a killed sender left, and go twice.
        let lock: ProjectLock
        do { lock = try ProjectLock(state.url.appendingPathComponent("deliver.lock")) } catch {
            throw .file(.cannotWrite(path: state.url.appendingPathComponent("deliver.lock").path, reason: "\(error)"))
        }
        defer { lock.release() }
        do throws(DeliveryError) {
            return try Courier(ledger: ledger, clock: clock, settings: settings).drain(channels)
        } catch { throw .delivery(.courier(error)) }
    }
}

/// What one `send` or `deliver` did.
public struct DeliveryRun {
    /// Per tier with an edition: its day, and how many emails were new in the outbox.
    public var queued: [(tier: TierID, edition: String, queued: Int)] = []
    public var report = Courier.Report()
    /// Why the emails could not be queued: what was already queued went out all the same.
    public var queueing: BuildError?
}

extension Workspace {
    /// `send` and `deliver`: queues each tier's edition of `date` (default: the newest) when
    /// `site.yml` sends email, then drains `channels`. Emails that cannot be queued (no link
    /// secret, a template error) do not hold back what is already queued, the alerts among it.
    public func deliverEditions(date: String?, channels: Set<OutboxEntry.Channel>, ledger: LedgerStore, clock: Clock,
                                environment: [String: String], wait: Double, timeout: Double) throws(BuildError) -> DeliveryRun {
        var run = DeliveryRun()
        if try sendsEmail() {
            do throws(BuildError) { run.queued = try queueEmails(date: date, ledger: ledger, clock: clock, environment: environment) } catch {
                run.queueing = error
            }
        }
        run.report = try deliver(channels, ledger: ledger, clock: clock, environment: environment, wait: wait, timeout: timeout)
        return run
    }

    /// Whether `site.yml` has an `email:` block.
    public func sendsEmail() throws(BuildError) -> Bool {
        do throws(ConfigErrors) { return try Project.load(from: root).config.email != nil } catch { throw .config(error) }
    }

    /// `subscribers add-endpoint`: a subscriber's own endpoint, on a tier with the `webhooks`
    /// feature; a webhook gets a new `whsec_` secret. An https:// address, or http:// to this machine.
    public func addEndpoint(subscriber id: String, kind: String, url: String, ledger: LedgerStore) throws(BuildError) -> AlertEndpoint {
        let entitlements = try entitlements()
        let parsed = URL(string: url)
        let loopback = parsed?.host.map(Loopback.contains(host:)) ?? false
        guard let scheme = parsed?.scheme, scheme == "https" || (scheme == "http" && loopback), parsed?.host != nil,
              !url.contains(where: \.isWhitespace) else { throw .delivery(.invalidEndpointURL(url)) }
        guard let kind = AlertEndpoint.Kind(rawValue: kind) else { throw .delivery(.invalidEndpointURL(url)) }
        do {
            guard let subscriber = try ledger.subscriber(id) else { throw LedgerError.unknownSubscriber(id: id) }
            guard entitlements.tier(subscriber.tier)?.has(.webhooks) == true else {
                throw BuildError.delivery(.webhooksNotIncluded(subscriber: id, tier: subscriber.tier))
            }
            return try ledger.addEndpoint(subscriber: id, kind: kind, url: url, secret: kind == .webhook ? StandardWebhook.newSecret() : "")
        } catch let error as BuildError { throw error } catch { throw .ledgerFailed(LedgerError(error)) }
    }
}
