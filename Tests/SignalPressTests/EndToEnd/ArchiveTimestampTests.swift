import Core
import Foundation
import Ledger
import Testing
import Tiers

/// `archive.timestamp`: each night's chain heads stamped by an RFC 3161 authority (OpenSSL's own,
/// `openssl ts -reply`, on 127.0.0.1), kept beside the edition and checked by `verify --archive`.
@Suite("Archive timestamps", .openssl)
struct ArchiveTimestampTests {
    func project(_ authority: TimestampServer, path: String = "") throws -> URL {
        let root = Fixtures.project(site: Fixtures.siteYAML + "archive:\n  timestamp:\n    url: \(authority.url(path))\n    ca: tsa-ca.pem\n")
        try FileManager.default.copyItem(at: authority.ca, to: root.appendingPathComponent("content/tsa-ca.pem"))
        return root
    }

    func build(_ root: URL, asOf day: Day) throws -> (status: Int32, output: String) {
        try Binary.capture(["build", "--project", root.path] + Fixtures.todayArguments + ["--as-of", day.iso])
    }

    func verify(_ site: URL, ca: URL?) throws -> (status: Int32, output: String) {
        try Binary.capture(["verify", "--archive", site.path, "--public-key", site.appendingPathComponent("keys/signing.pub").path]
            + (ca.map { ["--tsa-ca", $0.path] } ?? []))
    }

    @Test("each night's chain heads are stamped once; OpenSSL and verify --archive accept the tokens; a changed token, a moved one or a foreign CA is named")
    func roundTrip() throws {
        let authority = try TimestampServer()
        defer { authority.stop() }
        let root = try project(authority)
        let nights = EditionLogTests.nights(2)
        let site = root.appendingPathComponent("site")
        for night in nights {
            let result = try build(root, asOf: night)
            #expect(result.status == 0 && result.output.contains("archive: 2 chain heads timestamped"), "\(result.output)")
        }
        let rows = try LedgerStore(path: root.appendingPathComponent(".signalpress/ledger.sqlite").path, clock: Fixtures.clock).sealedEditions()
        for night in nights {
            for tier in ["free", "pro"] {
                let folder = site.appendingPathComponent("bundles/\(tier)/\(night)")
                let token = folder.appendingPathComponent("timestamp.tsr")
                let manifest = try Data(contentsOf: folder.appendingPathComponent("manifest.json"))
                // The token stamps the edition's hash, the one the log sealed and the next manifest names.
                #expect(rows.contains { $0.tier.value == tier && $0.bundleDate == night.iso && $0.contentHash == Hex.sha256(manifest) })
                #expect(try authority.opensslVerifies(token: token, digest: Hex.sha256(manifest)), "OpenSSL rejects \(token.path)")
                #expect(try !authority.opensslVerifies(token: token, digest: String(repeating: "0", count: 64)))
                // Kept in the edition store too: the same file.
                let kept = root.appendingPathComponent(".signalpress/editions/\(tier)/bundles/\(night)/timestamp.tsr")
                #expect(try Data(contentsOf: kept) == Data(contentsOf: token))
            }
        }
        // A night already stamped asks nothing again, and its token is republished byte for byte.
        let first = try Data(contentsOf: site.appendingPathComponent("bundles/pro/\(nights[1])/timestamp.tsr"))
        let again = try build(root, asOf: nights[1])
        #expect(again.status == 0 && !again.output.contains("timestamped"), "\(again.output)")
        #expect(try Data(contentsOf: site.appendingPathComponent("bundles/pro/\(nights[1])/timestamp.tsr")) == first)

        let good = try verify(site, ca: authority.ca)
        #expect(good.status == 0 && good.output.contains("timestamps: 2 valid; the newest, on \(nights[1])")
            && good.output.contains("CN=SignalPress test TSA, issued by a trusted CA"), "\(good.output)")
        let unchecked = try verify(site, ca: nil)
        #expect(unchecked.status == 0 && unchecked.output.contains("not checked against a CA"), "\(unchecked.output)")
        let foreign = try verify(site, ca: authority.otherCA)
        #expect(foreign.status == 1 && foreign.output.contains("no trusted authority's certificate issued it"), "\(foreign.output)")

