import Core
import Foundation
import MarketData
import Signals

/// Reads `site.yml`. Every key is checked; every problem names file, line and column.
public enum SiteConfigReader {
    static func read(_ text: String, file: String, watchlists: [String]) throws(ConfigError) -> SiteConfig {
        guard let root = try YAMLValue.parse(text, file: file) else {
            throw ConfigError(file: file, line: 1, column: 1, message: "the file is empty; it needs at least title, base_url and tiers")
        }
        let keys = try root.mapping(allowed: ["title", "base_url", "description", "notice", "currency", "data", "tiers", "gating", "signals", "hooks", "markdown", "archive", "benchmark", "track_record", "email", "alerts"])
        func required(_ key: String) throws(ConfigError) -> YAMLValue {
            guard let value = keys[key] else { throw root.error("missing required key '\(key)'") }
            return value
        }
        let baseValue = try required("base_url")
        let baseURL = try baseValue.nonEmptyString()
        guard baseURL.hasPrefix("https://") || baseURL.hasPrefix("http://"), !baseURL.contains(" ") else {
            throw baseValue.error("base_url must be an absolute http(s) URL, found '\(baseURL)'")
        }
        var config = SiteConfig(
            title: try required("title").nonEmptyString(),
            baseURL: baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL,
            description: try keys["description"]?.string() ?? "",
            notice: try keys["notice"]?.string() ?? "",
            data: try keys["data"].map(readData) ?? DataConfig(source: .files, directory: "data"),
            tiers: try readTiers(try required("tiers"), watchlists: watchlists, currency: try keys["currency"].map(readCurrency) ?? "USD"),
            gating: try keys["gating"].map(readGating)
                ?? GatingConfig(scheme: .nginxSecureLink, secretEnvironmentVariable: "SIGNALPRESS_LINK_SECRET", linkTTLSeconds: 604_800),
            signals: try keys["signals"].map(readSignals) ?? SignalConfig())
        if let hooks = keys["hooks"] { config.hooks = try readHooks(hooks) }
        if let benchmark = keys["benchmark"] {
            let text = try benchmark.string()
            guard let symbol = Symbol(text) else { throw benchmark.error("invalid benchmark symbol '\(text)': \(Symbol.problem(with: text) ?? "")") }
            config.benchmark = symbol
        }
        if let archive = keys["archive"] { try readArchive(archive, into: &config) }
        if let record = keys["track_record"] {
            let options = try record.mapping(allowed: ["close_on"])
            if let closeOn = options["close_on"] {
                let text = try closeOn.string()
                guard let rule = TrackRecordConfig.CloseOn(rawValue: text) else { throw closeOn.error("close_on must be hold or opposite, found '\(text)'") }
                config.trackRecord.closeOn = rule
            }
        }
        if let email = keys["email"] { config.email = try readEmail(email, baseURL: config.baseURL, title: config.title) }
        if let alerts = keys["alerts"] { config.alerts = try readAlerts(alerts, tiers: config.tiers) }
        if let markdown = keys["markdown"] {
            let options = try markdown.mapping(allowed: ["raw_html"])
            config.markdown.rawHTML = try options["raw_html"]?.bool() ?? false
        }
        return config
    }

    /// `archive: { keep_days: N | all, timestamp: { url: ..., ca: ... } }`.
    static func readArchive(_ archive: YAMLValue, into config: inout SiteConfig) throws(ConfigError) {
        let options = try archive.mapping(allowed: ["keep_days", "timestamp"])
        if let timestamp = options["timestamp"] {
            let keys = try timestamp.mapping(allowed: ["url", "ca"])
            guard let urlValue = keys["url"] else { throw timestamp.error("timestamp needs the url of an RFC 3161 time-stamp authority") }
            let url = try urlValue.string()
            guard url.hasPrefix("https://") || url.hasPrefix("http://"), URL(string: url)?.host != nil, !url.contains(where: \.isWhitespace) else {
                throw urlValue.error("timestamp url must be an http:// or https:// address, found '\(url)'")
            }
            config.archiveTimestamp = TimestampConfig(url: url, ca: try keys["ca"]?.string())
        }
        if let keep = options["keep_days"], try keep.string() != "all" {
            let days = try keep.int()
            guard (1...100_000).contains(days) else { throw keep.error("keep_days must be all, or a number of editions from 1 to 100000") }
            config.archiveKeepDays = days
        }
    }

