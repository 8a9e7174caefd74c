import Core
import Foundation
import MarketData
import Testing
import Tiers
@testable import signalpress

/// `signalpress serve` as a separate process, driven over HTTP like a browser tab would.
@Suite("Live preview server", .serialized)
struct ServeTests {
    final class Serve {
        let process: Process
        let port: Int
        let log: URL

        init(_ root: URL, extra: [String] = [], descriptorLimit: Int? = nil) throws {
            log = Fixtures.temporaryDirectory("serve").appendingPathComponent("serve.log")
            process = try Binary.start(["serve", "--project", root.path, "--port", "0", "--interval", "0.1"] + extra, output: log,
                                       descriptorLimit: descriptorLimit)
            var found: Int?
            for _ in 0..<600 where found == nil && process.isRunning {
                let text = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
                if let range = text.range(of: "serving http://127.0.0.1:") {
                    found = Int(text[range.upperBound...].prefix { $0.isNumber })
                }
                if found == nil { usleep(50_000) }
            }
            guard let found else {
                process.terminate()
                throw NSError(domain: "serve", code: 1, userInfo: [NSLocalizedDescriptionKey: (try? String(contentsOf: log, encoding: .utf8)) ?? ""])
            }
            port = found
            // The port answers before the first build ends (503 and a page that reloads itself).
            let first = try wait { $0.generation >= 1 || $0.error != nil }
            if first.generation < 1 { throw NSError(domain: "serve", code: 2, userInfo: [NSLocalizedDescriptionKey: first.error ?? "no build"]) }
        }

        func stop() {
            if process.isRunning { kill(process.processIdentifier, SIGKILL); process.reap() }
        }

        func get(_ path: String) throws -> HTTP.Response { try HTTP.get(port, path) }
        func text(_ path: String) throws -> String { String(decoding: try get(path).body, as: UTF8.self) }

        func status() throws -> (generation: Int, error: String?) {
            let object = try JSONSerialization.jsonObject(with: Data(try get("/__signalpress/status").body)) as? [String: Any]
            return (object?["generation"] as? Int ?? -1, object?["error"] as? String)
        }

        /// Waits (up to 20 s) until the status satisfies `condition`.
        func wait(_ condition: ((generation: Int, error: String?)) -> Bool) throws -> (generation: Int, error: String?) {
            var last = try status()
            for _ in 0..<200 where !condition(last) {
                usleep(100_000)
                last = try status()
            }
            return last
        }
    }

    @Test("serves the site with its headers and the reload script, refuses paths outside it, and records nothing in the ledger")
    func serves() throws {
        let root = Fixtures.project()
        let serve = try Serve(root)
        defer { serve.stop() }
        let index = try serve.get("/")
        #expect(index.status == 200 && index.headers["content-type"] == "text/html; charset=utf-8")
        #expect(index.headers["content-security-policy"]?.hasPrefix("default-src 'none'") == true && index.headers["x-content-type-options"] == "nosniff")
        let html = String(decoding: index.body, as: UTF8.self)
        #expect(html.contains("<script src=\"/__signalpress/reload.js\" defer></script>") && html.contains("Test Signals"))
        #expect(try serve.get("/symbols/AAAX/sparkline.svg").headers["content-type"] == "image/svg+xml")
        #expect(try serve.get("/feed.xml").headers["content-type"] == "application/atom+xml; charset=utf-8")
        #expect(try serve.get("/feed.json").headers["content-type"] == "application/feed+json; charset=utf-8")
        // Only the previewed output is built: the public site and its own bundle, no paid tier's.
        let bundles = root.appendingPathComponent(".signalpress/preview/site/bundles")
        #expect(try FileManager.default.contentsOfDirectory(atPath: bundles.path) == ["free"])
        #expect(try serve.get("/no/such/page").status == 404)
        for attack in ["/../../../../etc/passwd", "/%2e%2e/%2e%2e/%2e%2e/etc/passwd", "/..%2f..%2f..%2fetc%2fpasswd", "/%252e%252e/etc/passwd"] {
            let response = try serve.get(attack)
            #expect([403, 404].contains(response.status), "\(attack)")
            #expect(!String(decoding: response.body, as: UTF8.self).contains("root:"), "\(attack)")
        }
        // The published preview never carries the reload script; the ledger is untouched.
        let built = try String(contentsOf: root.appendingPathComponent(".signalpress/preview/site/index.html"), encoding: .utf8)
        #expect(!built.contains("reload.js"))
        #expect(!FileManager.default.fileExists(atPath: root.appendingPathComponent(".signalpress/ledger.sqlite").path))
    }

