import Foundation

/// OpenSSL's own time-stamp authority (`openssl ts -reply`) behind `tsa_server.py` on
/// 127.0.0.1, with a CA of its own made for the test: the oracle for RFC 3161. Started and
/// stopped by the test.
final class TimestampServer {
    static let script = SharedData.repositoryRoot.appendingPathComponent("Tests/SignalPressTests/Support/tsa_server.py")
    static let openssl = ["/usr/bin/openssl", "/usr/local/bin/openssl"].first { FileManager.default.isExecutableFile(atPath: $0) }

    let server: PythonServer
    var port: Int { server.port }
    /// Holds `ca.pem` (the authority's CA) and `other-ca.pem` (one that did not issue it).
    let folder: URL

    init() throws {
        folder = Fixtures.temporaryDirectory("tsa")
        server = try PythonServer(Self.script, [folder.path])
    }

    func stop() { server.stop() }


    /// `/` stamps; `/fail` answers 503; `/other` stamps another digest; `/sha1` asks with a digest the authority refuses.
    func url(_ path: String = "") -> String { "http://127.0.0.1:\(port)/\(path)" }
    var ca: URL { folder.appendingPathComponent("ca.pem") }
    var otherCA: URL { folder.appendingPathComponent("other-ca.pem") }

    /// `openssl ts -verify` of a token against the authority's CA: OpenSSL's own verdict.
    func opensslVerifies(token: URL, digest: String) throws -> Bool {
        let environment = ProcessInfo.processInfo.environment.filter { $0.key != "LD_PRELOAD" && !$0.key.hasPrefix("FAKETIME") }
        return try Program.run(Self.openssl!, ["ts", "-verify", "-digest", digest, "-token_in", "-in", token.path, "-CAfile", ca.path],
                               environment: environment).status == 0
    }
}
