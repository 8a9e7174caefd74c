/// Bars whose volume the data left empty (NaN in the series). The volume indicators are
/// computed as if those bars traded nothing, then hidden (NaN, shown as n/a) on every bar whose
/// window holds a missing one: OBV on the bar itself (the running total goes on past it), MFI
/// for its 14 flows, relative volume for the bar and the 20 it is compared with. A running sum
/// fed a NaN would stay NaN for the rest of the history.
struct MissingVolume {
    private let filled: [Double]
    /// For each bar, the index of the newest missing bar at or before it (-1: none).
    private let newestMissing: [Int]

    /// Nil when no volume is missing.
    private init?(_ volume: [Double]) {
        guard volume.contains(where: \.isNaN) else { return nil }
        filled = volume.map { $0.isNaN ? 0 : $0 }
        var newest = -1
        newestMissing = volume.indices.map { index in
            if volume[index].isNaN { newest = index }
            return newest
        }
    }

    /// `indicator` of `volume`: as it is when no bar is missing; else of the volume with the
    /// missing bars at zero, hidden wherever one lies in the `window` bars ending there.
    static func computing(_ volume: [Double], window: Int, _ indicator: ([Double]) -> [Double]) -> [Double] {
        guard let missing = MissingVolume(volume) else { return indicator(volume) }
        return missing.hiding(indicator(missing.filled), window: window)
    }

    /// `values` with NaN wherever a missing bar lies in the `window` bars ending there.
    private func hiding(_ values: [Double], window: Int) -> [Double] {
        var out = values
        for index in out.indices where newestMissing[index] >= 0 && index - newestMissing[index] < window { out[index] = .nan }
        return out
    }
}