    @Test("a taken port fails at once, before any build; an unknown --tier is misuse, with the tiers listed")
    func refusesBeforeBuilding() throws {
        let root = Fixtures.project()
        let listener = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(listener) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(listener, $0, length) } }
        _ = listen(listener, 1)
        _ = withUnsafeMutablePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(listener, $0, &length) } }
        let taken = Int(UInt16(bigEndian: address.sin_port))
        let log = Fixtures.temporaryDirectory("serve").appendingPathComponent("serve.log")
        #expect(try Binary.run(["serve", "--project", root.path, "--port", String(taken)], output: log) == 1)
        #expect(try String(contentsOf: log, encoding: .utf8).contains("\(taken)"))
        #expect(!FileManager.default.fileExists(atPath: root.appendingPathComponent(".signalpress/preview/site").path), "nothing was built")

        #expect(try Binary.run(["serve", "--project", root.path, "--port", "0", "--tier", "gold"], output: log) == 2)
        #expect(try String(contentsOf: log, encoding: .utf8).contains("--tier gold: site.yml has no such tier (tiers: free, pro)"))
    }

    /// Sends `request` as is and returns the status line's code (0 when the server closed without one).
    func raw(_ port: Int, _ request: [UInt8]) throws -> Int {
        guard let fd = HTTP.connect(port) else { throw NSError(domain: "serve", code: 1) }
        defer { close(fd) }
        _ = request.withUnsafeBytes { send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
        var answer = [UInt8](repeating: 0, count: 64)
        let count = recv(fd, &answer, answer.count, 0)
        let line = String(decoding: answer.prefix(max(0, count)), as: UTF8.self)
        return Int(line.dropFirst("HTTP/1.1 ".count).prefix(3)) ?? 0
    }

    @Test("answers only localhost hosts, refuses a huge request head at once, and a silent client holds up nobody")
    func hostileClients() throws {
        let serve = try Serve(Fixtures.project())
        defer { serve.stop() }
        #expect(try raw(serve.port, Array("GET / HTTP/1.1\r\nHost: attacker.example\r\n\r\n".utf8)) == 421)
        #expect(try raw(serve.port, Array("GET / HTTP/1.1\r\nHost: 127.0.0.1:\(serve.port)\r\n\r\n".utf8)) == 200)
        let huge = Array("GET / HTTP/1.1\r\nHost: localhost\r\nX-Long: \(String(repeating: "a", count: 64 * 1024))\r\n\r\n".utf8)
        #expect(try raw(serve.port, huge) == 431)
        // A client that connects and says nothing: others are served meanwhile.
        let silent = try #require(HTTP.connect(serve.port))
        defer { close(silent) }
        #expect(try serve.get("/").status == 200)
    }

    @Test("a head trickled a byte at a time is cut off; with descriptors scarce and 120 idle connections a real request is served, and the server does not spin")
    func starvation() throws {
        let serve = try Serve(Fixtures.project(), descriptorLimit: 100)
        defer { serve.stop() }
        // One byte every 0.3 s: the whole head would take about 20 s; the preview stops listening after 5 s of it.
        let trickle = try #require(HTTP.connect(serve.port))
        defer { close(trickle) }
        let head = Array("GET / HTTP/1.1\r\nHost: localhost\r\nX-Slow: \(String(repeating: "s", count: 24))\r\n\r\n".utf8)
        var cut = false
        for byte in head {
            var buffer = [UInt8](repeating: 0, count: 256)
            let answered = recv(trickle, &buffer, buffer.count, Int32(MSG_DONTWAIT))
            if answered == 0 || send(trickle, [byte], 1, Int32(MSG_NOSIGNAL)) < 0 { cut = true; break }
            if answered > 0 { Issue.record("a trickled head was answered: \(String(decoding: buffer[0..<answered], as: UTF8.self))"); break }
            usleep(300_000)
        }
        #expect(cut, "the trickled head was never cut off")

        // 120 connections that say nothing, with 100 descriptors (the reproduction of the hardening issue): the
        // preview holds at most 64, fewer than its descriptors, lets the silent ones go after 5 s, never spins
        // on a failing accept, and answers a real request meanwhile.
        let idle = (0..<120).compactMap { _ in HTTP.connect(serve.port) }
        defer { idle.forEach { close($0) } }
        let before = Self.cpuSeconds(serve.process.processIdentifier)
        let started = ContinuousClock.now
        #expect(try serve.get("/").status == 200)
        let waited = ContinuousClock.now - started
        sleep(2)
        let spent = Self.cpuSeconds(serve.process.processIdentifier) - before
        #expect(waited < .seconds(30), "a real request waited \(waited)")
        // A loop on a failing accept burns a whole core: seconds of CPU per second waited.
        #expect(spent < 2.0 + Double(waited.components.seconds) * 0.3, "the preview spent \(spent) s of CPU in \(waited) + 2 s")
    }

    /// User plus system CPU time of a process, from /proc.
    static func cpuSeconds(_ pid: Int32) -> Double {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
              let close = stat.lastIndex(of: ")") else { return 0 }
        let fields = stat[stat.index(after: close)...].split(separator: " ")
        let ticks = Double(sysconf(Int32(_SC_CLK_TCK)))
        return ((Double(fields[11]) ?? 0) + (Double(fields[12]) ?? 0)) / ticks
    }

    @Test("an edited note shows up after one rebuild; a burst of saves is one rebuild; a broken template keeps the last good site")
    func rebuilds() throws {
        let root = Fixtures.project()
        let serve = try Serve(root)
        defer { serve.stop() }
        let first = try serve.status()
        #expect(first.generation == 1 && first.error == nil)

        Fixtures.write("---\ntitle: A quiet day\n---\nMarkets drifted sideways into the close.\n", to: root.appendingPathComponent("content/notes/2026-11-26.md"))
        let second = try serve.wait { $0.generation >= 2 }
        #expect(second.generation == 2)
        #expect(try serve.text("/reports/2026-11-26/index.html").contains("Markets drifted sideways"))

        for index in 0..<5 {
            Fixtures.write("---\ntitle: Page \(index)\n---\nBody \(index).\n", to: root.appendingPathComponent("content/pages/burst-\(index).md"))
        }
        let third = try serve.wait { $0.generation >= 3 }
        usleep(1_500_000)
        #expect(try serve.status().generation == third.generation)
        #expect(third.generation == 3, "a burst of five saves gave \(third.generation - 2) rebuilds")

        Fixtures.write("{{<layout}}{{$body}}{{#votes}} never closed{{/body}}{{/layout}}", to: root.appendingPathComponent("Templates/dashboard.mustache"))
        let broken = try serve.wait { $0.error != nil }
        #expect(broken.error?.contains("Templates/dashboard.mustache") == true && broken.generation == 3)
        let stillServed = try serve.get("/")
        #expect(stillServed.status == 200 && String(decoding: stillServed.body, as: UTF8.self).contains("Markets drifted sideways") == false)
        #expect(String(decoding: stillServed.body, as: UTF8.self).contains("Test Signals"))

        try FileManager.default.removeItem(at: root.appendingPathComponent("Templates/dashboard.mustache"))
        let fixed = try serve.wait { $0.error == nil && $0.generation >= 4 }
        #expect(fixed.generation == 4 && fixed.error == nil)
    }

    @Test("serve prints the warnings check prints, each once: a rebuild that still has it does not repeat it")
    func warningsOnce() throws {
        let root = Fixtures.project()
        Fixtures.write("---\ntitle: Raw\n---\nText.\n\n<div>hidden</div>\n", to: root.appendingPathComponent("content/pages/raw.md"))
        let serve = try Serve(root)
        defer { serve.stop() }
        let warning = "warning: content/pages/raw.md:6: raw HTML left out"
        Fixtures.write("---\ntitle: A quiet day\n---\nMarkets drifted.\n", to: root.appendingPathComponent("content/notes/2026-11-26.md"))
        #expect(try serve.wait { $0.generation >= 2 }.generation >= 2)
        let log = try String(contentsOf: serve.log, encoding: .utf8)
        #expect(log.components(separatedBy: warning).count - 1 == 1, "\(log)")
    }

    @Test("--tier previews a paid tier's bundle, charts included")
    func tierPreview() throws {
        let root = Fixtures.project()
        let serve = try Serve(root, extra: ["--tier", "pro"])
        defer { serve.stop() }
        #expect(try serve.get("/symbols/CCCX/chart.svg").status == 200)
        #expect(try serve.text("/index.html").contains("CCCX"))
        // The tier's files are served as a subscriber unzips them, without a zip being made at all;
        // they are the bundle's files, byte for byte.
        let preview = root.appendingPathComponent(".signalpress/preview/site")
        #expect(!FileManager.default.fileExists(atPath: preview.appendingPathComponent("bundles").path))
        // An edited note is one rebuild that reuses every symbol.
        Fixtures.write("---\ntitle: A quiet day\n---\nEdited.\n", to: root.appendingPathComponent("content/notes/2026-11-26.md"))
        _ = try serve.wait { $0.generation >= 2 }
        #expect(try serve.text("/reports/2026-11-26/index.html").contains("Edited."))
        #expect(try String(contentsOf: serve.log, encoding: .utf8).contains("(4 unchanged symbols reused)"))
        // What is served is the bundle's files, byte for byte.
        #expect(SignalPress.run(["build", "--project", root.path, "--quiet"]) == 0)
        // As a subscriber unzips it, served with the public site's headers.
        let site = root.appendingPathComponent("site")
        var unpacked = try BundleArchive.unzip([UInt8](Data(contentsOf: site.appendingPathComponent(BundlePath(tier: "pro", date: Day(iso: "2026-11-27")!).archive))))
        unpacked["_headers"] = [UInt8](try Data(contentsOf: site.appendingPathComponent("_headers")))
        // The preview shows every report and the feeds of the archive, as the tier's members' area does;
        // the day's bundle holds that day's.
        let previewed = Fixtures.tree(preview).filter { $0.key != ".signalpress-site" }
        let ofTheDay = { (path: String) in path.hasPrefix("reports/") || path.hasPrefix("feed.") }
        #expect(previewed.filter { !ofTheDay($0.key) } == unpacked.filter { !ofTheDay($0.key) }.mapValues { Data($0) })
        #expect(unpacked.keys.filter { $0.hasPrefix("reports/") }.sorted() == ["reports/2026-11-27/index.html", "reports/2026-11-27/report.md", "reports/index.html"])
        #expect(previewed.keys.filter { $0.hasPrefix("reports/2") && $0.hasSuffix("/index.html") }.count == 10)
    }
}
