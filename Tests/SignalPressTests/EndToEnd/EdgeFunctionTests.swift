import Build
import Foundation
import Ledger
import Project
import Publishing
import Testing
import Tiers
@testable import signalpress

/// The Cloudflare Worker and CloudFront Function that `deploy-config` prints, run under Node
/// against links made by `signalpress links`: the same cases the real nginx passes, so the Swift
/// and JavaScript sides of the `hmac` scheme can never disagree.
@Suite("Edge functions under Node", .node)
struct EdgeFunctionTests {
    static let secret = "edge-secret-0123456789abcdef"
    static let site = Fixtures.siteYAML + "gating: { scheme: hmac }\n"

    /// Every case with the status nginx gives its `nginx-secure-link` twin (`NginxGatingTests`).
    static func cases(root: URL) throws -> [(target: String, status: Int, why: String)] {
        let project = try Project.load(from: root)
        let ledger = try LedgerStore(path: root.appendingPathComponent(".signalpress/ledger.sqlite").path, clock: Fixtures.clock)
        try ledger.addSubscriber(id: "alice", email: "alice@example.com", tier: "pro", tiers: ["free", "pro"])
        let now = Int(Date().timeIntervalSince1970)
        func links(ttl: Int = 600, at time: Int = now) throws -> [String] {
            try Workspace(root: project.root).links(ledger: ledger, subscriber: "alice", date: nil, ttl: ttl, now: time,
                                   environment: [project.config.gating.secretEnvironmentVariable: secret])
                .map { String($0.dropFirst(project.config.baseURL.count)) }
        }
        let link = try links()[0]
        let path = String(link.prefix { $0 != "?" }), query = String(link.drop { $0 != "?" }.dropFirst())
        let expires = query.split(separator: "&").first { $0.hasPrefix("expires=") }!.dropFirst("expires=".count)
        let sig = query.split(separator: "&").first { $0.hasPrefix("sig=") }!.dropFirst("sig=".count)
        let forged = String(sig.first == "A" ? "B" : "A") + sig.dropFirst()
        return [
            (link, 200, "a valid link"),
            (try links()[1], 200, "the manifest's own link"),
            ("/" + path + "?" + query, 200, "a doubled slash"),
            (path.replacingOccurrences(of: "/bundles/", with: "/%62undles/") + "?" + query, 200, "an encoded letter"),
            (path.replacingOccurrences(of: ".zip", with: ".%7aip") + "?" + query, 200, "an encoded extension"),
            ("/bundles/pro/2026-11-27/manifest.json?" + query, 403, "a token for another file"),
            (path + "?" + query.replacingOccurrences(of: "sub=alice", with: "sub=bob"), 403, "another subscriber"),
            (path + "?" + query.replacingOccurrences(of: "expires=\(expires)", with: "expires=\(Int(expires)! + 3600)"), 403, "a changed expiry"),
            (path + "?" + query.replacingOccurrences(of: "sig=\(sig)", with: "sig=\(forged)"), 403, "a tampered token"),
            (path, 403, "no token"),
            (try links(ttl: 60, at: now - 3600)[0], 410, "an expired link"),
            (link + "&sub=bob", 403, "a parameter given twice"),
            (link + "&sub=", 403, "an empty parameter given twice"),
            (link + "&sub", 403, "a parameter without a value given twice"),
            (link + "&SUB=bob", 403, "a parameter given twice in capitals"),
            (path + "?sub=&" + query, 403, "an empty parameter first"),
            (link + "&x=1&x=1", 200, "another parameter given twice"),
            (link + "&%73ub=bob", 200, "an encoded name, which is another parameter"),
            (path.replacingOccurrences(of: "/bundles/", with: "/BUNDLES/") + "?" + query, 404, "the path in capitals"),
            ("/bundles/free/2026-11-27/free-2026-11-27.zip", 200, "the free tier is public"),
            ("/bundles/unknown-tier/x.zip", 403, "an unknown tier"),
            ("/bundles/free/../pro/2026-11-27/pro-2026-11-27.zip", 403, "a dot segment into a paid tier"),
            ("/index.html", 200, "a public page"),
        ]
    }

