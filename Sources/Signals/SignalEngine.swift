import MarketData

/// Turns rule votes into the composite signal, its history, and the recent events.
public struct SignalEngine: Sendable {
    public let config: SignalConfig
    let rules: [Rule]

    public init(config: SignalConfig) {
        self.config = config
        rules = config.rules.map(Rule.init)
    }

    /// Composite score on every bar (NaN where no rule has data yet). Computed without reasons
    /// or votes, and without look-ahead: bar `i` uses only bars up to `i`.
    public func scores(_ market: Market) -> [Double] {
        (0..<market.count).map { i in weigh(market, at: i) { rule in rule.value(market, at: i).map { (value: $0, vote: nil) } } ?? .nan }
    }

    /// The composite signal on bar `i`, with reasons; `nil` while every rule is warming up.
    public func signal(_ market: Market, at i: Int) -> Signal? {
        guard i >= 0, i < market.count, let result = composite(market, at: i) else { return nil }
        return Signal(date: market.series.dates[i], score: result.score, action: config.action(for: result.score),
                      votes: result.votes)
    }

    func composite(_ market: Market, at i: Int) -> (score: Double, votes: [Vote])? {
        var votes: [Vote] = []
        let score = weigh(market, at: i, asking: { rule in rule.vote(market, at: i, explain: true).map { (value: $0.value, vote: $0) } },
                          counted: { votes.append($0) })
        return score.map { ($0, votes) }
    }

    /// The weighted mean of the rules' values on bar `i`, the ADX filter applied to the
    /// trend-following rules; every counted vote (with its final weight) goes to `counted`.
    private func weigh(_ market: Market, at i: Int, asking ask: (Rule) -> (value: Double, vote: Vote?)?,
                       counted: (Vote) -> Void = { _ in }) -> Double? {
        var factor = 1.0
        for rule in rules { factor *= rule.trendFactor(market, at: i) }
        var weighted = 0.0, totalWeight = 0.0
        for rule in rules {
            guard let answer = ask(rule) else { continue }
            let weight = rule.kind.followsTrend ? rule.weight * factor : rule.weight
            weighted += weight * answer.value
            totalWeight += weight
            if var vote = answer.vote {
                vote.weight = weight
                counted(vote)
            }
        }
        guard totalWeight > 0 else { return nil }
        return max(-1, min(1, weighted / totalWeight))
    }

    /// Events on the last `config.eventDays` bars up to `i`, newest first.
    public func events(_ market: Market, endingAt i: Int, actions: [Action?]) -> [Event] {
        guard i >= 0 else { return [] }
        var result: [Event] = []
        var bar = i
        while bar >= 0 && bar > i - config.eventDays {
            result += events(market, on: bar, actions: actions)
            bar -= 1
        }
        return result
    }

    func events(_ m: Market, on i: Int, actions: [Action?]) -> [Event] {
        let day = m.series.dates[i], ind = m.indicators
        let f = Format.price
        var found: [Event] = []
        func add(_ rule: RuleKind, _ direction: Int, _ text: String) {
            found.append(Event(date: day, rule: rule.rawValue, direction: direction, text: text))
        }
        if i >= 1, let now = actions[i], let before = actions[i - 1], now != before {
            found.append(Event(date: day, rule: "signal", direction: now == .buy ? 1 : now == .sell ? -1 : 0,
                               text: "Signal changed from \(before.rawValue) to \(now.rawValue)"))
        }
        let kinds = Set(rules.map(\.kind))
        if kinds.contains(.maCross) {
            if m.crossedAbove(ind.sma50, ind.sma200, at: i) { add(.maCross, 1, "Golden cross: SMA(50) \(f(ind.sma50[i])) crossed above SMA(200) \(f(ind.sma200[i]))") }
            if m.crossedBelow(ind.sma50, ind.sma200, at: i) { add(.maCross, -1, "Death cross: SMA(50) \(f(ind.sma50[i])) crossed below SMA(200) \(f(ind.sma200[i]))") }
        }
        if let rule = rules.first(where: { $0.kind == .rsi }) {
            let low = rule.parameters.oversold, high = rule.parameters.overbought
            if m.crossedAbove(ind.rsi14, level: low, at: i) { add(.rsi, 1, "RSI(14) crossed back above \(Format.fixed(low, 0)) to \(Format.fixed(ind.rsi14[i], 1))") }
            if m.crossedBelow(ind.rsi14, level: high, at: i) { add(.rsi, -1, "RSI(14) crossed back below \(Format.fixed(high, 0)) to \(Format.fixed(ind.rsi14[i], 1))") }
        }
        if kinds.contains(.macd) {
            if m.crossedAbove(ind.macd.macd, ind.macd.signal, at: i) { add(.macd, 1, "MACD crossed above its signal line") }
            if m.crossedBelow(ind.macd.macd, ind.macd.signal, at: i) { add(.macd, -1, "MACD crossed below its signal line") }
        }
        if kinds.contains(.squeeze), m.squeezeReleased(at: i) {
            let up = m.series.close[i] >= ind.bollinger.middle[i]
            add(.squeeze, up ? 1 : -1, "Bollinger squeeze released \(up ? "upwards" : "downwards")")
        }
        if kinds.contains(.highLow52Week) {
            if m.newHigh52Week(at: i) { add(.highLow52Week, 1, "New 52-week high \(f(m.series.high[i]))") }
            if m.newLow52Week(at: i) { add(.highLow52Week, -1, "New 52-week low \(f(m.series.low[i]))") }
        }
        if kinds.contains(.donchian), !ind.donchian20.upper[i].isNaN {
            if m.series.close[i] > ind.donchian20.upper[i] { add(.donchian, 1, "Close \(f(m.series.close[i])) broke above the 20-day high") }
            if m.series.close[i] < ind.donchian20.lower[i] { add(.donchian, -1, "Close \(f(m.series.close[i])) broke below the 20-day low") }
        }
        if let rule = rules.first(where: { $0.kind == .volumeSpike }), let ratio = m.volumeRatio(at: i),
           ratio >= rule.parameters.ratio, m.dayChange(at: i) != 0 {
            let up = m.dayChange(at: i) > 0
            add(.volumeSpike, up ? 1 : -1, "Volume spike: \(Format.fixed(ratio, 1))x the 20-day average on a\(up ? "n up" : " down") day")
        }
        return found
    }
}
