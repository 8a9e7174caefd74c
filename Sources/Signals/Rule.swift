import MarketData

/// A configured rule, able to vote on any bar. Votes during the rule's warm-up are `nil`.
/// With `explain` false the reason is left empty: history needs only the numbers. Plain data
/// (no dictionary, no string) so the rules run on every bar without a retain or a lookup.
public struct Rule: Sendable {
    public let kind: RuleKind
    public let weight: Double
    let parameters: Parameters

    public init(_ config: RuleConfig) {
        kind = config.kind
        weight = config.weight
        parameters = Parameters(config)
    }

    public var id: String { kind.rawValue }

    public func vote(_ market: Market, at i: Int, explain: Bool) -> Vote? {
        guard let (value, reason) = evaluate(market, at: i, explain: explain) else { return nil }
        return Vote(rule: id, weight: weight, value: max(-1, min(1, value)), reason: reason)
    }

    /// The vote's value alone (clamped to [-1, 1]), for the score history.
    func value(_ market: Market, at i: Int) -> Double? {
        guard let (value, _) = evaluate(market, at: i, explain: false) else { return nil }
        return max(-1, min(1, value))
    }

    // swiftlint:disable:next cyclomatic_complexity
    private func evaluate(_ m: Market, at i: Int, explain: Bool) -> (Double, String)? {
        let close = m.series.close, ind = m.indicators
        let f = Format.price
        switch kind {
        case .trend:
            let average = ind.sma200[i]
            guard !average.isNaN, average > 0 else { return nil }
            let distance = close[i] / average - 1
            let value = distance / (parameters.fullAtPercent / 100)
            let side = distance >= 0 ? "above" : "below"
            return (value, explain ? "Close \(f(close[i])) is \(Format.percent(abs(distance))) \(side) SMA(200) \(f(average)): \(distance >= 0 ? "uptrend" : "downtrend")" : "")

        case .maCross:
            let fast = ind.sma50, slow = ind.sma200
            guard !fast[i].isNaN, !slow[i].isNaN else { return nil }
            let days = Int(parameters.withinDays)
            if let bar = m.latest(within: days, endingAt: i, where: { m.crossedAbove(fast, slow, at: $0) || m.crossedBelow(fast, slow, at: $0) }) {
                let golden = fast[bar] > slow[bar]
                return (golden ? 1 : -1, explain ? "\(golden ? "Golden" : "Death") cross: SMA(50) crossed \(golden ? "above" : "below") SMA(200) on \(m.series.dates[bar]) (\(m.daysAgo(bar, from: i)))" : "")
            }
            let above = fast[i] > slow[i]
            return (above ? 0.25 : -0.25, explain ? "SMA(50) \(f(fast[i])) is \(above ? "above" : "below") SMA(200) \(f(slow[i])); no cross in the last \(days) days" : "")

        case .rsi:
            let r = ind.rsi14
            guard !r[i].isNaN else { return nil }
            let low = parameters.oversold, high = parameters.overbought
            let value = LazyText { Format.fixed(r[i], 1) }
            if r[i] < low { return (1, explain ? "RSI(14) \(value) is below \(Format.fixed(low, 0)): oversold" : "") }
            if r[i] > high { return (-1, explain ? "RSI(14) \(value) is above \(Format.fixed(high, 0)): overbought" : "") }
            let days = Int(parameters.withinDays)
            if let bar = m.latest(within: days, endingAt: i, where: { m.crossedAbove(r, level: low, at: $0) }) {
                return (0.75, explain ? "RSI(14) crossed back above \(Format.fixed(low, 0)) on \(m.series.dates[bar]) (now \(value)): leaving oversold" : "")
            }
            if let bar = m.latest(within: days, endingAt: i, where: { m.crossedBelow(r, level: high, at: $0) }) {
                return (-0.75, explain ? "RSI(14) crossed back below \(Format.fixed(high, 0)) on \(m.series.dates[bar]) (now \(value)): leaving overbought" : "")
            }
            return (0, explain ? "RSI(14) \(value) is neutral (between \(Format.fixed(low, 0)) and \(Format.fixed(high, 0)))" : "")

        case .macd:
            let line = ind.macd.macd, signal = ind.macd.signal
            guard !line[i].isNaN, !signal[i].isNaN else { return nil }
            let numbers = LazyText { "MACD \(Format.fixed(line[i], 3)), signal \(Format.fixed(signal[i], 3))" }
            if let bar = m.latest(within: Int(parameters.withinDays), endingAt: i, where: { m.crossedAbove(line, signal, at: $0) || m.crossedBelow(line, signal, at: $0) }) {
                let up = line[bar] > signal[bar]
                return (up ? 1 : -1, explain ? "MACD crossed \(up ? "above" : "below") its signal line on \(m.series.dates[bar]) (\(numbers))" : "")
            }
            let above = line[i] >= signal[i]
            return (above ? 0.3 : -0.3, explain ? "MACD is \(above ? "above" : "below") its signal line (\(numbers))" : "")

        case .bollinger:
            let bands = ind.bollinger
            guard !bands.upper[i].isNaN else { return nil }
            if close[i] < bands.lower[i] {
                return (1, explain ? "Close \(f(close[i])) is below the lower Bollinger band \(f(bands.lower[i])): stretched to the downside" : "")
            }
            if close[i] > bands.upper[i] {
                return (-1, explain ? "Close \(f(close[i])) is above the upper Bollinger band \(f(bands.upper[i])): stretched to the upside" : "")
            }
            return (0, explain ? "Close \(f(close[i])) is inside the Bollinger bands (\(f(bands.lower[i])) to \(f(bands.upper[i])))" : "")

        case .squeeze:
            guard let on = m.squeezeOn(at: i) else { return nil }
            if on { return (0, explain ? "Bollinger squeeze on: the bands are inside the Keltner channel (volatility contracting)" : "") }
            if let bar = m.latest(within: Int(parameters.withinDays), endingAt: i, where: { m.squeezeReleased(at: $0) }) {
                let middle = ind.bollinger.middle[i]
                let up = close[i] >= middle
                return (up ? 1 : -1, explain ? "Bollinger squeeze released on \(m.series.dates[bar]) with the close \(up ? "above" : "below") the middle band \(f(middle))" : "")
            }
            return (0, explain ? "No Bollinger squeeze: the bands are outside the Keltner channel" : "")

        case .highLow52Week:
            let high = m.priorHigh52Week[i], low = m.priorLow52Week[i]
            guard !high.isNaN, !low.isNaN else { return nil }
            if m.newHigh52Week(at: i) {
                return (1, explain ? "New 52-week high \(f(m.series.high[i])) (previous high \(f(high)))" : "")
            }
            if m.newLow52Week(at: i) {
                return (-1, explain ? "New 52-week low \(f(m.series.low[i])) (previous low \(f(low)))" : "")
            }
            return (0, explain ? "Close \(f(close[i])) is \(Format.percent(1 - close[i] / high)) below the 52-week high \(f(high)) and \(Format.percent(close[i] / low - 1)) above the low \(f(low))" : "")

        case .donchian:
            let channel = ind.donchian20
            guard !channel.upper[i].isNaN else { return nil }
            if close[i] > channel.upper[i] {
                return (1, explain ? "Close \(f(close[i])) broke above the 20-day high \(f(channel.upper[i])) (Donchian breakout)" : "")
            }
            if close[i] < channel.lower[i] {
                return (-1, explain ? "Close \(f(close[i])) broke below the 20-day low \(f(channel.lower[i])) (Donchian breakdown)" : "")
            }
            return (0, explain ? "Close \(f(close[i])) is inside the 20-day range \(f(channel.lower[i])) to \(f(channel.upper[i]))" : "")

        case .volumeSpike:
            guard let ratio = m.volumeRatio(at: i) else { return nil }
            let text = LazyText { Format.fixed(ratio, 1) }
            let change = m.dayChange(at: i)
            if ratio >= parameters.ratio && change != 0 {
                let up = change > 0
                return (up ? 1 : -1, explain ? "Volume \(text)x its 20-day average on a\(up ? "n up" : " down") day" : "")
            }
            return (0, explain ? "Volume \(text)x its 20-day average: no spike" : "")

        case .adx:
            let adx = ind.directional.adx[i]
            guard !adx.isNaN else { return nil }
            let plus = ind.directional.plusDI[i], minus = ind.directional.minusDI[i]
            let di = LazyText { "+DI \(Format.fixed(plus, 1)), -DI \(Format.fixed(minus, 1))" }
            if adx < parameters.threshold {
                return (0, explain ? "ADX(14) \(Format.fixed(adx, 1)) is below \(Format.fixed(parameters.threshold, 0)): no clear trend, trend rules count \(Format.fixed(parameters.weakFactor, 2))x (\(di))" : "")
            }
            return (0, explain ? "ADX(14) \(Format.fixed(adx, 1)) shows a trend (\(di)); trend rules count in full" : "")
        }
    }