    static func readHooks(_ value: YAMLValue) throws(ConfigError) -> HooksConfig {
        let keys = try value.mapping(allowed: ["post_analysis", "timeout_seconds", "max_confidence_adjustment", "env"])
        var hooks = HooksConfig()
        if let path = keys["post_analysis"] {
            let text = try path.nonEmptyString()
            guard !text.hasPrefix("/"), !text.split(separator: "/").contains("..") else {
                throw path.error("post_analysis must be a path inside content/, found '\(text)'")
            }
            hooks.postAnalysis = text
        }
        if let timeout = keys["timeout_seconds"] {
            hooks.timeoutSeconds = try timeout.double()
            guard hooks.timeoutSeconds > 0, hooks.timeoutSeconds <= 600 else { throw timeout.error("timeout_seconds must be more than 0 and at most 600") }
        }
        if let bound = keys["max_confidence_adjustment"] {
            hooks.maxConfidenceAdjustment = try bound.double()
            guard (0...1).contains(hooks.maxConfidenceAdjustment) else { throw bound.error("max_confidence_adjustment must be between 0 and 1") }
        }
        if let names = keys["env"] {
            hooks.environment = try names.stringList()
            for name in hooks.environment where name.isEmpty || name.contains("=") || name.contains("\0") {
                throw names.error("env lists environment variable names, found '\(name)'")
            }
        }
        return hooks
    }

    static func readData(_ value: YAMLValue) throws(ConfigError) -> DataConfig {
        let httpKeys = ["url", "format", "headers", "api_key", "max_concurrent", "requests_per_minute", "timeout_seconds", "retries",
                        "max_bytes", "history_days", "symbols", "json", "grouped"]
        let keys = try value.mapping(allowed: ["source", "directory", "prices", "date_format", "stale_after_days", "calendar"] + httpKeys)
        let calendar = try keys["calendar"].map(readCalendar)
        var staleAfterDays = 5
        if let days = keys["stale_after_days"] {
            staleAfterDays = try days.int()
            guard (0...365).contains(staleAfterDays) else { throw days.error("stale_after_days must be between 0 and 365") }
        }
        var prices = CSVReader.Prices.adjusted
        if let pricesValue = keys["prices"] {
            let name = try pricesValue.string()
            guard let known = CSVReader.Prices(rawValue: name) else { throw pricesValue.error("prices must be adjusted or raw, found '\(name)'") }
            prices = known
        }
        var dateFormat = CSVReader.DateFormat.automatic
        if let formatValue = keys["date_format"] {
            let name = try formatValue.string()
            guard let known = CSVReader.DateFormat(rawValue: name.uppercased()), known != .automatic else {
                throw formatValue.error("date_format must be DD/MM/YYYY or MM/DD/YYYY, found '\(name)' (YYYY-MM-DD and DD.MM.YYYY are always read)")
            }
            dateFormat = known
        }
        var source = DataConfig.Source.files
        if let sourceValue = keys["source"] {
            let name = try sourceValue.string()
            guard let known = DataConfig.Source(rawValue: name) else {
                throw sourceValue.error("unknown data source '\(name)' (known: files, http)")
            }
            source = known
        }
        var directory = "data"
        if let directoryValue = keys["directory"] {
            directory = try directoryValue.nonEmptyString()
            guard !directory.hasPrefix("/"), !directory.split(separator: "/").contains("..") else {
                throw directoryValue.error("directory must be a path inside content/, found '\(directory)'")
            }
        }
        guard source == .http else {
            if let stray = httpKeys.first(where: { keys[$0] != nil }) {
                throw keys[stray]!.error("'\(stray)' applies only to source: http")
            }
            var config = DataConfig(source: source, directory: directory, prices: prices)
            (config.staleAfterDays, config.dateFormat, config.calendar) = (staleAfterDays, dateFormat, calendar)
            return config
        }
        var config = DataConfig(source: source, directory: directory, http: try readHTTP(keys, value), prices: prices)
        (config.staleAfterDays, config.dateFormat, config.calendar) = (staleAfterDays, dateFormat, calendar)
        return config
    }

