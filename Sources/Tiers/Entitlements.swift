import Core
import Foundation
import Project

/// Who sees what, decided in one place: the tiers in rank order (the order of `site.yml`, the
/// public site's first), which watchlists, pages and notes each sees, with what delay, and
/// what each tier's output must not contain.
public struct Entitlements: Sendable {
    public let project: Project

    public init(_ project: Project) { self.project = project }

    /// Lowest first: a tier sees everything the tiers before it see.
    public var tiers: [TierConfig] { project.config.tiers }
    public var tierIDs: [TierID] { tiers.map(\.id) }
    /// The public site is the lowest tier's view.
    public var publicTier: TierConfig { tiers[0] }

    public func tier(_ id: TierID) -> TierConfig? { tiers.first { $0.id == id } }
    public func rank(of id: TierID) -> Int? { tiers.firstIndex { $0.id == id } }
    public func isPublic(_ id: TierID) -> Bool { rank(of: id) == 0 }

    /// `tier`, or why it is refused: a command given a tier the site does not have.
    public func known(_ id: TierID) throws(TiersError) -> TierConfig {
        guard let tier = tier(id) else { throw .unknownTier(id, known: tierIDs) }
        return tier
    }

    /// Tiers whose bundles anyone may download: the first tier, when it is free (as `deploy-config` serves them).
    public var publicBundleTiers: [TierID] {
        guard let first = tiers.first, first.priceCents == 0 else { return [] }
        return [first.id]
    }

    /// Tiers that cost nothing at all: their downloads are never refused for want of a token.
    public var freeTiers: Set<TierID> { Set(tiers.filter { $0.priceCents == 0 && $0.downloadPriceCents == 0 }.map(\.id)) }

    /// The currency a tier is billed in; a tier since removed from `site.yml` in the site's first.
    public func currency(of id: TierID) -> String { tier(id)?.currency ?? tiers[0].currency }

    /// The watchlists tier `rank` sees, in configuration order.
    public func watchlists(rank: Int) -> [Watchlist] { project.watchlists(for: tiers[rank]) }

    /// The rank of the lowest tier a page or note is for (every tier when it names none).
    public func rank(of page: ContentPage) -> Int { page.tier.flatMap { rank(of: $0) } ?? 0 }

    /// The trading day tier `rank` shows: its `delay_days` before the last of `tradingDays`.
    public func date(rank: Int, tradingDays: [Day]) -> Day {
        tradingDays[max(0, tradingDays.count - 1 - tiers[rank].delayDays)]
    }

    /// The lowest tier with a watchlist that holds `symbol`.
    public func lowestTier(seeing symbol: String) -> TierConfig? {
        tiers.first { tier in project.watchlists(for: tier).contains { $0.symbols.contains { $0.value == symbol } } }
    }

    /// What tier `rank`'s output (dated `date`) must not contain: higher tiers' symbols, pages and
    /// notes, and any trading day after its date.
    public func boundary(rank: Int, date: Day, tradingDays: [Day], vocabulary: Set<String>) -> LeakCheck.Boundary {
        let visible = Set(watchlists(rank: rank).flatMap(\.symbols).map(\.value))
        var fragments: [(text: String, item: String)] = []
        for page in project.pages where self.rank(of: page) > rank {
            let item = "the page '\(page.title)' (\(page.file)), which only \(tiers[self.rank(of: page)].id) and above may see"
            fragments.append(("pages/\(page.slug)/", item))
            if let text = LeakCheck.distinctiveText(of: page.source) { fragments.append((text, item)) }
        }
        for note in project.notes where self.rank(of: note) > rank || note.date.map({ $0 > date }) == true {
            if let text = LeakCheck.distinctiveText(of: note.source) {
                fragments.append((text, "text of the note \(note.file), which \(tiers[rank].id) may not see yet or at all"))
            }
        }
        return LeakCheck.Boundary(name: tiers[rank].id.value, symbols: Set(project.symbols.map(\.value)).subtracting(visible)
                                    // The benchmark is named on every tier's symbol pages, whichever watchlist also has it.
                                    .subtracting(project.config.benchmark.map { [$0.value] } ?? []),
                                  laterDays: Set(tradingDays.filter { $0 > date }.map(\.iso)), fragments: fragments, vocabulary: vocabulary)
    }

    /// The host of `base_url` (`_`, nginx's catch-all, when it has none).
    public var host: String { URL(string: project.config.baseURL)?.host ?? "_" }

    /// The link secret, read once from the variable `gating.secret_env` names.
    public func linkSecret(environment: [String: String]) throws(TiersError) -> String {
        let variable = project.config.gating.secretEnvironmentVariable
        guard let secret = environment[variable], !secret.isEmpty else { throw .secretNotSet(variable: variable) }
        guard secret.count >= 16 else { throw .secretTooShort(variable: variable) }
        return secret
    }

    /// The signer of the site's links, with the secret from `environment`.
    public func signer(environment: [String: String]) throws(TiersError) -> SignedLink {
        SignedLink(scheme: project.config.gating.scheme, secret: try linkSecret(environment: environment))
    }

    /// Refuses a gating scheme other than `scheme`, which `what` checks.
    public func requireScheme(_ scheme: GatingConfig.Scheme, for what: String) throws(TiersError) {
        let have = project.config.gating.scheme
        guard have == scheme else { throw .wrongScheme(have: have, need: scheme, checker: what) }
    }
}
