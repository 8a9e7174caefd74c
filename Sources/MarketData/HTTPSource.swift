import Core

/// `data.source: http` in `site.yml`: where and how politely to fetch daily bars.
public struct HTTPSource: Sendable, Equatable {
    /// Named layouts. All are read by `CSVReader`; the presets also know their provider's URL
    /// and how it says "no such symbol".
    public enum Format: String, Sendable, CaseIterable {
        case csv
        case stooq
        case yahooCSV = "yahoo-csv"

        public var defaultURL: String? {
            switch self {
            case .csv: nil
            case .stooq: "https://stooq.com/q/d/l/?s={symbol}&d1={from_compact}&d2={to_compact}&i=d"
            case .yahooCSV: "https://query1.finance.yahoo.com/v7/finance/download/{symbol}?period1={from_unix}&period2={to_unix}&interval=1d&events=history"
            }
        }
    }

    /// With `{symbol}` and optionally `{from}`/`{to}` (YYYY-MM-DD), `{from_compact}`/`{to_compact}`
    /// (YYYYMMDD) or `{from_unix}`/`{to_unix}`.
    public var url: String
    public var format: Format
    /// Sent with every request.
    public var headers: [String: String]
    /// A header whose value is read from an environment variable: never written to output or logs.
    public var secretHeader: (name: String, environmentVariable: String)?
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

    public init(url: String, format: Format = .csv, headers: [String: String] = [:], secretHeader: (name: String, environmentVariable: String)? = nil,
                maxConcurrent: Int = 4, requestsPerMinute: Int = 120, timeoutSeconds: Double = 30, retries: Int = 3,
                maxBytes: Int = 20_000_000, historyDays: Int = 3650, staleAfterDays: Int = 5, symbolNames: [String: String] = [:]) {
        self.url = url
        self.format = format
        self.headers = headers
        self.secretHeader = secretHeader
        self.maxConcurrent = maxConcurrent
        self.requestsPerMinute = requestsPerMinute
        self.timeoutSeconds = timeoutSeconds
        self.retries = retries
        self.maxBytes = maxBytes
        self.historyDays = historyDays
        self.staleAfterDays = staleAfterDays
        self.symbolNames = symbolNames
    }

    public static func == (lhs: HTTPSource, rhs: HTTPSource) -> Bool {
        lhs.url == rhs.url && lhs.format == rhs.format && lhs.headers == rhs.headers && lhs.secretHeader?.name == rhs.secretHeader?.name
            && lhs.secretHeader?.environmentVariable == rhs.secretHeader?.environmentVariable && lhs.maxConcurrent == rhs.maxConcurrent
            && lhs.requestsPerMinute == rhs.requestsPerMinute && lhs.timeoutSeconds == rhs.timeoutSeconds && lhs.retries == rhs.retries
            && lhs.maxBytes == rhs.maxBytes && lhs.historyDays == rhs.historyDays && lhs.staleAfterDays == rhs.staleAfterDays
            && lhs.symbolNames == rhs.symbolNames
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
