import Core
import Crypto
import Delivery
import Foundation
import Ledger
import Project
import Publishing

extension BuildStep {
    /// Queues the alerts of each tier's newest live edition in the outbox, for `deliver` to send:
    /// after the site is published, so every link in them leads to a page. It runs on a build with
    /// nothing else to do too, and an alert's id is its edition's, tier's and endpoint's, so a
    /// build killed before this step has its alerts queued by the next, and none twice.
    public static let queueAlerts = BuildStep(name: "alerts", evenWhenFinished: true) { (context: inout BuildContext) throws(BuildError) in
        guard let ledger = context.ledger, context.options.recordsLedger, !context.options.checkOnly else { return }
        let project = try context.loadedProject().project
        let config = project.config
        // A build with nothing else to do has read only the log's mark: alerts need its rows.
        if !context.sealedRead, !config.alerts.isEmpty || config.tiers.contains(where: { $0.has(.webhooks) }) {
            try context.readSealedEditions()
        }
        do {
            let subscribed = try ledger.subscriberEndpoints().filter { item in
                item.subscriber.status == .active && config.tiers.first { $0.id == item.subscriber.tier }?.has(.webhooks) == true
            }
            guard !config.alerts.isEmpty || !subscribed.isEmpty else { return }
            let configured = config.alerts.map {
                (endpoint: LedgerStore.SiteEndpoint(tier: $0.tier, kind: AlertEndpoint.Kind(rawValue: $0.kind.rawValue)!, url: $0.url, secret: $0.secret),
                 chatID: $0.chatID ?? "")
            }
            let site = try ledger.siteEndpoints(configured.map(\.endpoint))
            var entries: [OutboxEntry] = []
            for tier in config.tiers {
                let endpoints = site.filter { $0.tier == tier.id && $0.status == .active } + subscribed.filter { $0.subscriber.tier == tier.id }.map(\.endpoint)
                guard !endpoints.isEmpty, let alert = context.newestAlert(tier, config: config) else { continue }
                let stamp = LedgerStore.timestamp(context.finishedAt)
                for endpoint in endpoints {
                    let chat = configured.first { $0.endpoint.key == endpoint.key }?.chatID ?? ""
                    entries.append(OutboxEntry(id: AlertMessages.id(alert, endpoint: endpoint), channel: OutboxEntry.Channel(rawValue: endpoint.kind.rawValue)!,
                                               edition: alert.edition, tier: tier.id, subscriberID: endpoint.subscriberID, endpointID: endpoint.id,
                                               address: endpoint.url, payload: Data(AlertMessages.body(alert, kind: endpoint.kind, chatID: chat)), at: stamp))
                }
            }
            context.summary.alertsQueued = try ledger.enqueue(entries)
        } catch { throw .ledgerFailed(LedgerError(error)) }
    }
}

extension BuildContext {
    /// The alert of `tier`'s newest live edition: its changes since the edition before; nil when nothing changed.
    func newestAlert(_ tier: TierConfig, config: SiteConfig) -> AlertPayload? {
        let rows = sealed.rows(tier.id).filter { $0.kind == .edition }
        guard let newest = rows.last(where: { $0.made.isLive }), let day = newest.day else { return nil }
        let archive = editions.archive(tier.id, sealed: sealed.rows(tier.id), through: day)
        guard let report = archive.load(day)?.report else { return nil }
        let before = rows.filter { $0.date < newest.date }.max { $0.date < $1.date }.flatMap(\.day).flatMap { archive.load($0)?.report }
        let changes = report.signalChanges(since: before)
        guard !changes.isEmpty else { return nil }
        let area = config.baseURL + (config.tiers.first?.id == tier.id ? "/" : "/members/\(tier.id)/")
        return AlertPayload(edition: day.iso, tier: tier.id.value, site: config.baseURL, reportURL: area + "reports/\(day.iso)/",
                            changes: changes)
    }
}

/// An alert's id and body for one endpoint.
enum AlertMessages {
    /// Standard Webhooks' `webhook-id`: the same for every attempt, and for every build that queues the same alert.
    static func id(_ alert: AlertPayload, endpoint: AlertEndpoint) -> String {
        "msg_" + Hex.sha256(Data("alert\n\(alert.edition)\n\(alert.tier)\n\(endpoint.key)".utf8)).prefix(32)
    }

    static func body(_ alert: AlertPayload, kind: AlertEndpoint.Kind, chatID: String) -> [UInt8] {
        switch kind {
        case .webhook: alert.json
        case .slack: ChatPayloads.slack(alert)
        case .discord: ChatPayloads.discord(alert)
        case .telegram: ChatPayloads.telegram(alert, chatID: chatID)
        }
    }
}
