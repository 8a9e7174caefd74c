import Build
import Core
import Foundation
import Ledger
import Project
import Testing
import Tiers

/// One-click unsubscribe (RFC 8058) without a server of our own: nginx as `deploy-config`
/// configures it answers and logs the POST, `usage ingest` turns the logged line into the
/// subscriber's `email: off`, and the next send leaves them out.
@Suite("One-click unsubscribe", .nginx, .deliveryServers)
struct UnsubscribeTests {
    @Test("a mail client's one-click POST is answered 204 and logged; ingest turns it off, once, and the next send skips the reader")
    func oneClick() throws {
        let smtp = try SMTPServer()
        defer { smtp.stop() }
        let root = try EmailDeliveryTests.project(smtp: smtp.url, subscribers: [("alice", "pro"), ("bob", "free")], days: ["2026-11-26", "2026-11-27"])
        let project = try Project.load(from: root)
        let server = try NginxServer.serving(root.appendingPathComponent("site"), project: project, secret: AccessLogs.secret,
                                             revocations: Workspace(root: root).revocations.nginx)
        defer { server.stop() }
        let ledger = try LedgerStore(path: root.appendingPathComponent(".signalpress/ledger.sqlite").path, clock: Fixtures.clock)
        let message = try Workspace(root: root).renderEmail(tier: "pro", date: "2026-11-26", subscriber: "alice", ledger: ledger, clock: Fixtures.clock,
                                                            environment: EmailDeliveryTests.environment)
        let link = try #require(message.unsubscribe?.https)
        let target = String(link.dropFirst(project.config.baseURL.count))
        #expect(target.hasPrefix("/unsubscribe/?sub=alice&sig="))

        // A reader's click (a GET, as every mail scanner sends too) unsubscribes no one: it shows the button.
        let page = try HTTP.get(server.port, target)
        #expect(page.status == 200 && String(decoding: page.body, as: UTF8.self).contains("<form method=\"post\">"))
        #expect(page.headers["content-security-policy"]?.contains("form-action 'self'") == true && page.headers["cache-control"] == "no-store")
        #expect(try HTTP.request(server.port, "DELETE", target).status == 405)
        // The mail client's POST, and a forged one naming bob with alice's signature.
        let form = ["Content-Type": "application/x-www-form-urlencoded"]
        #expect(try HTTP.request(server.port, "POST", target, headers: form, body: "List-Unsubscribe=One-Click").status == 204)
        let forged = target.replacingOccurrences(of: "sub=alice", with: "sub=bob")
        #expect(try HTTP.request(server.port, "POST", forged, headers: form, body: "List-Unsubscribe=One-Click").status == 204)
        usleep(200_000)

        let log = server.prefix.appendingPathComponent("access.log").path
        let ingest = try Binary.capture(["usage", "ingest", log, "--project", root.path] + Fixtures.todayArguments, environment: EmailDeliveryTests.environment)
        #expect(ingest.status == 0 && ingest.output.contains("1 subscriber unsubscribed from email") && ingest.output.contains("1 refused"), "\(ingest.output)")
        #expect(try ledger.subscriber("alice")?.emailState == .off)
        #expect(try ledger.subscriber("bob")?.emailState == .on)
        // The same log again changes nothing; a publisher who turns alice on again is not overruled by it.
        try EmailDeliveryTests.run(["subscribers", "set-email", "alice", "on"], root)
        let again = try Binary.capture(["usage", "ingest", log, "--project", root.path] + Fixtures.todayArguments, environment: EmailDeliveryTests.environment)
        let aliceAfter = try ledger.subscriber("alice")
        #expect(again.status == 0 && !again.output.contains("unsubscribed") && aliceAfter?.emailState == .on, "\(again.output)")
        try EmailDeliveryTests.run(["subscribers", "set-email", "alice", "off"], root)
        try EmailDeliveryTests.run(["send"], root)
        #expect(smtp.accepted().map(\.rcpt) == ["bob@mail.test"])
    }
}

/// The Worker and the CloudFront Function answer the unsubscribe address as nginx does, but a
/// POST gets a page (200) a browser can show.
@Suite("One-click unsubscribe at the edge, under Node", .node)
struct UnsubscribeEdgeTests {
    static let methods = ["GET", "POST", "PUT", "HEAD"]

    @Test("the Worker shows the button to a GET, answers the POST 200, refuses other methods")
    func worker() throws {
        let root = Fixtures.project(site: MembersEdgeTests.site)
        let folder = Fixtures.temporaryDirectory("unsubscribe-worker")
        Fixtures.write(try MembersEdgeTests.generate(.cloudflare, root: root), to: folder.appendingPathComponent("worker.mjs"))
        Fixtures.write("""
            import worker from "./worker.mjs";
            const env = { SIGNALPRESS_LINK_SECRET: "x", ASSETS: { fetch: async () => new Response("asset", { status: 200 }) } };
            for (const method of \(EdgeFunction.list(Self.methods))) {
              const response = await worker.fetch(new Request("https://test.example.com/unsubscribe/?sub=alice&sig=abc", { method }), env);
              console.log(method + " " + response.status + " " + response.headers.get("content-security-policy") + " |" + (await response.text()));
            }
            """, to: folder.appendingPathComponent("run.mjs"))
        Self.expect(try Node.run(folder.appendingPathComponent("run.mjs"), arguments: []))
    }

    @Test("the CloudFront Function shows the button to a GET, answers the POST 200, refuses other methods")
    func cloudfront() throws {
        let root = Fixtures.project(site: MembersEdgeTests.site)
        let folder = Fixtures.temporaryDirectory("unsubscribe-cloudfront")
        Fixtures.write(try MembersEdgeTests.generate(.cloudfront, root: root) + "\nexport { handler };\n", to: folder.appendingPathComponent("gate.mjs"))
        Fixtures.write("export default { kvs: () => ({ get: async () => { throw new Error('none'); } }) };",
                       to: folder.appendingPathComponent("node_modules/cloudfront/index.mjs"))
        Fixtures.write(#"{ "name": "cloudfront", "type": "module", "main": "index.mjs" }"#, to: folder.appendingPathComponent("node_modules/cloudfront/package.json"))
        Fixtures.write("""
            import { handler } from "./gate.mjs";
            for (const method of \(EdgeFunction.list(Self.methods))) {
              const request = { method, uri: "/unsubscribe/", querystring: { sub: { value: "alice" }, sig: { value: "abc" } }, headers: {}, cookies: {} };
              const result = await handler({ version: "1.0", context: {}, viewer: { ip: "127.0.0.1" }, request });
              console.log(method + " " + result.statusCode + " " + result.headers["content-security-policy"].value + " |" + result.body.data);
            }
            """, to: folder.appendingPathComponent("run.mjs"))
        Self.expect(try Node.run(folder.appendingPathComponent("run.mjs"), arguments: []))
    }

    static func expect(_ lines: [String], sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(lines.count == 4, sourceLocation: sourceLocation)
        guard lines.count == 4 else { return }
        let policy = UnsubscribeLink.contentSecurityPolicy
        #expect(lines[0] == "GET 200 \(policy) |\(UnsubscribeLink.confirmationPage)", sourceLocation: sourceLocation)
        #expect(lines[1] == "POST 200 \(policy) |\(UnsubscribeLink.donePage)", sourceLocation: sourceLocation)
        #expect(lines[2].hasPrefix("PUT 405 "), sourceLocation: sourceLocation)
        #expect(lines[3] == "HEAD 200 \(policy) |", sourceLocation: sourceLocation)
    }
}
