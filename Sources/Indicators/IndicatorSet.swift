/// Every indicator SignalPress publishes for one series, computed once over the whole history.
/// Values are NaN during warm-up; volume-based ones are `nil` when the series has no volume,
/// and NaN around a bar whose volume is missing (`MissingVolume`).
public struct IndicatorSet: Sendable {
    /// The 21 published columns, in the order of `analyze`'s CSV and TA-Lib's reference files.
    public static let columnNames = [
        "sma_20", "sma_50", "sma_200", "ema_12", "ema_26", "rsi_14", "macd", "macd_signal", "macd_hist",
        "bb_upper", "bb_middle", "bb_lower", "atr_14", "stoch_k", "stoch_d", "adx_14", "obv", "willr_14",
        "cci_20", "roc_10", "mfi_14",
    ]

    public var sma20, sma50, sma200, ema12, ema26, rsi14: [Double]
    public var macd: MACDResult
    public var bollinger: BandsResult
    public var atr14: [Double]
    public var stochastic: StochasticResult
    public var directional: DirectionalResult
    public var obv: [Double]?
    public var williamsR14, cci20, roc10: [Double]
    public var mfi14: [Double]?
    public var natr14: [Double]
    public var high52Week, low52Week: [Double]
    public var donchian20: ChannelResult
    public var keltner20: ChannelResult
    public var relativeVolume20: [Double]?

    public init(high: [Double], low: [Double], close: [Double], volume: [Double]?) {
        self.init(published: high, low: low, close: close, volume: volume)
        natr14 = natr(atr: atr14, close: close)
        high52Week = rollingMax(high, period: 252)
        low52Week = rollingMin(low, period: 252)
        donchian20 = donchian(high: high, low: low, period: 20)
        keltner20 = keltner(high: high, low: low, close: close)
        relativeVolume20 = volume.map { MissingVolume.computing($0, window: 21) { relativeVolume($0, period: 20) } }
    }

    /// The 21 published columns, each intermediate computed once: MACD's slow EMA is EMA(26),
    /// Bollinger's middle band is SMA(20), the stochastic and Williams %R share the 14-bar
    /// window, CCI and MFI the typical price. The signal inputs are left empty.
    init(published high: [Double], low: [Double], close: [Double], volume: [Double]?) {
        sma20 = sma(close, period: 20)
        sma50 = sma(close, period: 50)
        sma200 = sma(close, period: 200)
        ema12 = ema(close, period: 12)
        ema26 = ema(close, period: 26)
        rsi14 = rsi(close, period: 14)
        macd = Indicators.macd(close, fast: 12, slowEMA: ema26, slow: 26, signal: 9)
        bollinger = Indicators.bollinger(close, middle: sma20, period: 20, deviations: 2)
        atr14 = atr(high: high, low: low, close: close, period: 14)
        let window = RangeWindow(high: high, low: low, period: 14)
        stochastic = Indicators.stochastic(close: close, window: window, slowK: 3, slowD: 3)
        directional = directionalMovement(high: high, low: low, close: close, period: 14)
        williamsR14 = williamsR(close: close, window: window)
        let typical = typicalPrice(high: high, low: low, close: close)
        cci20 = cci(typical: typical, period: 20)
        roc10 = roc(close, period: 10)
        obv = volume.map { MissingVolume.computing($0, window: 1) { Indicators.obv(close: close, volume: $0) } }
        mfi14 = volume.map { MissingVolume.computing($0, window: 14) { mfi(typical: typical, volume: $0, period: 14) } }
        (natr14, high52Week, low52Week) = ([], [], [])
        donchian20 = ChannelResult(upper: [], middle: [], lower: [])
        keltner20 = donchian20
        relativeVolume20 = nil
    }

    /// The 21 published columns alone, in `columnNames` order, without the signal inputs: what
    /// TA-Lib is timed on beside `bench-indicators`.
    public static func publishedColumns(high: [Double], low: [Double], close: [Double], volume: [Double]?) -> [[Double]?] {
        IndicatorSet(published: high, low: low, close: close, volume: volume).columns
    }

    /// The 21 published columns in `columnNames` order; `nil` for a column the data cannot give.
    public var columns: [[Double]?] {
        [sma20, sma50, sma200, ema12, ema26, rsi14, macd.macd, macd.signal, macd.histogram,
         bollinger.upper, bollinger.middle, bollinger.lower, atr14, stochastic.k, stochastic.d,
         directional.adx, obv, williamsR14, cci20, roc10, mfi14]
    }
}
