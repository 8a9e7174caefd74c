/// `track_record:` in `site.yml`: how the track record scores calls.
public struct TrackRecordConfig: Sendable, Equatable {
    /// When a call ends.
    public enum CloseOn: String, Sendable, Equatable, Codable {
        /// At the first edition whose signal for the symbol is no longer the call's (HOLD or the
        /// opposite), as the dashboard shows it and as TipRanks scores analysts. The default.
        case hold
        /// Only at the opposite signal: a HOLD keeps the call open.
        case opposite
    }

    public var closeOn = CloseOn.hold

    public init(closeOn: CloseOn = .hold) { self.closeOn = closeOn }
}
