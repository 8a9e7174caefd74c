import Core

/// `data.source: http` in `site.yml`: where and how politely to fetch daily bars.
public struct HTTPSource: Sendable, Equatable {
    /// What the provider answers. `csv` and `json` (with a `JSONMapping`) are any provider's; the
    /// presets know their provider's URL, where its key goes, its response's shape and how it
    /// says "no data" or "slow down".
    public enum Format: String, Sendable, CaseIterable {
        case csv
        case json
        case tiingo
        case eodhd
        case alphavantage
        case polygon
        case stooq
        case yahooChart = "yahoo-chart"
        /// Closed by Yahoo in September 2024; kept so that an old configuration gets a clear error.
        case yahooCSV = "yahoo-csv"

        public var defaultURL: String? {
            switch self {
            case .csv, .json: nil
            case .tiingo: "https://api.tiingo.com/tiingo/daily/{symbol}/prices?startDate={from}&endDate={to}&format=json"
            case .eodhd: "https://eodhd.com/api/eod/{symbol}?from={from}&to={to}&period=d&fmt=json"
            case .alphavantage: "https://www.alphavantage.co/query?function=TIME_SERIES_DAILY_ADJUSTED&symbol={symbol}&outputsize=full&datatype=csv"
            case .polygon: "https://api.polygon.io/v2/aggs/ticker/{symbol}/range/1/day/{from}/{to}?adjusted=true&sort=asc&limit=50000"
            case .stooq: "https://stooq.com/q/d/l/?s={symbol}&d1={from_compact}&d2={to_compact}&i=d"
            case .yahooChart: "https://query1.finance.yahoo.com/v8/finance/chart/{symbol}?period1={from_unix}&period2={to_unix}&interval=1d&events=div%7Csplit"
            case .yahooCSV: "https://query1.finance.yahoo.com/v7/finance/download/{symbol}?period1={from_unix}&period2={to_unix}&interval=1d&events=history"
            }
        }

        /// Where the provider wants its key: Tiingo in `Authorization: Token`, the others in the query.
        public var keyPlace: APIKey.Place? {
            switch self {
            case .tiingo: .header("Authorization", prefix: "Token ")
            case .eodhd: .query("api_token")
            case .alphavantage, .stooq: .query("apikey")
            case .polygon: .query("apiKey")
            case .csv, .json, .yahooChart, .yahooCSV: nil
            }
        }

        /// The shape of a preset's JSON answer.
        public var mapping: JSONMapping? {
            switch self {
            case .tiingo: JSONMapping(records: "", date: "date", open: "open", high: "high", low: "low", close: "close", volume: "volume",
                                      adjustedClose: "adjClose")
            case .eodhd: JSONMapping(records: "", date: "date", open: "open", high: "high", low: "low", close: "close", volume: "volume",
                                     adjustedClose: "adjusted_close")
            case .polygon: JSONMapping(records: "results", date: "t", dateUnit: .milliseconds, open: "o", high: "h", low: "l", close: "c", volume: "v")
            default: nil
            }
        }
    }

    /// The provider's key: always read from the environment, never written to the cache, the output or a message.
    public struct APIKey: Sendable, Equatable {
        public enum Place: Sendable, Equatable {
            /// A header, its value the prefix and the key (`Authorization: Token KEY`).
            case header(String, prefix: String)
            /// A query parameter, added to the request only.
            case query(String)
        }

        public var place: Place
        public var environmentVariable: String

        public init(place: Place, environmentVariable: String) {
            self.place = place
            self.environmentVariable = environmentVariable
        }
    }

    /// How a JSON answer holds its bars: an array of records at `records` (a dotted path; empty:
    /// the document is the array), each with these fields.
    public struct JSONMapping: Sendable, Equatable {
        public enum DateUnit: String, Sendable, CaseIterable {
            /// `2026-11-27`, or an ISO 8601 time whose date part is taken.
            case iso
            case seconds = "s"
            case milliseconds = "ms"
        }

        public var records: String
        public var date: String
        public var dateUnit: DateUnit
        public var open, high, low, close, volume: String
        public var adjustedClose: String?

        public init(records: String, date: String, dateUnit: DateUnit = .iso, open: String, high: String, low: String, close: String, volume: String,
                    adjustedClose: String? = nil) {
            (self.records, self.date, self.dateUnit) = (records, date, dateUnit)
            (self.open, self.high, self.low, self.close, self.volume, self.adjustedClose) = (open, high, low, close, volume, adjustedClose)
        }
    }

    /// With `{symbol}` and optionally `{from}`/`{to}` (YYYY-MM-DD), `{from_compact}`/`{to_compact}`
    /// (YYYYMMDD) or `{from_unix}`/`{to_unix}`.
    public var url: String
    public var format: Format
    /// Sent with every request.
    public var headers: [String: String]
    /// The provider's key, from the environment.
    public var apiKey: APIKey?
    /// `format: json`'s field mapping (a preset brings its own).
    public var jsonMapping: JSONMapping?
    public var maxConcurrent: Int
    public var requestsPerMinute: Int
    public var timeoutSeconds: Double
    public var retries: Int
    public var maxBytes: Int
    /// Calendar days of history requested.
    public var historyDays: Int
    /// A series whose last bar is more than this many calendar days before the requested date is rejected.
    public var staleAfterDays: Int
    /// Provider-specific names, e.g. `AAPL: aapl.us`.
    public var symbolNames: [String: String]
    /// `polygon` only: new days come from the grouped daily endpoint, one request a day for every symbol.
    public var grouped = false

    public init(url: String, format: Format = .csv, headers: [String: String] = [:], apiKey: APIKey? = nil,
                maxConcurrent: Int = 4, requestsPerMinute: Int = 120, timeoutSeconds: Double = 30, retries: Int = 3,
                maxBytes: Int = 20_000_000, historyDays: Int = 3650, staleAfterDays: Int = 5, symbolNames: [String: String] = [:]) {
        self.url = url
        self.format = format
        self.headers = headers
        self.apiKey = apiKey
        jsonMapping = format.mapping
        self.maxConcurrent = maxConcurrent
        self.requestsPerMinute = requestsPerMinute
        self.timeoutSeconds = timeoutSeconds
        self.retries = retries
        self.maxBytes = maxBytes
        self.historyDays = historyDays
        self.staleAfterDays = staleAfterDays
        self.symbolNames = symbolNames
    }

    /// The request URL for `symbol` covering `from...to`.
    public func url(for symbol: Symbol, from: Day, to: Day) -> String {
        let name = symbolNames[symbol.value] ?? symbol.value
        let compact = { (day: Day) in day.iso.replacingOccurrences(of: "-", with: "") }
        return url.replacingOccurrences(of: "{symbol}", with: name.addingPercentEncodingForQuery)
            .replacingOccurrences(of: "{from}", with: from.iso).replacingOccurrences(of: "{to}", with: to.iso)
            .replacingOccurrences(of: "{from_compact}", with: compact(from)).replacingOccurrences(of: "{to_compact}", with: compact(to))
            .replacingOccurrences(of: "{from_unix}", with: String(from.unixTime)).replacingOccurrences(of: "{to_unix}", with: String(to.unixTime + 86_400))
    }
}

extension String {
    /// Percent-encodes everything but unreserved characters (RFC 3986), for a value in a URL.
    var addingPercentEncodingForQuery: String {
        var out = ""
        for byte in utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                 UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"):
                out.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                out += "%" + Hex.string([byte], uppercase: true)
            }
        }
        return out
    }
}
