import ArgumentParser
import Core
import Foundation
import Project
import Publishing
import Tiers

struct DeployConfigCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "deploy-config", abstract: "Print serving configuration for the built site: nginx, or a Cloudflare or CloudFront edge function.",
        subcommands: [Nginx.self, Cloudflare.self, CloudFront.self])

    struct Nginx: ParsableCommand {
        static let configuration = CommandConfiguration(
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
        @Flag(help: "Also write --secret-file (mode 0600) from the environment variable gating.secret_env names.")
        var writeSecretFile = false

        func run() throws {
            let config = try projectOptions.loadProject().config
            guard config.gating.scheme == .nginxSecureLink else {
                throw UserError("gating.scheme is \(config.gating.scheme.rawValue); nginx checks only nginx-secure-link links (hmac is for edge functions)")
            }
            let siteRoot = root.map { URL(fileURLWithPath: $0).standardizedFileURL.path } ?? projectOptions.root.appendingPathComponent("site").path
            if writeSecretFile {
                let variable = config.gating.secretEnvironmentVariable
                guard let secret = ProcessInfo.processInfo.environment[variable], !secret.isEmpty else {
                    throw UserError("$\(variable) is not set: export the secret the links are signed with (gating.secret_env names the variable)")
                }
                guard let contents = NginxConfig.secretFileContents(secret: secret) else {
                    throw UserError("$\(variable) must hold at least 16 printable characters without quotes, '\\', '$', ';', braces or '#'")
                }
                let secretURL = URL(fileURLWithPath: secretFile)
                // Compared with symbolic links resolved: a link must not smuggle the secret into the site.
                let folder = secretURL.deletingLastPathComponent().resolvingSymlinksInPath().path
                let site = URL(fileURLWithPath: siteRoot).resolvingSymlinksInPath().path
                if folder == site || folder.hasPrefix(site + "/") { throw UserError("--secret-file must not be inside the site") }
                do throws(SecretFile.Failure) { try SecretFile.write(Array(contents.utf8), to: secretURL) } catch {
                    throw UserError("\(secretFile): cannot write the secret file (\(error.description))")
                }
            }
            let host = URL(string: config.baseURL)?.host ?? "_"
            print(NginxConfig(config: config, root: siteRoot, listen: listen, serverName: serverName ?? host,
                              secretFile: secretFile, accessLog: accessLog).text, terminator: "")
        }
    }
}
