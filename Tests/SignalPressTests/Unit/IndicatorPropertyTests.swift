import Indicators
import MarketData
import Testing

@Suite("Indicator properties and hand-checked values")
struct IndicatorPropertyTests {
    let series = SampleData(days: 400, seed: 11).series(symbol: "PROP")

    @Test("SMA and EMA of a short series match values worked out by hand")
    func handChecked() {
        let values = [1.0, 2, 3, 4, 5, 6]
        let average = sma(values, period: 3)
        #expect(average[0].isNaN && average[1].isNaN)
        #expect(Array(average[2...]) == [2, 3, 4, 5])
        let smoothed = ema(values, period: 3)
        // Seed = mean(1, 2, 3) = 2; k = 0.5: 2 + 0.5 * (4 - 2) = 3, then 4, then 5.
        #expect(Array(smoothed[2...]) == [2, 3, 4, 5])
        #expect(abs(roc([10, 11, 12], period: 2)[2] - 20) < 1e-12)
        #expect(obv(close: [1, 2, 2, 1], volume: [10, 20, 30, 40]) == [10, 30, 30, -10])
        let range = trueRange(high: [10, 12, 11], low: [9, 10, 8], close: [9.5, 11, 10])
        #expect(range[0].isNaN && range[1] == 2.5 && range[2] == 3)
    }

    @Test("RSI stays within 0 to 100 and is 0 on a flat series (TA-Lib 0.8)")
    func rsiRange() {
        let values = rsi(series.close)
        #expect(values.filter { !$0.isNaN }.allSatisfy { (0...100).contains($0) })
        #expect(rsi([Double](repeating: 5, count: 30))[20] == 0)
        #expect(rsi(Array(stride(from: 1.0, through: 30, by: 1)))[20] == 100)
    }

