/// Every indicator here is causal (bar `i` depends only on bars up to `i`, TA-Lib's seeding
/// included), so the first `n` values of a full-history column are exactly the column computed
/// over the first `n` bars: a delayed tier reads a prefix instead of computing again.
extension IndicatorSet {
    public func prefix(_ n: Int) -> IndicatorSet {
        var copy = self
        func cut(_ values: inout [Double]) { values = Array(values.prefix(n)) }
        for keyPath in [\IndicatorSet.sma20, \.sma50, \.sma200, \.ema12, \.ema26, \.rsi14, \.atr14, \.williamsR14, \.cci20, \.roc10,
                        \.natr14, \.high52Week, \.low52Week, \.macd.macd, \.macd.signal, \.macd.histogram,
                        \.bollinger.upper, \.bollinger.middle, \.bollinger.lower, \.stochastic.k, \.stochastic.d,
                        \.directional.plusDI, \.directional.minusDI, \.directional.adx,
                        \.donchian20.upper, \.donchian20.middle, \.donchian20.lower,
                        \.keltner20.upper, \.keltner20.middle, \.keltner20.lower] as [WritableKeyPath<IndicatorSet, [Double]>] {
            cut(&copy[keyPath: keyPath])
        }
        copy.obv = obv.map { Array($0.prefix(n)) }
        copy.mfi14 = mfi14.map { Array($0.prefix(n)) }
        copy.relativeVolume20 = relativeVolume20.map { Array($0.prefix(n)) }
        return copy
    }
}
