import ArgumentParser
import Core
import Foundation
import Tiers

struct DeployConfigCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "deploy-config", abstract: "Print serving configuration for the built site: nginx, or a Cloudflare or CloudFront edge function.",
        subcommands: [Nginx.self, Cloudflare.self, CloudFront.self])

    struct Nginx: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "nginx",
            abstract: "An nginx server block: public paths cached, paid bundles behind secure_link (403 bad, 410 expired).",
            discussion: Examples.nginx)
        @OptionGroup var projectOptions: ProjectOptions
        @Option(help: "The built site to serve (default: site/ in the project).") var root: String?
        @Option(help: "nginx `listen` value.") var listen = "80"
        @Option(help: "nginx `server_name` (default: the host of base_url).") var serverName: String?
        @Option(help: "File with the link secret that the config includes; keep it outside the site.")
        var secretFile = "/etc/nginx/signalpress-link-secret.conf"
        @Option(help: "Access log path (JSON lines for `usage ingest --format nginx-json`).")
        var accessLog = "/var/log/nginx/signalpress.access.log"
        @Option(help: "The members' revocation list the config includes (default: .signalpress/edge/revocations.nginx in the project, written by every build).")
        var revocationFile: String?
        @Flag(help: "Also write --secret-file (mode 0600) from the environment variable gating.secret_env names.")
        var writeSecretFile = false

        func run() throws {
            let entitlements = try projectOptions.entitlements()
            try entitlements.requireScheme(.nginxSecureLink, for: "nginx")
            let siteRoot = root.map { URL(fileURLWithPath: $0).standardizedFileURL.path } ?? projectOptions.workspace.site.path
            let config = NginxConfig(entitlements: entitlements, root: siteRoot, listen: listen, serverName: serverName ?? entitlements.host,
                                     secretFile: secretFile, accessLog: accessLog,
                                     revocationFile: revocationFile ?? projectOptions.workspace.revocations.nginx.path)
            if writeSecretFile { try config.writeSecretFile(environment: ProcessInfo.processInfo.environment) }
            print(config.text, terminator: "")
        }
    }
}
