import MarketData

/// Volume `ratio` times its 20-day average on an up or down day.
enum VolumeSpikeRule: RuleEvaluation {
    static func evaluate(_ m: Market, at i: Int, _ p: Rule.Parameters, explain: Bool) -> (Double, String)? {
        guard let ratio = m.volumeRatio(at: i) else { return nil }
        let text = LazyText { Format.fixed(ratio, 1) }
        let change = m.dayChange(at: i)
        if ratio >= p.ratio && change != 0 {
            let up = change > 0
            return (up ? 1 : -1, explain ? "Volume \(text)x its 20-day average on a\(up ? "n up" : " down") day" : "")
        }
        return (0, explain ? "Volume \(text)x its 20-day average: no spike" : "")
    }
}
