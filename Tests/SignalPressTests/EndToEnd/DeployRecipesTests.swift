import Foundation
import Testing
import Tiers
import Yams
@testable import signalpress

/// The recipes under `deploy/`, checked as far as this machine allows.
@Suite("Deploy recipes")
struct DeployRecipesTests {
    static let deploy = SharedData.repositoryRoot.appendingPathComponent("deploy")
    static let systemdAnalyzeCandidates = ["/usr/bin/systemd-analyze", "/bin/systemd-analyze"]
    static let systemdAnalyze: String? = systemdAnalyzeCandidates.first { FileManager.default.isExecutableFile(atPath: $0) }

    @Test("the systemd services and timers (the nightly build, delivery) pass systemd-analyze verify",
          .systemdAnalyze)
    func systemd() throws {
        let directory = Fixtures.temporaryDirectory("units")
        let names = ["signalpress-nightly.service", "signalpress-nightly.timer", "signalpress-deliver.service", "signalpress-deliver.timer"]
        for name in names {
            // Point ExecStart at the binary built here, which verify requires to exist.
            let text = try String(contentsOf: Self.deploy.appendingPathComponent("systemd/\(name)"), encoding: .utf8)
                .replacingOccurrences(of: "/usr/local/bin/signalpress", with: Binary.url.path)
            try Data(text.utf8).write(to: directory.appendingPathComponent(name))
        }
        let result = try Program.run(Self.systemdAnalyze!, ["verify"] + names.map { directory.appendingPathComponent($0).path })
        #expect(result.status == 0 && result.output.isEmpty, "\(result.output)")
        let timer = try String(contentsOf: Self.deploy.appendingPathComponent("systemd/signalpress-nightly.timer"), encoding: .utf8)
        #expect(timer.contains("OnCalendar=Mon..Fri 22:30 UTC") && timer.contains("Persistent=true"))
        let deliver = try String(contentsOf: Self.deploy.appendingPathComponent("systemd/signalpress-deliver.service"), encoding: .utf8)
        #expect(deliver.contains("ExecStart=/usr/local/bin/signalpress deliver --project /srv/signalpress"))
    }