    @Test("the Cloudflare Worker gives every link the status nginx gives it, and passes allowed requests to the assets")
    func cloudflare() throws {
        let (root, script) = try Self.generate(.cloudflare)
        #expect(script.contains("export default {") && script.contains("async fetch(request, env)") && script.contains("env.ASSETS.fetch(request)"))
        let folder = Fixtures.temporaryDirectory("worker")
        Fixtures.write(script, to: folder.appendingPathComponent("worker.mjs"))
        Fixtures.write("""
            import worker from "./worker.mjs";
            const env = { SIGNALPRESS_LINK_SECRET: process.argv[2],
                          ASSETS: { fetch: async (request) => new Response("asset " + new URL(request.url).pathname
                                                                            + (request.headers.get("range") ? " ranged" : ""), { status: 200 }) } };
            for (const target of process.argv.slice(3)) {
              const response = await worker.fetch(new Request("https://test.example.com" + target, { headers: { Range: "bytes=0-99" } }), env);
              console.log(response.status + " " + (await response.text()).trim());
            }
            """, to: folder.appendingPathComponent("run.mjs"))
        try Self.expectCases(root: root, script: folder.appendingPathComponent("run.mjs"))
    }

    @Test("the Cloudflare Worker sends the site's _headers itself (Workers Static Assets skips them behind a Worker): CSP everywhere, no-store on bundles")
    func cloudflareHeaders() throws {
        let (root, script) = try Self.generate(.cloudflare)
        let folder = Fixtures.temporaryDirectory("worker-headers")
        Fixtures.write(script, to: folder.appendingPathComponent("worker.mjs"))
        Fixtures.write("""
            import worker from "./worker.mjs";
            // What Workers Static Assets answers on its own: its default caching, no security headers.
            const env = { SIGNALPRESS_LINK_SECRET: process.argv[2],
                          ASSETS: { fetch: async () => new Response("asset", { status: 200, headers: { "Cache-Control": "public, max-age=0, must-revalidate" } }) } };
            for (const target of process.argv.slice(3)) {
              const response = await worker.fetch(new Request("https://test.example.com" + target), env);
              const headers = {};
              for (const [name, value] of response.headers) headers[name] = value;
              console.log(JSON.stringify({ status: response.status, headers }));
            }
            """, to: folder.appendingPathComponent("run.mjs"))
        let link = try Self.cases(root: root)[0].target
        let targets = ["/index.html", "/assets/style.0123abcd.css", "/bundles/free/2026-11-27/free-2026-11-27.zip", link, String(link.prefix { $0 != "?" })]
        let answers = try Node.run(folder.appendingPathComponent("run.mjs"), arguments: [Self.secret] + targets).map { line in
            try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        }
        #expect(answers.map { $0["status"] as? Int } == [200, 200, 200, 200, 403])
        for (target, answer) in zip(targets, answers) {
            let headers = answer["headers"] as? [String: String] ?? [:]
            for (name, value) in SecurityHeaders.all { #expect(headers[name.lowercased()] == value, "\(target): \(name)") }
        }
        let cache = answers.map { ($0["headers"] as? [String: String])?["cache-control"] }
        #expect(cache == ["public, max-age=0, must-revalidate", SecurityHeaders.CacheControl.assets, SecurityHeaders.CacheControl.bundles,
                          SecurityHeaders.CacheControl.bundles, SecurityHeaders.CacheControl.bundles], "\(cache)")
    }

    @Test("the CloudFront Function gives every link the status nginx gives it, with the secret from its key value store")
    func cloudfront() throws {
        let (root, script) = try Self.generate(.cloudfront)
        #expect(script.contains("import cf from 'cloudfront';") && script.contains("async function handler(event)") && !script.contains("export"))
        let folder = Fixtures.temporaryDirectory("cloudfront")
        // CloudFront Functions define `handler` without exporting it; the harness exports it, and
        // stands in for the `cloudfront` module with a key value store holding the secret.
        Fixtures.write(script + "\nexport { handler };\n", to: folder.appendingPathComponent("gate.mjs"))
        Fixtures.write("""
            export default { kvs: () => ({ get: async (key) => {
              if (key === "SIGNALPRESS_LINK_SECRET") return process.argv[2];
              throw new Error("no key " + key);
            } }) };
            """, to: folder.appendingPathComponent("node_modules/cloudfront/index.mjs"))
        Fixtures.write(#"{ "name": "cloudfront", "type": "module", "main": "index.mjs" }"#, to: folder.appendingPathComponent("node_modules/cloudfront/package.json"))
        Fixtures.write("""
            import { handler } from "./gate.mjs";
            for (const target of process.argv.slice(3)) {
              const at = target.indexOf("?");
              const querystring = {};
              for (const pair of (at < 0 ? "" : target.slice(at + 1)).split("&").filter((pair) => pair)) {
                const equals = pair.indexOf("=");
                const [name, value] = equals < 0 ? [pair, ""] : [pair.slice(0, equals), pair.slice(equals + 1)];
                if (!querystring[name]) querystring[name] = { value };
                else (querystring[name].multiValue ||= [{ value: querystring[name].value }]).push({ value });
              }
              const headers = { range: { value: "bytes=0-99" } };
              const request = { method: "GET", uri: at < 0 ? target : target.slice(0, at), querystring, headers, cookies: {} };
              const result = await handler({ version: "1.0", context: {}, viewer: { ip: "127.0.0.1" }, request });
              console.log(result.statusCode ? result.statusCode + " " + result.statusDescription
                                            : "200 passed " + result.uri + (result.headers.range ? " ranged" : ""));
            }
            """, to: folder.appendingPathComponent("run.mjs"))
        try Self.expectCases(root: root, script: folder.appendingPathComponent("run.mjs"))
    }

    @Test("deploy-config cloudflare refuses a project whose links are signed for nginx")
    func refusesNginxLinks() throws {
        let root = Fixtures.project()
        let out = Fixtures.temporaryDirectory("edge-out").appendingPathComponent("out.txt")
        #expect(try Binary.run(["deploy-config", "cloudflare", "--project", root.path], output: out) == 1)
        #expect(try String(contentsOf: out, encoding: .utf8).contains("gating.scheme is nginx-secure-link"))
    }

    static func generate(_ platform: EdgeFunction.Platform) throws -> (URL, String) {
        let root = Fixtures.project(site: site)
        #expect(SignalPress.run(["build", "--project", root.path, "--quiet"]) == 0)
        let out = Fixtures.temporaryDirectory("edge-out").appendingPathComponent("script.js")
        #expect(try Binary.run(["deploy-config", platform.rawValue, "--project", root.path], output: out) == 0)
        return (root, try String(contentsOf: out, encoding: .utf8))
    }

    static func expectCases(root: URL, script: URL) throws {
        let cases = try cases(root: root)
        let lines = try Node.run(script, arguments: [secret] + cases.map(\.target))
        #expect(lines.count == cases.count, "\(lines)")
        for (line, expected) in zip(lines, cases) {
            #expect(line.hasPrefix("\(expected.status) "), "\(expected.why): \(expected.target) -> \(line)")
            // Every request carries a Range header: dropped on a paid bundle (the whole file, billed once), kept elsewhere.
            if expected.status == 200 {
                let paid = expected.target.contains("/pro/") || expected.target.contains("%62undles/pro/")
                #expect(line.hasSuffix(" ranged") == !paid, "\(expected.why): \(line)")
            }
        }
        // The same decisions as the Swift side, for every case it can judge.
        let signer = SignedLink(scheme: .hmac, secret: secret)
        let now = Int(Date().timeIntervalSince1970)
        for (target, status, why) in cases where target.hasPrefix("/bundles/pro/") && !target.contains("&sub=bob") && !target.contains("%") {
            let path = String(target.prefix { $0 != "?" }), query = String(target.drop { $0 != "?" }.dropFirst())
            #expect((signer.check(uri: path, query: query, now: now)?.status ?? 200) == status, "\(why)")
        }
    }
}

