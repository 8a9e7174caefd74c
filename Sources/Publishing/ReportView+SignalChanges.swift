import Core

extension ReportView {
    /// The changes of this report: its calls that changed, and its stale symbols that were not
    /// stale in `previous` (every stale symbol when there is no report before).
    public func signalChanges(since previous: ReportView?) -> [SignalChange] {
        var changes: [SignalChange] = []
        for group in changeGroups {
            for row in group.rows {
                changes.append(SignalChange(kind: row.action == "HOLD" ? .exit : .entry, symbol: row.symbol, action: row.action,
                                            previous: String(row.change.dropFirst("was ".count)), score: row.score, close: row.close, reason: row.topReason))
            }
        }
        let staleBefore = Set((previous?.watchlists ?? []).flatMap(\.rows).filter { $0.stale != nil }.map(\.symbol))
        var seen = Set<String>()
        for row in watchlists.flatMap(\.rows) where row.stale != nil && !staleBefore.contains(row.symbol) && seen.insert(row.symbol).inserted {
            changes.append(SignalChange(kind: .stale, symbol: row.symbol, action: row.action, previous: nil, score: row.score, close: row.close,
                                        reason: row.stale ?? ""))
        }
        return changes
    }
}