    /// The factor the ADX filter applies to trend-following rules on bar `i` (1 when no filter applies).
    public func trendFactor(_ market: Market, at i: Int) -> Double {
        guard kind == .adx else { return 1 }
        let adx = market.indicators.directional.adx[i]
        guard !adx.isNaN, adx < parameters.threshold else { return 1 }
        return parameters.weakFactor
    }
}

extension Rule {
    /// The parameters looked up by name once, when the rule is made: rules run on every bar of
    /// every history, and a dictionary lookup by string there was an eighth of the analysis.
    struct Parameters: Sendable {
        let fullAtPercent, withinDays, oversold, overbought, ratio, threshold, weakFactor: Double

        init(_ config: RuleConfig) {
            fullAtPercent = config.parameter("full_at_percent")
            withinDays = config.parameter("within_days")
            oversold = config.parameter("oversold")
            overbought = config.parameter("overbought")
            ratio = config.parameter("ratio")
            threshold = config.parameter("threshold")
            weakFactor = config.parameter("weak_factor")
        }
    }
}

/// A piece of a reason, formatted only when interpolated: history (thousands of bars) needs
/// only the votes, the last bar needs the words.
struct LazyText: CustomStringConvertible {
    let make: () -> String
    init(_ make: @escaping () -> String) { self.make = make }
    var description: String { make() }
}
