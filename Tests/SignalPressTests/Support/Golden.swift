import Foundation
import Testing

/// Golden files for text output (charts, pages, reports), in the manner of swift-snapshot-testing:
/// the expected bytes live in `Tests/SignalPressTests/Goldens/`, and `make golden`
/// (SIGNALPRESS_RECORD_GOLDEN=1) rewrites them after an intended change.
enum Golden {
    static let directory = SharedData.repositoryRoot.appendingPathComponent("Tests/SignalPressTests/Goldens")

    static var recording: Bool { ProcessInfo.processInfo.environment["SIGNALPRESS_RECORD_GOLDEN"] == "1" }

    static func assertMatches(_ actual: String, named name: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let url = directory.appendingPathComponent(name)
        if recording {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            try Data(actual.utf8).write(to: url)
        }
        guard let expected = try? String(contentsOf: url, encoding: .utf8) else {
            Issue.record("no golden file \(name): run `make golden` to record it", sourceLocation: sourceLocation)
            return
        }
        guard actual != expected else { return }
        let actualLines = actual.split(separator: "\n", omittingEmptySubsequences: false)
        let expectedLines = expected.split(separator: "\n", omittingEmptySubsequences: false)
        let line = Array(zip(actualLines, expectedLines)).firstIndex { $0 != $1 } ?? min(actualLines.count, expectedLines.count)
        let got = line < actualLines.count ? String(actualLines[line].prefix(200)) : "<end of output>"
        let want = line < expectedLines.count ? String(expectedLines[line].prefix(200)) : "<end of golden>"
        Issue.record("\(name) differs from its golden file at line \(line + 1):\n  golden: \(want)\n  output: \(got)\nrun `make golden` if the change is intended",
                     sourceLocation: sourceLocation)
    }
}
