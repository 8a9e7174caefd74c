import Core
import Project
import Publishing
import Tiers

extension Entitlements {
    /// Every tier's offer, lowest first: its price in its currency, the watchlists and symbols it
    /// sees, its features and delay, and where to subscribe.
    var offers: [TierOffer] {
        tiers.indices.map { rank in
            let tier = tiers[rank]
            let lists = watchlists(rank: rank)
            let symbols = Set(lists.flatMap(\.symbols)).count
            let price = tier.priceCents == 0 ? "Free" : Money(tier.priceCents, tier.currency).text + " a month"
            let download = tier.downloadPriceCents > 0 ? "+ \(Money(tier.downloadPriceCents, tier.currency).text) per download" : nil
            let features = Feature.allCases.filter(tier.has).map { feature in
                switch feature {
                case .dashboard: "the dashboard and screener"
                case .charts: "charts"
                case .reports: "daily reports and the archive"
                case .exports: "CSV and JSON exports"
                case .webhooks: "signal alerts to your own webhook"
                }
            }
            return TierOffer(id: tier.id.value, name: tier.displayName, price: price, downloadPrice: download,
                             delay: tier.delayDays > 0 ? NumberText.counted(tier.delayDays, "trading day") : nil,
                             watchlists: lists.map(\.title), symbols: symbols, features: features, subscribeURL: tier.subscribeURL)
        }
    }
}
