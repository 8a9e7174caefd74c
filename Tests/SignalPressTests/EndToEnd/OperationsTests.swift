import Build
import Core
import Foundation
import Testing

/// What an operator on call reads: metrics for Prometheus and JSON log lines.
@Suite("Metrics and logs")
struct OperationsTests {
    static let promtoolCandidates = ["/usr/bin/promtool", "/usr/local/bin/promtool"]
    static let promtool: String? = promtoolCandidates.first { FileManager.default.isExecutableFile(atPath: $0) }

    func run(_ arguments: [String]) throws -> (status: Int32, output: String) {
        let output = Fixtures.temporaryDirectory("out").appendingPathComponent("output.txt")
        let status = try Binary.run(arguments, output: output)
        return (status, (try? String(contentsOf: output, encoding: .utf8)) ?? "")
    }

    @Test("each build writes metrics.prom with stage durations, symbol states and the last success; a failed build keeps the last success")
    func metrics() throws {
        let root = Fixtures.project()
        let before = Int(Date().timeIntervalSince1970)
        #expect(try run(["build", "--project", root.path, "--quiet"]).status == 0)
        let after = Int(Date().timeIntervalSince1970)
        let file = root.appendingPathComponent(".signalpress/metrics.prom")
        let text = try String(contentsOf: file, encoding: .utf8)
        for line in ["signalpress_build_success 1", "signalpress_symbols{state=\"ok\"} 4", "signalpress_symbols{state=\"failed\"} 0",
                     "signalpress_bundles 2", "signalpress_build_stage_duration_seconds{stage=\"stream\"} "] {
            #expect(text.contains(line), "\(line)")
        }
        let lastSuccess = try #require(text.split(separator: "\n").first { $0.hasPrefix("signalpress_last_success_timestamp_seconds ") })
        // The time of the successful build, whenever it ran (a loaded machine may take long).
        #expect((before...after).contains(Int(lastSuccess.split(separator: " ")[1]) ?? 0), "\(lastSuccess) not in \(before)...\(after)")

        Fixtures.write("{{#votes}} never closed", to: root.appendingPathComponent("Templates/symbol.mustache"))
        #expect(try run(["build", "--project", root.path, "--quiet"]).status == 1)
        let failed = try String(contentsOf: file, encoding: .utf8)
        #expect(failed.contains("signalpress_build_success 0") && failed.contains(String(lastSuccess)))
    }

    @Test("metrics.prom passes promtool check metrics", .promtool)
    func promtoolAccepts() throws {
        let root = Fixtures.project()
        #expect(try run(["build", "--project", root.path, "--quiet"]).status == 0)
        let check = Process()
        check.executableURL = URL(fileURLWithPath: Self.promtool!)
        check.arguments = ["check", "metrics"]
        check.standardInput = try FileHandle(forReadingFrom: root.appendingPathComponent(".signalpress/metrics.prom"))
        let output = Pipe()
        check.standardOutput = output
        check.standardError = output
        try check.run()
        let checked = check.reap()
        let complaints = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        #expect(checked.status == 0 && complaints.isEmpty, "\(complaints)")
    }

    @Test("--log-format json writes one parseable JSON object per line, with stages and durations; a failure is an error line")
    func jsonLogs() throws {
        let root = Fixtures.project()
        try FileManager.default.removeItem(at: root.appendingPathComponent("content/data/DDDX.csv"))
        Fixtures.write("Date,Open,High,Low,Close\n2026-11-25,1,1,1,1\n2026-11-26,1,1,1,1\n", to: root.appendingPathComponent("content/data/DDDX.csv"))
        let result = try run(["build", "--project", root.path, "--log-format", "json"])
        #expect(result.status == 0)
        let lines = result.output.split(separator: "\n")
        let objects = lines.compactMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
        #expect(objects.count == lines.count && objects.count >= 9, "\(result.output)")
        let stages = objects.filter { $0["message"] as? String == "stage finished" }
        // Every step of a nightly build, once each (each skip check runs; only the one for its data source can stop the build).
        #expect(stages.compactMap { $0["stage"] as? String } == ["load", "log", "skip", "editions", "data", "skip_fetched", "hook", "stream", "index", "leak_check", "bundles", "seal", "timestamp", "publish", "ledger", "warnings", "state", "revocations", "alerts"])
        // The metrics step writes the stages' times, so it is not one of them.
        #expect(Set(Build.nightly.map(\.name)).subtracting(["metrics"]) == Set(stages.compactMap { $0["stage"] as? String }))
        #expect(stages.allSatisfy { $0["duration"] is Double && $0["level"] as? String == "info" && $0["time"] is String })
        #expect((objects.last?["message"] as? String)?.hasPrefix("built 2026-11-27") == true)
        let failing = try run(["build", "--project", root.path, "--log-format", "json", "--as-of", "1999-01-01"])
        #expect(failing.status == 1)
        let error = failing.output.split(separator: "\n").compactMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }.last
        #expect(error?["level"] as? String == "error")
    }
}