        func broken(_ change: (URL) throws -> Void) throws -> String {
            let copy = Fixtures.temporaryDirectory("stamped").appendingPathComponent("site")
            try FileManager.default.copyItem(at: site, to: copy)
            try change(copy.appendingPathComponent("bundles/pro"))
            let result = try verify(copy, ca: authority.ca)
            #expect(result.status == 1, "\(result.output)")
            return result.output
        }
        let flipped = try broken { pro in
            let token = pro.appendingPathComponent("\(nights[1])/timestamp.tsr")
            var bytes = try Data(contentsOf: token)
            try FileManager.default.removeItem(at: token)
            // A byte of the signature, near the end: the token still parses and no longer verifies.
            bytes[bytes.count - 20] ^= 0x01
            try bytes.write(to: token)
        }
        #expect(flipped.contains("pro \(nights[1]): timestamp.tsr: the timestamp's signature does not verify"), "\(flipped)")
        let moved = try broken { pro in
            let target = pro.appendingPathComponent("\(nights[1])/timestamp.tsr")
            try FileManager.default.removeItem(at: target)
            try FileManager.default.copyItem(at: pro.appendingPathComponent("\(nights[0])/timestamp.tsr"), to: target)
        }
        #expect(moved.contains("pro \(nights[1]): timestamp.tsr: the timestamp is for") && moved.contains("not for this edition"), "\(moved)")
        #expect(moved.contains("OK: free: 2 editions"))
    }

    @Test("an authority that is down, refuses, or stamps another hash: the night is published with a warning, and no token is kept")
    func authorityFailures() throws {
        let authority = try TimestampServer()
        defer { authority.stop() }
        let cases = [("fail", "did not answer: HTTP 503"), ("sha1", "refused (status 2)"), ("other", "the timestamp is for")]
        for (path, expected) in cases {
            let root = try project(authority, path: path)
            let result = try build(root, asOf: EditionLogTests.nights(1)[0])
            #expect(result.status == 0, "\(path): \(result.output)")
            #expect(result.output.contains("pro \(EditionLogTests.nights(1)[0]): not timestamped:") && result.output.contains(expected)
                && result.output.contains("the next timestamped edition covers it through the chain"), "\(path): \(result.output)")
            let tokens = FileManager.default.enumerator(atPath: root.path)?.compactMap { $0 as? String }.filter { $0.hasSuffix(".tsr") } ?? []
            #expect(tokens.isEmpty, "\(path): \(tokens)")
        }
        // A CA file that holds no certificate stops the build before anything is published.
        let root = try project(authority)
        try Data("not a certificate\n".utf8).write(to: root.appendingPathComponent("content/tsa-ca.pem"))
        let refused = try build(root, asOf: EditionLogTests.nights(1)[0])
        #expect(refused.status == 1 && refused.output.contains("archive.timestamp.ca:") && refused.output.contains("is not a file of PEM certificates"),
                "\(refused.output)")
        #expect(!FileManager.default.fileExists(atPath: root.appendingPathComponent("site/index.html").path))
    }

    @Test("the request is what OpenSSL reads as a SHA-256 time-stamp query with our nonce, asking for the certificate")
    func requestReadByOpenSSL() throws {
        let digest = Hex.sha256(Data("an edition".utf8))
        let file = Fixtures.temporaryDirectory("query").appendingPathComponent("query.tsq")
        try Data(TimestampRequest.der(sha256: Hex.bytes(digest)!, nonce: 0x1234_5678_9ABC)).write(to: file)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: TimestampServer.openssl!)
        process.arguments = ["ts", "-query", "-in", file.path, "-text"]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle(forWritingAtPath: "/dev/null")
        try process.run()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        let ended = process.reap()
        // OpenSSL prints the imprint as hex bytes, 16 to a line.
        let printed = text.split(separator: "\n").filter { $0.contains(" - ") }.map { line in
            line.split(separator: " - ", maxSplits: 1)[1].prefix(47).replacingOccurrences(of: " ", with: "").replacingOccurrences(of: "-", with: "")
        }.joined()
        #expect(ended.status == 0 && text.contains("Hash Algorithm: sha256") && printed == digest, "\(text)")
        #expect(text.contains("Nonce: 0x123456789ABC") && text.contains("Certificate required: yes"), "\(text)")
    }
}
