/// The rule catalogue. Each rule has named numeric parameters with defaults; a configuration
/// may override any of them and nothing else.
public enum RuleKind: String, Sendable, CaseIterable, Codable {
    case trend
    case maCross = "ma_cross"
    case rsi
    case macd
    case bollinger
    case squeeze
    case highLow52Week = "high_low_52w"
    case donchian
    case volumeSpike = "volume_spike"
    case adx

    public var defaultParameters: [String: Double] {
        switch self {
        case .trend: ["full_at_percent": 5]
        case .maCross: ["within_days": 10]
        case .rsi: ["oversold": 30, "overbought": 70, "within_days": 3]
        case .macd: ["within_days": 3]
        case .bollinger: [:]
        case .squeeze: ["within_days": 5]
        case .highLow52Week: [:]
        case .donchian: [:]
        case .volumeSpike: ["ratio": 2]
        case .adx: ["threshold": 20, "weak_factor": 0.5]
        }
    }

    public var defaultWeight: Double {
        switch self {
        case .trend, .maCross, .rsi, .macd: 1
        case .highLow52Week, .donchian: 0.75
        case .bollinger, .squeeze, .volumeSpike: 0.5
        case .adx: 0
        }
    }

    /// Trend-following rules, whose weight the ADX filter reduces when there is no trend.
    public var followsTrend: Bool {
        switch self {
        case .trend, .maCross, .macd, .highLow52Week, .donchian: true
        default: false
        }
    }
}
