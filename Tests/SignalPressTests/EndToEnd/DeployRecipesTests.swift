import Foundation
import Testing
import Yams

/// The recipes under `deploy/`, checked as far as this machine allows.
@Suite("Deploy recipes")
struct DeployRecipesTests {
    static let deploy = SharedData.repositoryRoot.appendingPathComponent("deploy")
    static let systemdAnalyzeCandidates = ["/usr/bin/systemd-analyze", "/bin/systemd-analyze"]
    static let systemdAnalyze: String? = systemdAnalyzeCandidates.first { FileManager.default.isExecutableFile(atPath: $0) }

    @Test("the systemd service and timer pass systemd-analyze verify",
          .systemdAnalyze)
    func systemd() throws {
        let directory = Fixtures.temporaryDirectory("units")
        for name in ["signalpress-nightly.service", "signalpress-nightly.timer"] {
            // Point ExecStart at the binary built here, which verify requires to exist.
            let text = try String(contentsOf: Self.deploy.appendingPathComponent("systemd/\(name)"), encoding: .utf8)
                .replacingOccurrences(of: "/usr/local/bin/signalpress", with: Binary.url.path)
            try Data(text.utf8).write(to: directory.appendingPathComponent(name))
        }
        let result = try Program.run(Self.systemdAnalyze!, ["verify", directory.appendingPathComponent("signalpress-nightly.timer").path,
                                                    directory.appendingPathComponent("signalpress-nightly.service").path])
        #expect(result.status == 0 && result.output.isEmpty, "\(result.output)")
        let timer = try String(contentsOf: Self.deploy.appendingPathComponent("systemd/signalpress-nightly.timer"), encoding: .utf8)
        #expect(timer.contains("OnCalendar=Mon..Fri 22:30 UTC") && timer.contains("Persistent=true"))
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
    }

    @Test("deploy/nginx/signalpress.conf is what deploy-config nginx prints for the example, and nginx accepts it",
          .nginx)
    func nginxRecipe() throws {
        let output = Fixtures.temporaryDirectory("conf").appendingPathComponent("out.conf")
        #expect(try Binary.run(["deploy-config", "nginx", "--project", SharedData.repositoryRoot.path, "--root", "/srv/signalpress/site",
                                "--listen", "80"], output: output) == 0)
        let committed = try String(contentsOf: Self.deploy.appendingPathComponent("nginx/signalpress.conf"), encoding: .utf8)
        #expect(try String(contentsOf: output, encoding: .utf8) == committed, "regenerate deploy/nginx/signalpress.conf with deploy-config nginx")

        let prefix = Fixtures.temporaryDirectory("nginx-t")
        let secret = prefix.appendingPathComponent("secret.conf")
        try Data("set $signalpress_link_secret \"0123456789abcdef0123\";\n".utf8).write(to: secret)
        let server = committed.replacingOccurrences(of: "/etc/nginx/signalpress-link-secret.conf", with: secret.path)
            .replacingOccurrences(of: "/var/log/nginx/signalpress.access.log", with: prefix.appendingPathComponent("access.log").path)
            .replacingOccurrences(of: "listen 80;", with: "listen 127.0.0.1:8;")
        let conf = "pid \(prefix.path)/nginx.pid;\nerror_log \(prefix.path)/error.log;\nevents {}\nhttp {\ninclude /etc/nginx/mime.types;\n\(server)}\n"
        try Data(conf.utf8).write(to: prefix.appendingPathComponent("nginx.conf"))
        let result = try Program.run(NginxServer.binary!, ["-t", "-p", prefix.path, "-c", prefix.appendingPathComponent("nginx.conf").path])
        #expect(result.status == 0, "\(result.output)")
    }
}
