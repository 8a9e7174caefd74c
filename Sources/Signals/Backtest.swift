/// An honest look back at the composite signal: for every day the signal turned BUY or SELL,
/// the return over the following 5 and 20 bars, using only signals known at that close.
public struct Backtest: Sendable, Equatable {
    public struct Side: Sendable, Equatable {
        /// Signals with at least 5 bars after them.
        public var count: Int
        /// Signals with at least 20 bars after them.
        public var count20Day = 0
        public var averageReturn5Day: Double?
        public var averageReturn20Day: Double?
        /// Share of signals whose 5-day return went their way (up after BUY, down after SELL).
        public var hitRate5Day: Double?
        public var hitRate20Day: Double?
        /// The base rate to compare each hit rate with: the share of every day with 5 (20) bars
        /// after it, signal or not, whose return over them went this side's way.
        public var baseRate5Day: Double?
        public var baseRate20Day: Double?
    }

    public var buy: Side
    public var sell: Side

    public init(close: [Double], actions: [Action?]) {
        var entries: [Action: [Int]] = [.buy: [], .sell: []]
        for index in actions.indices {
            guard let action = actions[index], action != .hold else { continue }
            if index == 0 || actions[index - 1] != action { entries[action, default: []].append(index) }
        }
        func side(_ action: Action) -> Side {
            let starts = entries[action] ?? []
            func forward(_ bars: Int) -> [Double] {
                starts.filter { $0 + bars < close.count }.map { close[$0 + bars] / close[$0] - 1 }
            }
            let five = forward(5), twenty = forward(20)
            let wins = { (values: [Double]) -> Double? in
                values.isEmpty ? nil : Double(values.filter { action == .buy ? $0 > 0 : $0 < 0 }.count) / Double(values.count)
            }
            let mean = { (values: [Double]) -> Double? in values.isEmpty ? nil : values.reduce(0, +) / Double(values.count) }
            func base(_ bars: Int) -> Double? {
                guard close.count > bars else { return nil }
                let went = (0..<(close.count - bars)).filter { action == .buy ? close[$0 + bars] > close[$0] : close[$0 + bars] < close[$0] }
                return Double(went.count) / Double(close.count - bars)
            }
            return Side(count: five.count, count20Day: twenty.count, averageReturn5Day: mean(five), averageReturn20Day: mean(twenty),
                        hitRate5Day: wins(five), hitRate20Day: wins(twenty), baseRate5Day: base(5), baseRate20Day: base(20))
        }
        buy = side(.buy)
        sell = side(.sell)
    }
}
