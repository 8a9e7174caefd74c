/// What a tier offers a reader deciding whether to pay: made from the entitlements by the
/// build, shown on the public site's pricing page and as the dashboard's locked counts.
public struct TierOffer: TemplateView, Equatable {
    let id: String
    let name: String
    /// `$29.00 a month`, or `Free`.
    let price: String
    /// `+ $0.05 per download`, when downloads are metered.
    let downloadPrice: String?
    /// `1 trading day`, when the tier is delayed.
    let delay: String?
    /// The watchlists' titles, joined.
    let watchlists: String
    /// Distinct symbols across the tier's watchlists.
    let symbols: Int
    /// `14 symbols`.
    let symbolCount: String
    let features: String
    let subscribeURL: String?

    public init(id: String, name: String, price: String, downloadPrice: String?, delay: String?, watchlists: [String], symbols: Int,
                features: [String], subscribeURL: String?) {
        (self.id, self.name, self.price, self.downloadPrice, self.delay) = (id, name, price, downloadPrice, delay)
        (self.watchlists, self.symbols, self.features, self.subscribeURL) = (watchlists.joined(separator: ", "), symbols, features.joined(separator: ", "), subscribeURL)
        symbolCount = symbols == 1 ? "1 symbol" : "\(symbols) symbols"
    }
}

/// `pricing/index.html`: every tier, lowest first.
public struct PricingView: TemplateView {
    let tiers: [TierOffer]
}

/// On the public dashboard: what a paid tier adds (`Pro: 12 more symbols, Growth and Income`).
public struct Upgrade: TemplateView {
    let name: String
    let more: String
    let watchlists: String
}
