import Core
import MarketData
import Signals
import Testing

@Suite("Statistics and backtest")
struct StatisticsTests {
    @Test("returns, drawdown and ratios on a series worked out by hand")
    func handChecked() throws {
        // 100 -> 110 -> 99 -> 121: daily returns +10%, -10%, +22.22%.
        let series = Fixtures.series([100, 110, 99, 121])
        let stats = Statistics(series: series, high52Week: 121)
        #expect(abs(stats.returns[.oneDay]! - (121.0 / 99 - 1)) < 1e-12)
        #expect(stats.returns[.oneWeek] == nil)
        let drawdown = try #require(stats.maxDrawdown)
        #expect(abs(drawdown.depth - (-0.1)) < 1e-12)
        #expect(drawdown.peak == series.dates[1] && drawdown.trough == series.dates[2] && drawdown.recovery == series.dates[3])
        let r = [0.1, -0.1, 121.0 / 99 - 1]
        let mean = r.reduce(0, +) / 3
        let sd = (r.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / 2).squareRoot()
        #expect(abs(stats.sharpe! - mean / sd * 252.0.squareRoot()) < 1e-9)
        let downside = (0.01 / 3).squareRoot()
        #expect(abs(stats.sortino! - mean / downside * 252.0.squareRoot()) < 1e-9)
        #expect(abs(stats.upDayShare! - 2.0 / 3) < 1e-12)
        #expect(stats.distanceFrom52WeekHigh == 0)
        #expect(stats.volatility20Day == nil)
    }

    @Test("YTD runs from the last close of the previous year; CAGR over calendar time")
    func calendar() {
        let series = SampleData(days: 600, seed: 4, lastDay: Day(iso: "2026-03-31")!).series(symbol: "YTDX")
        let stats = Statistics(series: series, high52Week: nil)
        let lastOfYear = series.dates.lastIndex { $0.year == 2025 }!
        #expect(stats.returns[.yearToDate] == series.close.last! / series.close[lastOfYear] - 1)
        #expect(stats.returns[.oneYear] != nil && stats.volatility1Year != nil && stats.cagr != nil)
    }

    @Test("the backtest measures forward returns after each new BUY or SELL, never before")
    func backtest() {
        let close = [10.0, 11, 12, 13, 14, 15, 16, 15, 14, 13, 12, 11, 10]
        let actions: [Action?] = [nil, .buy, .buy, .hold, .hold, .hold, .sell, .sell, .hold, .hold, .hold, .hold, .hold]
        let result = Backtest(close: close, actions: actions)
        #expect(result.buy.count == 1)
        #expect(result.buy.averageReturn5Day == 16.0 / 11 - 1)
        #expect(result.buy.hitRate5Day == 1)
        #expect(result.sell.count == 1)
        #expect(result.sell.averageReturn5Day == 11.0 / 16 - 1)
        #expect(result.sell.hitRate5Day == 1)
        #expect(result.buy.averageReturn20Day == nil)
    }
}
