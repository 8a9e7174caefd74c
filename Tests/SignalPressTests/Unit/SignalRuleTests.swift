import Foundation
import MarketData
import Project
import Signals
import Testing

@Suite("Signal rules")
struct SignalRuleTests {
    /// Every vote a rule casts over the series, with its bar.
    func votes(_ series: Series, _ kind: RuleKind, parameters: [String: Double] = [:]) -> [(Int, Vote)] {
        let market = Market(series: series)
        let rule = Rule(RuleConfig(kind: kind, parameters: parameters))
        return (0..<series.count).compactMap { index in rule.vote(market, at: index, explain: true).map { (index, $0) } }
    }

    func firstVote(_ series: Series, _ kind: RuleKind, value: Double) -> Vote? {
        votes(series, kind).first { $0.1.value == value }?.1
    }

    let uptrend = Fixtures.series(Fixtures.rising(300), spread: 0.001)
    let downtrend = Fixtures.series(Fixtures.rising(300, rate: -0.003), spread: 0.001)
    let valley = Fixtures.series(Fixtures.rising(260, rate: -0.002) + Fixtures.rising(200, from: 100 * pow(0.998, 259), rate: 0.004), spread: 0.001)

    @Test("trend: close against SMA 200, with the distance in the reason")
    func trend() throws {
        let up = try #require(votes(uptrend, .trend).last?.1)
        #expect(up.value > 0 && up.reason.contains("above SMA(200)") && up.reason.contains("uptrend"))
        let down = try #require(votes(downtrend, .trend).last?.1)
        #expect(down.value < 0 && down.reason.contains("below SMA(200)"))
        #expect(votes(uptrend, .trend).first?.0 == 199)
    }

    @Test("golden cross after a valley, death cross after a peak")
    func crosses() throws {
        let golden = try #require(firstVote(valley, .maCross, value: 1))
        #expect(golden.reason.hasPrefix("Golden cross: SMA(50) crossed above SMA(200) on"))
        let peak = Fixtures.series(Fixtures.rising(260, rate: 0.002) + Fixtures.rising(200, from: 100 * pow(1.002, 259), rate: -0.004))
        #expect(try #require(firstVote(peak, .maCross, value: -1)).reason.hasPrefix("Death cross"))
        #expect(votes(uptrend, .maCross).last?.1.reason.contains("no cross in the last 10 days") == true)
    }

    @Test("RSI: oversold, overbought, and the re-cross of 30 and 70")
    func rsi() throws {
        let oversold = try #require(firstVote(downtrend, .rsi, value: 1))
        #expect(oversold.reason.contains("is below 30: oversold"))
        #expect(try #require(firstVote(uptrend, .rsi, value: -1)).reason.contains("is above 70: overbought"))
        #expect(try #require(firstVote(valley, .rsi, value: 0.75)).reason.contains("crossed back above 30"))
        let peak = Fixtures.series(Fixtures.rising(100, rate: 0.01) + Fixtures.rising(60, from: 100 * pow(1.01, 99), rate: -0.004))
        #expect(try #require(firstVote(peak, .rsi, value: -0.75)).reason.contains("crossed back below 70"))
        #expect(votes(Fixtures.series(Fixtures.sideways(200)), .rsi).contains { $0.1.reason.contains("neutral") })
    }

    @Test("MACD signal-line crosses both ways")
    func macd() throws {
        let wave = Fixtures.series(Fixtures.sideways(300))
        #expect(try #require(firstVote(wave, .macd, value: 1)).reason.contains("crossed above its signal line"))
        #expect(try #require(firstVote(wave, .macd, value: -1)).reason.contains("crossed below its signal line"))
    }

    @Test("Bollinger: a close outside the bands, and the squeeze and its release")
    func bollinger() throws {
        let spike = Fixtures.series(Fixtures.sideways(60) + [130], spread: 0.002)
        #expect(try #require(votes(spike, .bollinger).last?.1).reason.contains("above the upper Bollinger band"))
        let drop = Fixtures.series(Fixtures.sideways(60) + [70], spread: 0.002)
        #expect(try #require(votes(drop, .bollinger).last?.1).value == 1)
        let coil = Fixtures.series([Double](repeating: 100, count: 60) + [104, 108, 112], spread: 0.01)
        #expect(votes(coil, .squeeze).contains { $0.1.reason.hasPrefix("Bollinger squeeze on") })
        #expect(try #require(firstVote(coil, .squeeze, value: 1)).reason.contains("released"))
    }

    @Test("52-week highs and lows, Donchian breakouts")
    func extremes() throws {
        #expect(try #require(firstVote(uptrend, .highLow52Week, value: 1)).reason.hasPrefix("New 52-week high"))
        #expect(try #require(firstVote(downtrend, .highLow52Week, value: -1)).reason.hasPrefix("New 52-week low"))
        #expect(votes(uptrend, .highLow52Week).first?.0 == 252)
        #expect(try #require(firstVote(uptrend, .donchian, value: 1)).reason.contains("broke above the 20-day high"))
        #expect(try #require(firstVote(downtrend, .donchian, value: -1)).reason.contains("broke below the 20-day low"))
    }

