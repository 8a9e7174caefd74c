import Core
import MarketData

/// Everything SignalPress says about one symbol as of its last bar.
public struct Analysis: Sendable {
    public let market: Market
    /// Composite score on every bar (NaN during warm-up).
    public let scores: [Double]
    /// Composite action on every bar (`nil` during warm-up).
    public let actions: [Action?]
    /// The latest signal with every vote, or `nil` when the history is too short for any rule.
    public let signal: Signal?
    public let events: [Event]
    public let statistics: Statistics
    public let backtest: Backtest
    let engine: SignalEngine

    public init(series: Series, config: SignalConfig) {
        let market = Market(series: series)
        let engine = SignalEngine(config: config)
        let scores = engine.scores(market)
        self.init(market: market, engine: engine, scores: scores, actions: config.actions(for: scores))
    }

    init(market: Market, engine: SignalEngine, scores: [Double], actions: [Action?]) {
        self.engine = engine
        self.market = market
        self.scores = scores
        self.actions = actions
        let series = market.series
        let last = series.count - 1
        signal = engine.signal(market, at: last).map { $0.taking(actions[last]) }
        events = engine.events(market, endingAt: last, actions: actions)
        let high = last >= 0 ? market.indicators.high52Week[last] : .nan
        statistics = Statistics(series: series, high52Week: high.isNaN ? nil : high)
        backtest = Backtest(close: series.close, actions: actions)
    }

    public var series: Series { market.series }

    /// The analysis as it stood at the close of bar `n - 1`, identical to analysing the first `n`
    /// bars: indicators and scores never look ahead, so they are cut rather than computed again,
    /// and only what depends on the last bar (signal, events, statistics, backtest) is redone.
    public func through(count n: Int) -> Analysis {
        guard n < series.count else { return self }
        let n = max(0, n)
        return Analysis(market: market.prefix(n), engine: engine, scores: Array(scores.prefix(n)), actions: Array(actions.prefix(n)))
    }

    /// The analysis as of the close of `day`: every bar dated on or before it.
    public func through(_ day: Day) -> Analysis {
        var end = series.count
        while end > 0 && series.dates[end - 1] > day { end -= 1 }
        return through(count: end)
    }

    /// The last bar's signal alone: the indicators and one composite, without the score history,
    /// events, statistics and backtest of a whole analysis.
    /// With `min_hold_days` or `exit_at` the last action depends on the ones before, so the score
    /// history is computed too.
    public static func latestSignal(series: Series, config: SignalConfig) -> Signal? {
        let engine = SignalEngine(config: config), market = Market(series: series)
        guard let signal = engine.signal(market, at: series.count - 1) else { return nil }
        return config.hasMemory ? signal.taking(config.actions(for: engine.scores(market)).last ?? nil) : signal
    }

    /// The signal with reasons as it stood at the close of bar `index` (no look-ahead).
    public func signal(onBar index: Int) -> Signal? {
        engine.signal(market, at: index).map { $0.taking(actions[index]) }
    }

    /// How many times the action changed over the last `bars` bars (a year: 252).
    public func signalChanges(lastBars bars: Int = 252) -> Int {
        let start = max(1, actions.count - bars)
        guard start < actions.count else { return 0 }
        return (start..<actions.count).filter { actions[$0] != nil && actions[$0 - 1] != nil && actions[$0] != actions[$0 - 1] }.count
    }

    /// The events of bar `index` alone.
    public func events(onBar index: Int) -> [Event] {
        guard index >= 0, index < series.count else { return [] }
        return engine.events(market, on: index, actions: actions)
    }
}
