import Core
import Foundation

/// What a tier's readers are told when a build publishes: each signal that changed, and each
/// symbol whose data went stale. Versioned JSON (`version` 1), at most 20 KB.
public struct AlertPayload: Sendable, Equatable, Codable {
    public typealias Change = SignalChange

    public static let version = 1
    public static let maximumBytes = 20 * 1024

    public var version = AlertPayload.version
    /// Standard Webhooks' event type.
    public var type = "signals.changed"
    public var edition: String
    public var tier: String
    public var site: String
    /// The report, in the members' area for a paid tier.
    public var reportURL: String
    public var changes: [Change]
    /// Changes left out to stay within 20 KB (the report has them all).
    public var omitted = 0

    enum CodingKeys: String, CodingKey {
        case version, type, edition, tier, site, changes, omitted
        case reportURL = "report_url"
    }

    public init(edition: String, tier: String, site: String, reportURL: String, changes: [Change]) {
        self.edition = edition
        self.tier = tier
        self.site = site
        self.reportURL = reportURL
        self.changes = changes
    }

    /// The body a `webhook` endpoint receives: sorted keys, within 20 KB (the last changes left
    /// out and counted in `omitted` when they would not fit).
    public var json: [UInt8] {
        var payload = self
        while true {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
            let bytes = Array((try? encoder.encode(payload)) ?? Data())
            if bytes.count <= Self.maximumBytes || payload.changes.isEmpty { return bytes }
            let drop = max(1, payload.changes.count / 10)
            payload.changes.removeLast(drop)
            payload.omitted += drop
        }
    }

    /// One line per change, as chat messages show them: `ACME: BUY (was HOLD) at 123.45, score 0.62: reason`.
    public func line(_ change: Change) -> String {
        switch change.kind {
        case .stale: "\(change.symbol): data stale (\(change.reason))"
        case .entry, .exit:
            "\(change.symbol): \(change.action)" + (change.previous.map { " (was \($0))" } ?? "") + " at \(change.close), score \(change.score)"
                + (change.reason.isEmpty ? "" : ": \(change.reason)")
        }
    }

    public var title: String { "\(changes.count + omitted) signal change\(changes.count + omitted == 1 ? "" : "s") in the \(tier) edition of \(edition)" }
}
