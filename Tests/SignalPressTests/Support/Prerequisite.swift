import Foundation
import Testing

/// Something a suite needs from the machine: a program `make test` installs, or `../shared`.
/// Outside CI a missing one skips the suite or test with a visible message; with `CI=true` it
/// fails instead and names what is missing, so CI never passes by skipping.
struct Prerequisite: SuiteTrait, TestTrait, TestScoping {
    /// What is missing, as a person would install it ("nginx (Debian's nginx)").
    let name: String
    let available: Bool
    /// What is not tested without it.
    let consequence: String

    static var underCI: Bool { ProcessInfo.processInfo.environment["CI"] == "true" }

    var isRecursive: Bool { false }

    func provideScope(for test: Test, testCase: Test.Case?, performing function: @Sendable () async throws -> Void) async throws {
        if available { return try await function() }
        if Self.underCI {
            Issue.record("CI=true and \(name) is missing: \(consequence) cannot run, and CI skips nothing")
            return
        }
        try Test.cancel("\(name) is missing (make test installs it); skipped: \(consequence)")
    }

    /// A program at the first of `paths` that exists.
    init(name: String, available: Bool, for consequence: String) {
        (self.name, self.available, self.consequence) = (name, available, consequence)
    }

    static func program(_ name: String, at paths: [String], for consequence: String) -> Prerequisite {
        Prerequisite(name: name, available: paths.contains { FileManager.default.isExecutableFile(atPath: $0) }, for: consequence)
    }
}

extension Trait where Self == Prerequisite {
    static var nginx: Prerequisite { .program("nginx", at: NginxServer.candidates, for: "the checks against a real nginx") }
    static var python3: Prerequisite { .program("python3", at: MarketServer.candidates, for: "the HTTP market-data tests (their server is Python)") }
    static var openssl: Prerequisite {
        Prerequisite(name: "openssl and python3", available: TimestampServer.openssl != nil && MarketServer.python != nil,
                     for: "the RFC 3161 timestamp tests (OpenSSL's time-stamp authority behind a Python server)")
    }
    static var node: Prerequisite { .program("Node.js", at: Node.candidates, for: "the edge-function tests") }
    static var promtool: Prerequisite { .program("promtool (Debian's prometheus)", at: OperationsTests.promtoolCandidates, for: "the metrics check") }
    /// AWS's own request validator (Debian's python3-botocore), offline: the CloudFront policy's oracle.
    static var botocore: Prerequisite {
        Prerequisite(name: "botocore (Debian's python3-botocore)", available: DeployRecipesTests.hasBotocore,
                     for: "the CloudFront response headers policy check")
    }
    static var systemdAnalyze: Prerequisite {
        .program("systemd-analyze (Debian's systemd)", at: DeployRecipesTests.systemdAnalyzeCandidates, for: "the systemd unit check")
    }
    static var unzip: Prerequisite { .program("Info-ZIP's unzip", at: ["/usr/bin/unzip"], for: "the check that Info-ZIP reads the bundles") }
    static var sharedData: Prerequisite {
        Prerequisite(name: "../shared/data", available: SharedData.available, for: "the tests against the shared real data and TA-Lib's values")
    }
}
