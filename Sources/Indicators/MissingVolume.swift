/// Bars whose volume the data left empty (NaN in the series). The volume indicators are
/// computed as if those bars traded nothing, then hidden (NaN, shown as n/a) on every bar whose
/// window holds a missing one: OBV on the bar itself (the running total goes on past it), MFI
/// for its 14 flows, relative volume for the bar and the 20 it is compared with. A running sum
/// fed a NaN would stay NaN for the rest of the history.
struct MissingVolume {
    let filled: [Double]
    /// For each bar, the index of the newest missing bar at or before it (-1: none).
    private let newestMissing: [Int]

    /// Nil when no volume is missing.
    init?(_ volume: [Double]) {
        guard volume.contains(where: \.isNaN) else { return nil }
        filled = volume.map { $0.isNaN ? 0 : $0 }
        var newest = -1
        newestMissing = volume.indices.map { index in
            if volume[index].isNaN { newest = index }
            return newest
        }
    }

    /// `values` with NaN wherever a missing bar lies in the `window` bars ending there.
    func hiding(_ values: [Double], window: Int) -> [Double] {
        var out = values
        for index in out.indices where newestMissing[index] >= 0 && index - newestMissing[index] < window { out[index] = .nan }
        return out
    }
}
