import Core

/// A configured rule in words, for the methodology page: what it reads and how it votes, with
/// this site's parameters in the sentence.
extension RuleConfig {
    public var title: String {
        switch kind {
        case .trend: "Trend (200-day average)"
        case .maCross: "Golden and death crosses"
        case .rsi: "RSI(14) extremes"
        case .macd: "MACD"
        case .bollinger: "Bollinger bands"
        case .squeeze: "Bollinger squeeze"
        case .highLow52Week: "52-week highs and lows"
        case .donchian: "20-day breakouts (Donchian)"
        case .volumeSpike: "Volume spikes"
        case .adx: "ADX trend filter"
        }
    }

    /// Whether the rule votes with the move (trend following) or against it (mean reversion).
    public var style: String {
        switch kind {
        case .rsi, .bollinger: "against the move"
        case .adx: "filter"
        case .volumeSpike: "with the day's move"
        default: "with the trend"
        }
    }

    public var explanation: String {
        let days = { (name: String) in NumberText.counted(Int(parameter(name)), "trading day") }
        switch kind {
        case .trend:
            return "Compares the close with its 200-day average: a full BUY vote at \(Format.fixed(parameter("full_at_percent"), 0))% above it, "
                + "a full SELL vote as far below, and in proportion between."
        case .maCross:
            return "A golden cross (the 50-day average crossing above the 200-day) in the last \(days("within_days")) votes BUY, a death cross SELL; "
                + "otherwise a quarter vote for the side the 50-day average is on."
        case .rsi:
            return "RSI(14) below \(Format.fixed(parameter("oversold"), 0)) (oversold) votes BUY, above \(Format.fixed(parameter("overbought"), 0)) "
                + "(overbought) SELL; crossing back out of either in the last \(days("within_days")) is three quarters of a vote."
        case .macd:
            return "MACD crossing above its signal line in the last \(days("within_days")) votes BUY, below it SELL; "
                + "otherwise 0.3 of a vote for the side it is on."
        case .bollinger:
            return "A close below the lower Bollinger band (20 days, 2 standard deviations) votes BUY, above the upper band SELL: the move is stretched."
        case .squeeze:
            return "When the Bollinger bands have been inside the Keltner channel and come out of it in the last \(days("within_days")), "
                + "votes for the side of the middle band the close is on."
        case .highLow52Week:
            return "A new 52-week high votes BUY, a new 52-week low SELL."
        case .donchian:
            return "A close above the previous 20-day high votes BUY, below the 20-day low SELL."
        case .volumeSpike:
            return "Volume at least \(Format.fixed(parameter("ratio"), 1)) times its 20-day average votes with the day's move: BUY on an up day, SELL on a down day."
        case .adx:
            return "Does not vote. When ADX(14) is below \(Format.fixed(parameter("threshold"), 0)) (no clear trend), the trend-following rules "
                + "count \(Format.fixed(parameter("weak_factor"), 2)) times their weight."
        }
    }
}
