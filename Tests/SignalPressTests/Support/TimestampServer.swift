import Foundation

/// OpenSSL's own time-stamp authority (`openssl ts -reply`) behind `tsa_server.py` on
/// 127.0.0.1, with a CA of its own made for the test: the oracle for RFC 3161. Started and
/// stopped by the test.
final class TimestampServer {
    static let script = SharedData.repositoryRoot.appendingPathComponent("Tests/SignalPressTests/Support/tsa_server.py")
    static let openssl = ["/usr/bin/openssl", "/usr/local/bin/openssl"].first { FileManager.default.isExecutableFile(atPath: $0) }

    let process = Process()
    let port: Int
    /// Holds `ca.pem` (the authority's CA) and `other-ca.pem` (one that did not issue it).
    let folder: URL

    init() throws {
        folder = Fixtures.temporaryDirectory("tsa")
        port = try MarketServer.launch(process, Self.script, [folder.path])
    }

    /// Once: a child reaped here still looks running to Foundation, and its number may be another's by now.
    private var stopped = false

    func stop() {
        guard !stopped else { return }
        stopped = true
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            process.reap()
        }
    }

    deinit { stop() }

    /// `/` stamps; `/fail` answers 503; `/other` stamps another digest; `/sha1` asks with a digest the authority refuses.
    func url(_ path: String = "") -> String { "http://127.0.0.1:\(port)/\(path)" }
    var ca: URL { folder.appendingPathComponent("ca.pem") }
    var otherCA: URL { folder.appendingPathComponent("other-ca.pem") }

    /// `openssl ts -verify` of a token against the authority's CA: OpenSSL's own verdict.
    func opensslVerifies(token: URL, digest: String) throws -> Bool {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Self.openssl!)
        process.arguments = ["ts", "-verify", "-digest", digest, "-token_in", "-in", token.path, "-CAfile", ca.path]
        process.environment = ProcessInfo.processInfo.environment.filter { $0.key != "LD_PRELOAD" && !$0.key.hasPrefix("FAKETIME") }
        process.standardOutput = FileHandle(forWritingAtPath: "/dev/null")
        process.standardError = FileHandle(forWritingAtPath: "/dev/null")
        try process.run()
        return process.reap().status == 0
    }
}
