import Foundation

/// The one "now" of a command, resolved once by the command line (`--today`, `SOURCE_DATE_EPOCH`
/// or the system clock) and handed in. Libraries never read the wall clock for anything that
/// changes what is built, published or billed: they read this, so a test can pin it and a build
/// can be reproduced on any later date.
public struct Clock: Sendable, Equatable {
    /// The instant the command started, as the command line resolved it.
    public let now: Date
    /// The UTC date of `now`.
    public var today: Day { Day(unixTime: Int(now.timeIntervalSince1970.rounded(.down))) }

    public init(now: Date) { self.now = now }

    /// Midnight UTC of `today`.
    public init(today: Day) { self.now = Date(timeIntervalSince1970: TimeInterval(today.unixTime)) }

    /// The instant `seconds` of monotonic time after `now` (a duration measured by the caller).
    public func after(seconds: Double) -> Date { now.addingTimeInterval(max(0, seconds)) }
}

extension Day {
    /// The UTC date that contains `unixTime`.
    public init(unixTime: Int) {
        self.init(daysSinceEpoch: Int((Double(unixTime) / 86_400).rounded(.down)))
    }
}