    static func readHTTP(_ keys: [String: YAMLValue], _ value: YAMLValue) throws(ConfigError) -> HTTPSource {
        var format = HTTPSource.Format.csv
        if let formatValue = keys["format"] {
            let name = try formatValue.string()
            guard let known = HTTPSource.Format(rawValue: name) else {
                throw formatValue.error("unknown format '\(name)' (known: \(HTTPSource.Format.allCases.filter { $0 != .yahooCSV }.map(\.rawValue).joined(separator: ", ")))")
            }
            guard known != .yahooCSV else {
                throw formatValue.error("Yahoo closed its CSV download (yahoo-csv) in September 2024; use format: yahoo-chart, its chart API")
            }
            format = known
        }
        let url = try readProviderURL(keys["url"], format: format, value)
        var source = HTTPSource(url: url, format: format)
        if format == .json {
            guard let mapping = keys["json"] else { throw value.error("format: json needs json: { records, date, open, high, low, close, volume }") }
            source.jsonMapping = try readJSONMapping(mapping)
        } else if let stray = keys["json"] {
            throw stray.error("json: applies only to format: json (a preset knows its provider's fields)")
        }
        func bounded(_ key: String, _ range: ClosedRange<Int>) throws(ConfigError) -> Int? {
            guard let item = keys[key] else { return nil }
            let number = try item.int()
            guard range.contains(number) else { throw item.error("\(key) must be between \(range.lowerBound) and \(range.upperBound)") }
            return number
        }
        if let headers = keys["headers"] {
            for (name, item) in try headers.entries() {
                guard !name.isEmpty, name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" }) else { throw item.error("'\(name)' is not a header name") }
                let text = try item.string()
                guard !text.contains("\n"), !text.contains("\r") else { throw item.error("header values must be one line") }
                source.headers[name] = text
            }
        }
        if let apiKey = keys["api_key"] { source.apiKey = try readAPIKey(apiKey, format: format) }
        if let grouped = keys["grouped"] {
            source.grouped = try grouped.bool()
            guard !source.grouped || format == .polygon else { throw grouped.error("grouped: true is Polygon's grouped daily endpoint: it needs format: polygon") }
        }
        source.maxConcurrent = try bounded("max_concurrent", 1...64) ?? source.maxConcurrent
        source.requestsPerMinute = try bounded("requests_per_minute", 1...60_000) ?? source.requestsPerMinute
        if let timeout = keys["timeout_seconds"] {
            let seconds = try timeout.double()
            guard seconds > 0, seconds <= 600 else { throw timeout.error("timeout_seconds must be more than 0 and at most 600") }
            source.timeoutSeconds = seconds
        }
        source.retries = try bounded("retries", 0...10) ?? source.retries
        source.maxBytes = try bounded("max_bytes", 1_000...1_000_000_000) ?? source.maxBytes
        source.historyDays = try bounded("history_days", 30...36_500) ?? source.historyDays
        source.staleAfterDays = try bounded("stale_after_days", 0...365) ?? source.staleAfterDays
        if let symbols = keys["symbols"] {
            for (symbol, item) in try symbols.entries() {
                source.symbolNames[symbol] = try item.nonEmptyString()
            }
        }
        return source
    }

    /// An exchange's calendar by its market identifier code (`XNYS`).
    static func readCalendar(_ value: YAMLValue) throws(ConfigError) -> ExchangeCalendar {
        let name = try value.string()
        guard let code = ExchangeCalendar.Code(rawValue: name.uppercased()) else {
            throw value.error("unknown calendar '\(name)' (known: \(ExchangeCalendar.Code.allCases.map(\.rawValue).joined(separator: ", ")))")
        }
        return ExchangeCalendar(code)
    }

    /// `url`: a whole URL with `{symbol}`; for a preset, only a scheme and host (a proxy, a test
    /// server) in place of the provider's, or nothing for the provider's own.
    static func readProviderURL(_ item: YAMLValue?, format: HTTPSource.Format, _ value: YAMLValue) throws(ConfigError) -> String {
        let given = try item?.nonEmptyString()
        if let given, !given.contains("{symbol}"), let preset = format.defaultURL, URL(string: given)?.host != nil,
           given.hasPrefix("http://") || given.hasPrefix("https://"), let scheme = preset.range(of: "://"),
           let slash = preset[scheme.upperBound...].firstIndex(of: "/") {
            return (given.hasSuffix("/") ? String(given.dropLast()) : given) + preset[slash...]
        }
        guard let url = given ?? format.defaultURL else {
            throw value.error("source: http needs a url with {symbol} (or a format preset: tiingo, eodhd, alphavantage, polygon, stooq, yahoo-chart)")
        }
        guard url.contains("{symbol}") else { throw (item ?? value).error("url must contain {symbol}") }
        guard url.hasPrefix("http://") || url.hasPrefix("https://") else { throw (item ?? value).error("url must start with http:// or https://") }
        return url
    }

