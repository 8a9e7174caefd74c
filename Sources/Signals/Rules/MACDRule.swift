import MarketData

/// MACD crossing its signal line within `within_days`, else which side of it it is.
enum MACDRule: RuleEvaluation {
    static func evaluate(_ m: Market, at i: Int, _ p: Rule.Parameters, explain: Bool) -> (Double, String)? {
        let ind = m.indicators
        let line = ind.macd.macd, signal = ind.macd.signal
        guard !line[i].isNaN, !signal[i].isNaN else { return nil }
        let numbers = LazyText { "MACD \(Format.fixed(line[i], 3)), signal \(Format.fixed(signal[i], 3))" }
        if let bar = m.latest(within: Int(p.withinDays), endingAt: i, where: { m.crossedAbove(line, signal, at: $0) || m.crossedBelow(line, signal, at: $0) }) {
            let up = line[bar] > signal[bar]
            return (up ? 1 : -1, explain ? "MACD crossed \(up ? "above" : "below") its signal line on \(m.series.dates[bar]) (\(numbers))" : "")
        }
        let above = line[i] >= signal[i]
        return (above ? 0.3 : -0.3, explain ? "MACD is \(above ? "above" : "below") its signal line (\(numbers))" : "")
    }
}