/// Node.js for the edge-function tests (`make test` installs Debian's `nodejs`).
enum Node {
    static let candidates = ["/usr/bin/node", "/usr/bin/nodejs", "/usr/local/bin/node"]
    static let binary: String? = candidates.first { FileManager.default.isExecutableFile(atPath: $0) }

    /// Runs `script` and returns its standard output's lines; a failure of Node fails the test.
    static func run(_ script: URL, arguments: [String]) throws -> [String] {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: binary!)
        process.arguments = [script.path] + arguments
        process.currentDirectoryURL = script.deletingLastPathComponent()
        // Node shares the test's clock: under `faketime` (as CI runs the suite a second time) its
        // Date.now() must move with the links the test signs.
        let clock = ProcessInfo.processInfo.environment.filter { $0.key == "LD_PRELOAD" || $0.key.hasPrefix("FAKETIME") || $0.key.hasPrefix("DONT_FAKE") }
        process.environment = ["PATH": "/usr/bin:/bin", "NODE_OPTIONS": ""].merging(clock) { $1 }
        let output = Pipe(), errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        let problems = errors.fileHandleForReading.readDataToEndOfFile()
        #expect(process.reap().status == 0, "\(String(decoding: problems, as: UTF8.self))")
        return String(decoding: data, as: UTF8.self).split(separator: "\n").map(String.init)
    }
}