    @Test("the SMA of a constant is that constant; Bollinger middle is SMA 20 and the bands collapse")
    func constant() {
        let flat = [Double](repeating: 7.25, count: 60)
        #expect(sma(flat, period: 20).dropFirst(19).allSatisfy { $0 == 7.25 })
        let bands = bollinger(flat)
        #expect(bands.upper[30] == 7.25 && bands.lower[30] == 7.25)
        let real = bollinger(series.close)
        let average = sma(series.close, period: 20)
        for index in 19..<series.count { #expect(real.middle[index] == average[index]) }
        #expect(zip(real.upper.dropFirst(19), real.lower.dropFirst(19)).allSatisfy { $0 >= $1 })
    }

    @Test("no look-ahead: appending bars never changes earlier values")
    func noLookAhead() {
        let short = series.prefix(300)
        let a = IndicatorSet(high: short.high, low: short.low, close: short.close, volume: short.volume)
        let b = IndicatorSet(high: series.high, low: series.low, close: series.close, volume: series.volume)
        for (left, right) in zip(a.columns, b.columns) {
            let l = left!, r = Array(right!.prefix(300))
            for index in l.indices { #expect(l[index] == r[index] || (l[index].isNaN && r[index].isNaN)) }
        }
        let highs = Array(b.high52Week.prefix(300))
        let same = highs.indices.allSatisfy { highs[$0] == a.high52Week[$0] || (highs[$0].isNaN && a.high52Week[$0].isNaN) }
        #expect(same)
    }

    @Test("warm-up lengths follow TA-Lib's lookbacks")
    func warmUps() {
        let set = IndicatorSet(high: series.high, low: series.low, close: series.close, volume: series.volume)
        let expected = [19, 49, 199, 11, 25, 14, 33, 33, 33, 19, 19, 19, 14, 17, 17, 27, 0, 13, 19, 10, 14]
        let actual = set.columns.map { column in column!.firstIndex { !$0.isNaN }! }
        #expect(actual == expected)
    }

    @Test("series too short for a lookback give only warm-up, never a crash")
    func tooShort() {
        let tiny = series.prefix(5)
        let set = IndicatorSet(high: tiny.high, low: tiny.low, close: tiny.close, volume: tiny.volume)
        for (name, column) in zip(IndicatorSet.columnNames, set.columns) where name != "obv" {
            let allWarmUp = column!.allSatisfy { $0.isNaN }
            #expect(allWarmUp, "\(name)")
        }
        #expect(IndicatorSet(high: [], low: [], close: [], volume: []).obv == [])
    }

    @Test("channels: Donchian excludes today, Keltner surrounds its EMA, relative volume compares with the prior 20 days")
    func channels() {
        let high = (0..<30).map { Double($0) + 10 }, low = high.map { $0 - 1 }
        let channel = donchian(high: high, low: low, period: 20)
        #expect(channel.upper[20] == 29 && channel.lower[20] == 9)
        #expect(channel.upper[19].isNaN)
        let volume = [Double](repeating: 100, count: 20) + [300]
        #expect(relativeVolume(volume)[20] == 3)
        let k = keltner(high: series.high, low: series.low, close: series.close)
        #expect(k.upper[100] > k.middle[100] && k.lower[100] < k.middle[100])
        #expect(natr(high: series.high, low: series.low, close: series.close)[100] > 0)
        #expect(rollingMax([3, 1, 2, 5, 4], period: 2).dropFirst() == [3, 2, 5, 5])
        #expect(rollingMin([3, 1, 2, 5, 4], period: 2).dropFirst() == [1, 1, 2, 4])
    }
}

extension IndicatorPropertyTests {
    func same(_ a: [Double], _ b: [Double]) -> Bool {
        a.count == b.count && zip(a, b).allSatisfy { $0.bitPattern == $1.bitPattern }
    }

    @Test("sharing intermediates (EMA 26, SMA 20, the 14-bar window, typical price) changes no bit of any column")
    func sharedIntermediates() {
        let (h, l, c, v) = (series.high, series.low, series.close, series.volume!)
        let set = IndicatorSet(high: h, low: l, close: c, volume: v)
        let macdAlone = macd(c), bandsAlone = bollinger(c), stochasticAlone = stochastic(high: h, low: l, close: c)
        let alone: [[Double]] = [
            sma(c, period: 20), sma(c, period: 50), sma(c, period: 200), ema(c, period: 12), ema(c, period: 26), rsi(c),
            macdAlone.macd, macdAlone.signal, macdAlone.histogram, bandsAlone.upper, bandsAlone.middle, bandsAlone.lower,
            atr(high: h, low: l, close: c), stochasticAlone.k, stochasticAlone.d, directionalMovement(high: h, low: l, close: c).adx,
            obv(close: c, volume: v), williamsR(high: h, low: l, close: c), cci(high: h, low: l, close: c), roc(c),
            mfi(high: h, low: l, close: c, volume: v),
        ]
        for (name, (shared, separate)) in zip(IndicatorSet.columnNames, zip(set.columns, alone)) {
            #expect(same(shared!, separate), "\(name)")
        }
        for (name, (published, full)) in zip(IndicatorSet.columnNames, zip(IndicatorSet.publishedColumns(high: h, low: l, close: c, volume: v), set.columns)) {
            #expect(same(published!, full!), "\(name)")
        }
        #expect(same(set.natr14, natr(high: h, low: l, close: c)))
    }

    @Test("rolling extremes equal the extreme of each window, for every period")
    func rollingExtremes() {
        let values = Array(series.close.prefix(120))
        for period in [1, 2, 3, 7, 14, 50, 120] {
            let highest = rollingMax(values, period: period), lowest = rollingMin(values, period: period)
            for index in values.indices {
                guard index >= period - 1 else { #expect(highest[index].isNaN && lowest[index].isNaN); continue }
                let window = values[(index - period + 1)...index]
                #expect(highest[index] == window.max()! && lowest[index] == window.min()!, "period \(period) at \(index)")
            }
        }
        #expect(rollingMax(values, period: 121).allSatisfy { $0.isNaN })
    }
}