    /// `api_key: { env: NAME }` for a preset (it knows where the key goes), or with `header:` or `query:` for any provider.
    static func readAPIKey(_ value: YAMLValue, format: HTTPSource.Format) throws(ConfigError) -> HTTPSource.APIKey {
        let fields = try value.mapping(allowed: ["header", "query", "env"])
        guard let env = try fields["env"]?.nonEmptyString() else { throw value.error("api_key needs env (the environment variable holding the key)") }
        let place: HTTPSource.APIKey.Place
        switch (try fields["header"]?.nonEmptyString(), try fields["query"]?.nonEmptyString()) {
        case let (header?, nil): place = .header(header, prefix: "")
        case let (nil, query?): place = .query(query)
        case (nil, nil):
            guard let preset = format.keyPlace else {
                throw value.error("api_key needs header (the header name) or query (the parameter name), and env (the environment variable holding the key)")
            }
            place = preset
        case (_?, _?): throw value.error("api_key takes header or query, not both")
        }
        return HTTPSource.APIKey(place: place, environmentVariable: env)
    }

    /// `json: { records, date, date_unit, open, high, low, close, volume, adj_close }`.
    static func readJSONMapping(_ value: YAMLValue) throws(ConfigError) -> HTTPSource.JSONMapping {
        let keys = try value.mapping(allowed: ["records", "date", "date_unit", "open", "high", "low", "close", "volume", "adj_close"])
        func field(_ name: String) throws(ConfigError) -> String {
            guard let item = keys[name] else { throw value.error("json needs '\(name)', the field of each bar that holds it") }
            return try item.nonEmptyString()
        }
        var unit = HTTPSource.JSONMapping.DateUnit.iso
        if let unitValue = keys["date_unit"] {
            let name = try unitValue.string()
            guard let known = HTTPSource.JSONMapping.DateUnit(rawValue: name) else { throw unitValue.error("date_unit must be iso, s or ms, found '\(name)'") }
            unit = known
        }
        return HTTPSource.JSONMapping(records: try keys["records"]?.string() ?? "", date: try field("date"), dateUnit: unit, open: try field("open"),
                                      high: try field("high"), low: try field("low"), close: try field("close"), volume: try field("volume"),
                                      adjustedClose: try keys["adj_close"]?.nonEmptyString())
    }

    public static let idPattern = "lowercase letters, digits and '-'"

    public static func isID(_ text: String) -> Bool {
        !text.isEmpty && text.count <= 32 && text.unicodeScalars.allSatisfy {
            ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-"
        }
    }

    static func readCurrency(_ value: YAMLValue) throws(ConfigError) -> String {
        let code = try value.string()
        guard Money.isCode(code) else { throw value.error("currency must be an ISO 4217 code such as USD or EUR, found '\(code)'") }
        return code
    }