    @Test("the GitHub Actions workflow builds on a schedule and syncs with the right Cache-Control per path")
    func githubWorkflow() throws {
        let text = try String(contentsOf: Self.deploy.appendingPathComponent("github/nightly.yml"), encoding: .utf8)
        let workflow = try #require(try Yams.load(yaml: text) as? [String: Any])
        let triggers = try #require(workflow["on"] as? [String: Any])
        #expect(((triggers["schedule"] as? [[String: Any]])?.first?["cron"] as? String) == "30 22 * * 1-5")
        let steps = try #require(((workflow["jobs"] as? [String: Any])?["build"] as? [String: Any])?["steps"] as? [[String: Any]])
        let commands = steps.compactMap { $0["run"] as? String }
        func step(_ fragment: String) -> String? { commands.first { $0.contains(fragment) } }
        #expect(step("signalpress build")?.contains("--strict") == true)
        #expect(step("site/assets/")?.contains("public, max-age=31536000, immutable") == true)
        #expect(step("site/bundles/")?.contains("private, no-store") == true && step("site/bundles/")?.contains("--acl private") == true)
        let pages = try #require(commands.first { $0.contains("--exclude \"bundles/*\"") })
        #expect(pages.contains("public, max-age=300") && pages.contains("--exclude \"assets/*\""))
        #expect(!text.contains("SIGNALPRESS_LINK_SECRET: \"") && text.contains("${{ secrets.SIGNALPRESS_LINK_SECRET }}"))
        // SignalPress is compiled once per version: the cache holds the binary, and the build step runs only on a miss.
        let cache = try #require(steps.first { ($0["uses"] as? String)?.hasPrefix("actions/cache@") == true })
        #expect(((cache["with"] as? [String: Any])?["key"] as? String)?.contains("${{ env.SIGNALPRESS_VERSION }}") == true)
        let compiles = steps.filter { ($0["run"] as? String)?.contains("swift build") == true || ($0["run"] as? String)?.contains("make -C") == true }
        #expect(compiles.count == 1 && (compiles.first?["if"] as? String) == "steps.\(cache["id"] as? String ?? "?").outputs.cache-hit != 'true'",
                "\(compiles)")
        #expect(text.contains("deploy-config cloudfront --headers-policy"))
    }

    static let hasBotocore: Bool = (try? Program.run("/usr/bin/python3", ["-c", "import botocore.session"]).status) == 0

    @Test("deploy-config cloudfront --headers-policy is the site's _headers as a response headers policy that AWS's own validator accepts",
          .botocore)
    func cloudFrontHeadersPolicy() throws {
        let root = Fixtures.project()
        #expect(SignalPress.run(["build", "--project", root.path, "--quiet"] + Fixtures.todayArguments) == 0)
        let out = Fixtures.temporaryDirectory("policy").appendingPathComponent("headers.json")
        // The fixture signs links for nginx: the policy is about headers, so any scheme gets one.
        #expect(try Binary.run(["deploy-config", "cloudfront", "--headers-policy", "--project", root.path], output: out) == 0)
        let policy = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: out)) as? [String: Any])
        let security = try #require(policy["SecurityHeadersConfig"] as? [String: [String: Any]])
        // The same values the site's _headers gives every page.
        let rules = try String(contentsOf: root.appendingPathComponent("site/_headers"), encoding: .utf8)
        func header(_ name: String) -> String? {
            rules.split(separator: "\n").first { $0.hasPrefix("  \(name): ") }.map { String($0.dropFirst(name.count + 4)) }
        }
        #expect(security["ContentSecurityPolicy"]?["ContentSecurityPolicy"] as? String == header("Content-Security-Policy"))
        #expect(security["ReferrerPolicy"]?["ReferrerPolicy"] as? String == header("Referrer-Policy"))
        #expect(security["StrictTransportSecurity"]?["AccessControlMaxAgeSec"] as? Int == 31_536_000
                && security["StrictTransportSecurity"]?["IncludeSubdomains"] as? Bool == true && security["ContentTypeOptions"]?["Override"] as? Bool == true)
        let custom = try #require((policy["CustomHeadersConfig"] as? [String: Any])?["Items"] as? [[String: Any]])
        #expect(custom.contains { $0["Header"] as? String == "Permissions-Policy" && $0["Value"] as? String == header("Permissions-Policy") })
        // botocore checks it against CloudFront's API model, offline: what `aws cloudfront create-response-headers-policy` sends.
        let check = """
            import json, sys, botocore.session, botocore.validate
            model = botocore.session.get_session().get_service_model("cloudfront").operation_model("CreateResponseHeadersPolicy")
            botocore.validate.validate_parameters({"ResponseHeadersPolicyConfig": json.load(open(sys.argv[1]))}, model.input_shape)
            bad = dict(json.load(open(sys.argv[1])), Colour="red")
            try:
                botocore.validate.validate_parameters({"ResponseHeadersPolicyConfig": bad}, model.input_shape)
                sys.exit("the validator accepted an unknown key: it checks nothing")
            except botocore.exceptions.ParamValidationError:
                print("valid")
            """
        let script = out.deletingLastPathComponent().appendingPathComponent("check.py")
        try Data(check.utf8).write(to: script)
        let result = try Program.run("/usr/bin/python3", [script.path, out.path])
        #expect(result.status == 0 && result.output.contains("valid"), "\(result.output)")
    }

    @Test("deploy/nginx/signalpress.conf is what deploy-config nginx prints for the example, and nginx accepts it",
          .nginx)
    func nginxRecipe() throws {
        let output = Fixtures.temporaryDirectory("conf").appendingPathComponent("out.conf")
        #expect(try Binary.run(["deploy-config", "nginx", "--project", SharedData.repositoryRoot.path, "--root", "/srv/signalpress/site",
                                "--listen", "80", "--revocation-file", "/etc/nginx/signalpress-revocations.conf"], output: output) == 0)
        let committed = try String(contentsOf: Self.deploy.appendingPathComponent("nginx/signalpress.conf"), encoding: .utf8)
        #expect(try String(contentsOf: output, encoding: .utf8) == committed, "regenerate deploy/nginx/signalpress.conf with deploy-config nginx")

        let prefix = Fixtures.temporaryDirectory("nginx-t")
        let secret = prefix.appendingPathComponent("secret.conf")
        try Data("set $signalpress_link_secret \"0123456789abcdef0123\";\n".utf8).write(to: secret)
        let server = committed.replacingOccurrences(of: "/etc/nginx/signalpress-link-secret.conf", with: secret.path)
            .replacingOccurrences(of: "/var/log/nginx/signalpress.access.log", with: prefix.appendingPathComponent("access.log").path)
            .replacingOccurrences(of: "listen 80;", with: "listen 127.0.0.1:8;")
            .replacingOccurrences(of: "/etc/nginx/signalpress-revocations.conf", with: prefix.appendingPathComponent("revocations.conf").path)
        try Data(MemberRevocations(generations: ["alice": 2], cancelled: ["bob"]).nginxMap.utf8).write(to: prefix.appendingPathComponent("revocations.conf"))
        let conf = "pid \(prefix.path)/nginx.pid;\nerror_log \(prefix.path)/error.log;\nevents {}\nhttp {\ninclude /etc/nginx/mime.types;\n\(server)}\n"
        try Data(conf.utf8).write(to: prefix.appendingPathComponent("nginx.conf"))
        let result = try Program.run(NginxServer.binary!, ["-t", "-p", prefix.path, "-c", prefix.appendingPathComponent("nginx.conf").path])
        #expect(result.status == 0, "\(result.output)")
    }
}
