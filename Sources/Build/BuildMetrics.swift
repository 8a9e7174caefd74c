import Foundation
import Project

/// `.signalpress/metrics.prom` in the Prometheus text format, for node_exporter's textfile
/// collector: written after every `build` (atomically, as the collector requires), success or not.
public struct BuildMetrics {
    public var success: Bool
    public var durationSeconds: Double
    public var summary: BuildSummary?
    /// Unix time of the last successful build, kept from the previous file when this one failed.
    public var lastSuccess: Int?

    public init(success: Bool, durationSeconds: Double, summary: BuildSummary?, lastSuccess: Int?) {
        self.success = success
        self.durationSeconds = durationSeconds
        self.summary = summary
        self.lastSuccess = lastSuccess
    }

    var text: String {
        var out = ""
        func metric(_ name: String, _ help: String, _ samples: [(labels: String, value: String)]) {
            out += "# HELP \(name) \(help)\n# TYPE \(name) gauge\n"
            for sample in samples { out += "\(name)\(sample.labels) \(sample.value)\n" }
        }
        func number(_ value: Double) -> String { String(format: "%.6f", value) }
        metric("signalpress_build_success", "Whether the last build published (1) or failed (0).", [("", success ? "1" : "0")])
        metric("signalpress_build_duration_seconds", "Wall time of the last build.", [("", number(durationSeconds))])
        if let lastSuccess {
            metric("signalpress_last_success_timestamp_seconds", "Unix time of the last successful build.", [("", String(lastSuccess))])
        }
        guard let summary else { return out }
        metric("signalpress_build_stage_duration_seconds", "Wall time of each stage of the last successful build.",
               summary.stages.map { ("{stage=\"\($0.stage)\"}", number($0.seconds)) })
        metric("signalpress_symbols", "Symbols in the last successful build by state.",
               [("{state=\"ok\"}", String(summary.symbolsOK)), ("{state=\"stale\"}", String(summary.symbolsStale)),
                ("{state=\"failed\"}", String(summary.symbolsFailed))])
        metric("signalpress_pages", "HTML pages of the public site.", [("", String(summary.pages))])
        metric("signalpress_written_files", "Files in the published output.", [("", String(summary.files))])
        metric("signalpress_written_bytes", "Bytes in the published output.", [("", String(summary.bytes))])
        metric("signalpress_bundles", "Tier bundles published.", [("", String(summary.bundles))])
        metric("signalpress_ledger_events", "Usage events the last build added to the ledger.", [("", String(summary.ledgerEvents))])
        metric("signalpress_warnings", "Warnings of the last build.", [("", String(summary.warnings.count))])
        return out
    }

    public static func previousLastSuccess(at url: URL) -> Int? {
        guard let text = try? String(contentsOf: url, encoding: .utf8) else { return nil }
        for line in text.split(separator: "\n") where line.hasPrefix("signalpress_last_success_timestamp_seconds ") {
            return Int(line.split(separator: " ").last ?? "")
        }
        return nil
    }

    public func write(to url: URL) {
        try? FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        let temporary = url.deletingLastPathComponent().appendingPathComponent(".metrics.prom.\(getpid()).tmp")
        if (try? Data(text.utf8).write(to: temporary)) != nil { rename(temporary.path, url.path) }
    }
}

extension BuildStep {
    /// `.signalpress/metrics.prom`, for node_exporter's textfile collector, when the options ask
    /// for it (`metricsClock`); a failed build writes its own from `Build.run`.
    public static let writeMetrics = BuildStep(name: "metrics", timed: false, evenWhenFinished: true) { (context: inout BuildContext) throws(BuildError) in
        context.summary.stages = context.clock.seconds
        context.writeMetrics(success: true)
    }
}

extension BuildContext {
    func writeMetrics(success: Bool) {
        guard let clock = options.metricsClock else { return }
        let url = StateDirectory(project: options.root).metrics
        let duration = started.secondsAgo
        BuildMetrics(success: success, durationSeconds: duration, summary: success ? summary : nil,
                     lastSuccess: success ? Int(clock.after(seconds: duration).timeIntervalSince1970) : BuildMetrics.previousLastSuccess(at: url))
            .write(to: url)
    }
}