    static func readTiers(_ value: YAMLValue, watchlists known: [String], currency: String) throws(ConfigError) -> [TierConfig] {
        let items = try value.list()
        guard !items.isEmpty else { throw value.error("at least one tier is needed") }
        var tiers: [TierConfig] = []
        for item in items {
            let keys = try item.mapping(allowed: ["id", "price_cents", "download_price_cents", "currency", "delay_days", "watchlists", "features", "subscribe_url"])
            guard let idValue = keys["id"] else { throw item.error("missing required key 'id'") }
            let id = try idValue.string()
            guard isID(id) else { throw idValue.error("tier id '\(id)' may contain only \(idPattern)") }
            guard !tiers.contains(where: { $0.id.value == id }) else { throw idValue.error("duplicate tier id '\(id)'") }
            guard let priceValue = keys["price_cents"] else { throw item.error("missing required key 'price_cents'") }
            let price = try priceValue.int()
            // Bounded so that no bill can overflow: a million dollars a month at most.
            guard (0...100_000_000).contains(price) else { throw priceValue.error("price_cents must be between 0 and 100000000") }
            if let lower = tiers.last, price < lower.priceCents {
                throw priceValue.error("tiers must be ordered lowest first: '\(id)' costs \(price) cents, less than '\(lower.id)' (\(lower.priceCents))")
            }
            var downloadPrice = 0
            if let downloadValue = keys["download_price_cents"] {
                downloadPrice = try downloadValue.int()
                guard (0...1_000_000).contains(downloadPrice) else { throw downloadValue.error("download_price_cents must be between 0 and 1000000") }
            }
            var delay = 0
            if let delayValue = keys["delay_days"] {
                delay = try delayValue.int()
                guard (0...30).contains(delay) else { throw delayValue.error("delay_days must be between 0 and 30") }
            }
            guard let watchlistValue = keys["watchlists"] else { throw item.error("missing required key 'watchlists'") }
            let watchlists = try readTierWatchlists(watchlistValue, known: known)
            let features = try keys["features"].map(readFeatures) ?? [.dashboard]
            var tier = TierConfig(id: TierID(id), priceCents: price, downloadPriceCents: downloadPrice, delayDays: delay, watchlists: watchlists, features: features)
            tier.currency = try keys["currency"].map(readCurrency) ?? currency
            if let urlValue = keys["subscribe_url"] {
                let url = try urlValue.string()
                guard url.hasPrefix("https://") || url.hasPrefix("http://"), URL(string: url)?.host != nil, !url.contains(where: \.isWhitespace) else {
                    throw urlValue.error("subscribe_url must be an http(s) address, such as a Stripe Payment Link, found '\(url)'")
                }
                tier.subscribeURL = url
            }
            if let lower = tiers.last, let gap = tier.missing(from: lower, allWatchlists: known) {
                throw item.error("tier '\(id)' must see at least what '\(lower.id)' sees, but \(gap)")
            }
            tiers.append(tier)
        }
        return tiers
    }

    /// `all`, or a list of known watchlist ids, each once.
    static func readTierWatchlists(_ value: YAMLValue, known: [String]) throws(ConfigError) -> TierConfig.Watchlists {
        if case .scalar = value.node {
            guard try value.string() == "all" else { throw value.error("watchlists must be 'all' or a list of watchlist ids") }
            return .all
        }
        var ids: [String] = []
        for entry in try value.list() {
            let name = try entry.string()
            guard known.contains(name) else {
                throw entry.error("unknown watchlist '\(name)' (content/watchlists has: \(known.joined(separator: ", ")))")
            }
            guard !ids.contains(name) else { throw entry.error("watchlist '\(name)' is listed twice") }
            ids.append(name)
        }
        return .only(ids)
    }

    static func readFeatures(_ value: YAMLValue) throws(ConfigError) -> Set<Feature> {
        var features: Set<Feature> = []
        for entry in try value.list() {
            let name = try entry.string()
            guard let feature = Feature(rawValue: name) else {
                throw entry.error("unknown feature '\(name)' (known: \(Feature.allCases.map(\.rawValue).joined(separator: ", ")))")
            }
            features.insert(feature)
        }
        return features
    }

    static func readGating(_ value: YAMLValue) throws(ConfigError) -> GatingConfig {
        let keys = try value.mapping(allowed: ["scheme", "secret_env", "link_ttl_seconds", "max_networks_per_day"])
        var gating = GatingConfig(scheme: .nginxSecureLink, secretEnvironmentVariable: "SIGNALPRESS_LINK_SECRET", linkTTLSeconds: 604_800)
        if let schemeValue = keys["scheme"] {
            let name = try schemeValue.string()
            guard let scheme = GatingConfig.Scheme(rawValue: name) else {
                throw schemeValue.error("unknown scheme '\(name)' (known: nginx-secure-link, hmac)")
            }
            gating.scheme = scheme
        }
        if let envValue = keys["secret_env"] {
            let name = try envValue.nonEmptyString()
            guard name.unicodeScalars.allSatisfy({ ("A"..."Z").contains($0) || ("0"..."9").contains($0) || $0 == "_" }) else {
                throw envValue.error("secret_env must be an environment variable name such as SIGNALPRESS_LINK_SECRET")
            }
            gating.secretEnvironmentVariable = name
        }
        if let ttlValue = keys["link_ttl_seconds"] {
            gating.linkTTLSeconds = try ttlValue.int()
            guard gating.linkTTLSeconds > 0, gating.linkTTLSeconds <= 10 * 366 * 86_400 else { throw ttlValue.error("link_ttl_seconds must be from 1 to 316224000 (10 years)") }
        }
        if let networks = keys["max_networks_per_day"] {
            gating.maxNetworksPerDay = try networks.int()
            guard (1...1000).contains(gating.maxNetworksPerDay) else { throw networks.error("max_networks_per_day must be from 1 to 1000") }
        }
        return gating
    }