    @Test("volume spikes count on up and down days; without volume the rule is silent")
    func volume() throws {
        var closes = Fixtures.sideways(40)
        closes.append(closes.last! * 1.02)
        var volume = [Double](repeating: 1000, count: 41)
        volume[40] = 3000
        let up = Fixtures.series(closes, volume: volume)
        #expect(try #require(votes(up, .volumeSpike).last?.1).reason == "Volume 3.0x its 20-day average on an up day")
        closes[40] = closes[39] * 0.98
        #expect(try #require(votes(Fixtures.series(closes, volume: volume), .volumeSpike).last?.1).value == -1)
        var silent = up
        silent.volume = nil
        #expect(votes(silent, .volumeSpike).isEmpty)
    }

    @Test("ADX filters trend rules when there is no trend")
    func adxFilter() throws {
        let flat = Fixtures.series(Fixtures.sideways(300))
        let vote = try #require(votes(flat, .adx).last?.1)
        #expect(vote.reason.contains("no clear trend"))
        let market = Market(series: flat)
        #expect(Rule(RuleConfig(kind: .adx)).trendFactor(market, at: 299) == 0.5)
        #expect(votes(uptrend, .adx).last?.1.reason.contains("shows a trend") == true)
    }

    @Test("the composite is the weighted mean of the votes, and its thresholds decide the action")
    func composite() throws {
        let config = SignalConfig(buyAt: 0.2, sellAt: -0.2)
        let analysis = Analysis(series: uptrend, config: config)
        let signal = try #require(analysis.signal)
        let weighted = signal.votes.reduce(0) { $0 + $1.weight * $1.value } / signal.votes.reduce(0) { $0 + $1.weight }
        #expect(abs(signal.score - weighted) < 1e-12)
        #expect(signal.action == config.action(for: signal.score))
        #expect(signal.action == .buy)
        #expect(Analysis(series: downtrend, config: config).signal?.action == .sell)
        #expect(signal.votes.allSatisfy { !$0.reason.isEmpty })
        #expect(config.action(for: 0.2) == .buy && config.action(for: -0.2) == .sell && config.action(for: 0) == .hold)
        #expect(Analysis(series: uptrend.prefix(10), config: config).signal == nil)
    }

    @Test("the signal history has no look-ahead: appending bars never changes past scores")
    func historyWithoutLookAhead() {
        let full = Analysis(series: valley, config: SignalConfig())
        let part = Analysis(series: valley.prefix(350), config: SignalConfig())
        for index in 0..<350 {
            #expect(part.scores[index] == full.scores[index] || (part.scores[index].isNaN && full.scores[index].isNaN))
        }
    }

    @Test("a delayed tier's analysis, read from the full history at an earlier bar, is the analysis of the shorter history")
    func analysedOnce() {
        let series = SampleData(days: 700, seed: 12).series(symbol: "ONCE")
        let full = Analysis(series: series, config: SignalConfig())
        for count in [0, 1, 30, 250, 699] {
            let cut = full.through(count: count), fresh = Analysis(series: series.prefix(count), config: SignalConfig())
            #expect(cut.series == fresh.series)
            #expect(cut.signal == fresh.signal && cut.events == fresh.events)
            #expect(cut.statistics == fresh.statistics && cut.backtest == fresh.backtest)
            #expect(cut.actions == fresh.actions && zip(cut.scores, fresh.scores).allSatisfy { $0 == $1 || ($0.isNaN && $1.isNaN) })
            for (a, b) in zip(cut.market.indicators.columns, fresh.market.indicators.columns) {
                #expect((a == nil) == (b == nil))
                #expect(zip(a ?? [], b ?? []).allSatisfy { $0 == $1 || ($0.isNaN && $1.isNaN) }, "count \(count)")
            }
        }
        #expect(full.through(series.dates[400]).series.count == 401)
        // What the post-analysis hook is given: the last bar's signal without a whole analysis.
        #expect(Analysis.latestSignal(series: series, config: SignalConfig()) == full.signal)
        #expect(Analysis.latestSignal(series: series.prefix(0), config: SignalConfig()) == nil)
    }

    @Test("events list crosses, breakouts and signal changes of the last days")
    func events() {
        let analysis = Analysis(series: valley, config: SignalConfig(eventDays: 460))
        let rules = Set(analysis.events.map(\.rule))
        #expect(rules.isSuperset(of: ["ma_cross", "signal", "donchian", "rsi", "high_low_52w"]), "\(rules)")
        #expect(analysis.events.map(\.date) == analysis.events.map(\.date).sorted(by: >))
    }
}
