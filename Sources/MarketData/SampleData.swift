import Core
import Foundation

/// Deterministic synthetic daily OHLCV for demos, tests and benchmarks: weekdays only,
/// trends and volatility regimes that switch, volume that rises with the size of the move,
/// and OHLC that are always consistent (Low <= Open, Close <= High).
public struct SampleData: Sendable {
    public var days: Int
    public var seed: UInt64
    public var lastDay: Day

    public init(days: Int, seed: UInt64, lastDay: Day = Day(year: 2026, month: 11, day: 27)!) {
        self.days = days
        self.seed = seed
        self.lastDay = lastDay
    }

    /// Fictional tickers: three letters plus a digit-free suffix, never a real listing by construction
    /// (every name ends in `X`, which no major exchange's three-letter codes reserve for us to collide with).
    public static func tickers(count: Int, seed: UInt64) -> [String] {
        var generator = SplitMix64(seed: seed ^ 0x5EED)
        var names: Set<String> = []
        var ordered: [String] = []
        let letters = Array("ABCDEFGHIJKLMNOPQRSTUVWYZ")
        while ordered.count < count {
            let length = ordered.count < 500 ? 3 : 4
            var name = ""
            for _ in 0..<length { name.append(letters[Int(generator.next() % UInt64(letters.count))]) }
            name.append("X")
            if names.insert(name).inserted { ordered.append(name) }
        }
        return ordered
    }

    public func tradingDays() -> [Day] {
        var result: [Day] = []
        result.reserveCapacity(days)
        var day = lastDay
        while result.count < days {
            if !day.isWeekend { result.append(day) }
            day = day.adding(days: -1)
        }
        return result.reversed()
    }

    public func series(symbol: String) -> Series {
        var random = SplitMix64(seed: seed &+ SampleData.hash(symbol))
        let dates = tradingDays()
        var open: [Double] = [], high: [Double] = [], low: [Double] = [], close: [Double] = []
        var volume: [Double] = []
        var price = 20 + random.uniform() * 280
        let baseVolume = (2 + random.uniform() * 40) * 100_000
        var drift = (random.uniform() - 0.45) * 0.0012
        var sigma = 0.01 + random.uniform() * 0.015
        for _ in dates {
            if random.uniform() < 0.01 { drift = (random.uniform() - 0.45) * 0.0016 }
            if random.uniform() < 0.015 { sigma = 0.006 + random.uniform() * 0.03 }
            let gap = random.normal() * sigma * 0.3
            let move = drift + random.normal() * sigma
            let dayOpen = price * (1 + gap)
            let dayClose = max(0.5, dayOpen * (1 + move))
            let range = abs(random.normal()) * sigma * 0.6 + sigma * 0.2
            let dayHigh = max(dayOpen, dayClose) * (1 + range * random.uniform())
            let dayLow = min(dayOpen, dayClose) * (1 - range * random.uniform())
            open.append(SampleData.cents(dayOpen))
            close.append(SampleData.cents(dayClose))
            high.append(max(SampleData.cents(dayHigh), SampleData.cents(dayOpen), SampleData.cents(dayClose)))
            low.append(max(0.01, min(SampleData.cents(dayLow), SampleData.cents(dayOpen), SampleData.cents(dayClose))))
            let activity = 1 + abs(move) / sigma * 0.5 + random.uniform() * 0.6
            volume.append((baseVolume * activity).rounded())
            price = dayClose
        }
        return Series(symbol: symbol, dates: dates, open: open, high: high, low: low, close: close, volume: volume)
    }

    private static func cents(_ value: Double) -> Double { (value * 100).rounded() / 100 }

    /// FNV-1a, so a symbol's series does not depend on which other symbols are generated.
    static func hash(_ text: String) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x100_0000_01b3
        }
        return hash
    }
}

/// A small, fast, portable PRNG whose sequence is fixed by its seed on every platform.
struct SplitMix64 {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// Uniform in [0, 1).
    mutating func uniform() -> Double { Double(next() >> 11) * 0x1.0p-53 }

    /// Standard normal by Box-Muller; one value per call keeps the sequence simple to reason about.
    mutating func normal() -> Double {
        let u1 = max(uniform(), 1e-300)
        let u2 = uniform()
        return (-2 * log(u1)).squareRoot() * cos(2 * Double.pi * u2)
    }
}