    static func readSignals(_ value: YAMLValue) throws(ConfigError) -> SignalConfig {
        let keys = try value.mapping(allowed: ["preset", "buy_at", "sell_at", "event_days", "min_hold_days", "exit_at", "rules"])
        var config = SignalConfig()
        if let presetValue = keys["preset"] {
            let name = try presetValue.string()
            guard let preset = SignalPreset(rawValue: name) else {
                throw presetValue.error("unknown preset '\(name)' (known: \(SignalPreset.allCases.map(\.rawValue).joined(separator: ", ")))")
            }
            config = preset.config
            config.preset = preset
        }
        if let buy = keys["buy_at"] { config.buyAt = try buy.double() }
        if let sell = keys["sell_at"] { config.sellAt = try sell.double() }
        guard (-1...1).contains(config.buyAt), (-1...1).contains(config.sellAt), config.sellAt < config.buyAt else {
            throw value.error("need -1 <= sell_at < buy_at <= 1, found sell_at \(config.sellAt), buy_at \(config.buyAt)")
        }
        if let days = keys["event_days"] {
            config.eventDays = try days.int()
            guard (1...250).contains(config.eventDays) else { throw days.error("event_days must be between 1 and 250") }
        }
        if let days = keys["min_hold_days"] {
            config.minHoldDays = try days.int()
            guard (1...250).contains(config.minHoldDays) else { throw days.error("min_hold_days must be between 1 and 250") }
        }
        if let exit = keys["exit_at"] { config.exitAt = try exit.double() }
        if let band = config.exitAt, band < 0 || band > config.buyAt || -band < config.sellAt {
            // A preset's band can fall outside thresholds written beside it: the error points at what was written.
            let written = keys["exit_at"] ?? keys["buy_at"] ?? keys["sell_at"] ?? value
            throw written.error("exit_at (\(band)\(keys["exit_at"] == nil ? ", from the preset" : "")) must be between 0 and the smaller of buy_at "
                + "(\(config.buyAt)) and -sell_at (\(-config.sellAt)): a BUY stands while the score is at least exit_at, a SELL while it is at most -exit_at")
        }
        if let rulesValue = keys["rules"] { config.rules = try readRules(rulesValue) }
        if let preset = config.preset { config.presetOverrides = config.differences(from: preset.config) }
        return config
    }

    static func readRules(_ rulesValue: YAMLValue) throws(ConfigError) -> [RuleConfig] {
        var rules: [RuleConfig] = []
        for item in try rulesValue.list() {
            let ruleKeys = try item.mapping(allowed: ["id", "weight", "params"])
            guard let idValue = ruleKeys["id"] else { throw item.error("missing required key 'id'") }
            let id = try idValue.string()
            guard let kind = RuleKind(rawValue: id) else {
                throw idValue.error("unknown rule '\(id)' (known: \(RuleKind.allCases.map(\.rawValue).joined(separator: ", ")))")
            }
            guard !rules.contains(where: { $0.kind == kind }) else { throw idValue.error("rule '\(id)' is listed twice") }
            var weight: Double?
            if let weightValue = ruleKeys["weight"] {
                weight = try weightValue.double()
                guard weight! >= 0, weight! <= 1000 else { throw weightValue.error("weight must be between 0 and 1000") }
            }
            var parameters: [String: Double] = [:]
            if let params = ruleKeys["params"] {
                for (name, parameter) in try params.entries() {
                    guard kind.defaultParameters[name] != nil else {
                        let known = kind.defaultParameters.keys.sorted().joined(separator: ", ")
                        throw parameter.error("rule '\(id)' has no parameter '\(name)' (known: \(known.isEmpty ? "none" : known))")
                    }
                    let value = try parameter.double()
                    if let problem = RuleConfig.problem(parameter: name, value: value) { throw parameter.error(problem) }
                    parameters[name] = value
                }
            }
            rules.append(RuleConfig(kind: kind, weight: weight, parameters: parameters))
        }
        return rules
    }
}
