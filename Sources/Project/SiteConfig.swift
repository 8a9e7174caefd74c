import Core
import MarketData
import Signals

/// `content/site.yml`, decoded and validated.
public struct SiteConfig: Sendable {
    public var title: String
    public var baseURL: String
    public var description: String
    /// Shown on every page, e.g. that the data is synthetic demo data.
    public var notice: String
    public var data: DataConfig
    public var tiers: [TierConfig]
    public var gating: GatingConfig
    public var signals: SignalConfig
    public var hooks = HooksConfig()
    public var markdown = MarkdownConfig()
    /// `archive: { keep_days: N }`: how many of the newest editions stay published; nil keeps all.
    public var archiveKeepDays: Int?
    /// `archive: { timestamp: { url: ..., ca: ... } }`: an RFC 3161 authority that stamps each night's chain heads.
    public var archiveTimestamp: TimestampConfig?
    /// `track_record: { close_on: hold | opposite }`.
    public var trackRecord = TrackRecordConfig()
    /// `benchmark: SPY`: the symbol every symbol page's tearsheet is compared with.
    public var benchmark: Symbol?
    /// `email:`: the email edition's sender and SMTP server; nil when the site sends no email.
    public var email: EmailConfig?
    /// `alerts:`: the publisher's endpoints for each tier's signal alerts.
    public var alerts: [AlertEndpointConfig] = []

    public func tier(_ id: TierID) -> TierConfig? { tiers.first { $0.id == id } }
}

/// `archive.timestamp:` in `site.yml`.
public struct TimestampConfig: Sendable, Equatable {
    /// The authority's URL; requests are POSTed to it (`application/timestamp-query`).
    public var url: String
    /// The authority's CA certificates (PEM, relative to `content/`): each token received is
    /// checked against them. Without it the token's own signature is checked, not who signed it.
    public var ca: String?

    public init(url: String, ca: String? = nil) {
        self.url = url
        self.ca = ca
    }
}

/// `markdown:` in `site.yml`.
public struct MarkdownConfig: Sendable, Equatable {
    /// Keep raw HTML in every page and note (a publisher who trusts their own content); the leak check still reads it.
    public var rawHTML = false

    public init(rawHTML: Bool = false) { self.rawHTML = rawHTML }
}

public struct DataConfig: Sendable, Equatable {
    public enum Source: String, Sendable { case files, http }
    public var source: Source
    /// Relative to `content/`.
    public var directory: String
    /// Set when `source` is `http`.
    public var http: HTTPSource?
    /// `adjusted` (the default) uses `Adj Close` where a file has it; `raw` ignores it.
    public var prices: CSVReader.Prices = .adjusted
    /// How dates with slashes are read (`data.date_format`).
    public var dateFormat: CSVReader.DateFormat = .automatic
    /// A series whose last bar is more than this many calendar days before the build date is stale.
    public var staleAfterDays = 5
    /// `data.calendar`: the exchange whose sessions a nightly build expects; nil: every weekday,
    /// with `stale_after_days` of grace.
    public var calendar: ExchangeCalendar?

    public init(source: Source, directory: String, http: HTTPSource? = nil, prices: CSVReader.Prices = .adjusted) {
        self.source = source
        self.directory = directory
        self.http = http
        self.prices = prices
    }
}

public enum Feature: String, Sendable, CaseIterable, Comparable {
    case dashboard, charts, reports, exports
    /// Subscribers may add their own alert endpoints (`subscribers add-endpoint`).
    case webhooks

    public static func < (lhs: Feature, rhs: Feature) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}

public struct TierConfig: Sendable, Equatable {
    public enum Watchlists: Sendable, Equatable {
        case all
        case only([String])
    }

    public var id: TierID
    /// The monthly base price, in `currency`'s minor units.
    public var priceCents: Int
    /// ISO 4217 code of the tier's prices (`currency:` on the tier, else at the top of `site.yml`; default USD).
    public var currency = "USD"
    /// Metered: charged per bundle download recorded from the access logs.
    public var downloadPriceCents: Int = 0
    public var delayDays: Int
    /// `subscribe_url`: where the pricing page's button for this tier leads (a Stripe Payment
    /// Link, a Buttondown, Ghost or Substack page, any http(s) address).
    public var subscribeURL: String?
    public var watchlists: Watchlists
    public var features: Set<Feature>

    public func sees(watchlist id: String) -> Bool {
        switch watchlists {
        case .all: true
        case let .only(ids): ids.contains(id)
        }
    }

    public func has(_ feature: Feature) -> Bool { features.contains(feature) }

    /// The tier as readers see it named: its id, capitalised (`Pro`).
    public var displayName: String { id.value.prefix(1).uppercased() + id.value.dropFirst() }

    /// What `lower` sees that this tier does not, or `nil` when this tier sees everything `lower` does.
    func missing(from lower: TierConfig, allWatchlists: [String]) -> String? {
        if let watchlist = allWatchlists.first(where: { lower.sees(watchlist: $0) && !sees(watchlist: $0) }) {
            return "it lacks watchlist '\(watchlist)'"
        }
        if let feature = lower.features.subtracting(features).min() { return "it lacks feature '\(feature.rawValue)'" }
        if delayDays > lower.delayDays { return "its delay_days \(delayDays) is longer than \(lower.delayDays)" }
        return nil
    }
}

public struct GatingConfig: Sendable, Equatable {
    public enum Scheme: String, Sendable, CaseIterable {
        case nginxSecureLink = "nginx-secure-link"
        case hmac
    }
    public var scheme: Scheme
    public var secretEnvironmentVariable: String
    public var linkTTLSeconds: Int
    /// `usage report --sharing` names a subscriber whose members' tokens were used from more
    /// networks (IPv4 /24, IPv6 /48) in one day: a shared password's tell.
    public var maxNetworksPerDay = 4

    public init(scheme: Scheme, secretEnvironmentVariable: String, linkTTLSeconds: Int, maxNetworksPerDay: Int = 4) {
        (self.scheme, self.secretEnvironmentVariable, self.linkTTLSeconds, self.maxNetworksPerDay) = (scheme, secretEnvironmentVariable, linkTTLSeconds, maxNetworksPerDay)
    }
}

/// `hooks:` in `site.yml`: an executable run once per build with the day's signals as JSON.
public struct HooksConfig: Sendable, Equatable {
    /// Relative to `content/`; nil when there is no hook.
    public var postAnalysis: String?
    public var timeoutSeconds: Double = 10
    /// The largest confidence change (either way) the hook may make, as a fraction.
    public var maxConfidenceAdjustment: Double = 0.1
    /// Variables passed on to the hook besides PATH, HOME, LANG and TZ (`hooks.env`): the
    /// hook never sees the link secret or the data API key unless they are listed here.
    public var environment: [String] = []

    public init(postAnalysis: String? = nil, timeoutSeconds: Double = 10, maxConfidenceAdjustment: Double = 0.1) {
        self.postAnalysis = postAnalysis
        self.timeoutSeconds = timeoutSeconds
        self.maxConfidenceAdjustment = maxConfidenceAdjustment
    }
}
