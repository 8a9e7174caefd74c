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
        let output = Pipe()
        process.executableURL = URL(fileURLWithPath: MarketServer.python!)
        // Real time for the authority: its tokens carry the time it stamped, not the test's.
        process.environment = ProcessInfo.processInfo.environment.filter { $0.key != "LD_PRELOAD" && !$0.key.hasPrefix("FAKETIME") }
        process.arguments = [Self.script.path, folder.path]
        process.standardOutput = output
        process.standardError = FileHandle(forWritingAtPath: "/dev/null")
        try process.run()
        var line = Data()
        while !line.contains(10) {
            let chunk = output.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            line.append(chunk)
        }
        guard let port = Int(String(decoding: line, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)) else {
            process.terminate()
            throw NSError(domain: "tsa-server", code: 1, userInfo: [NSLocalizedDescriptionKey: "the time-stamp authority did not start"])
        }
        self.port = port
    }

    func stop() {
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
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
        process.waitUntilExit()
        return process.terminationStatus == 0
    }
}
