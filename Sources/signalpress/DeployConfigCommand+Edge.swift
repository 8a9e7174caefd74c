import ArgumentParser
import Publishing
import Tiers

extension DeployConfigCommand {
    /// `deploy-config cloudflare` and `deploy-config cloudfront`: the `hmac` gate as an edge function.
    enum Edge {
        static func configuration(_ platform: EdgeFunction.Platform, abstract: String, examples: String) -> CommandConfiguration {
            CommandConfiguration(commandName: platform.rawValue, abstract: abstract, discussion: examples)
        }

        static func print(_ platform: EdgeFunction.Platform, project: ProjectOptions) throws {
            let config = try project.loadProject().config
            guard config.gating.scheme == .hmac else {
                throw UserError("gating.scheme is \(config.gating.scheme.rawValue); edge functions check hmac links: set `gating: { scheme: hmac }` in site.yml, "
                    + "rebuild and issue new links (links signed for nginx do not carry over)")
            }
            Swift.print(EdgeFunction(platform: platform, config: config).text, terminator: "")
        }
    }

    struct Cloudflare: ParsableCommand {
        static let configuration = Edge.configuration(.cloudflare, abstract: "A Cloudflare Worker that checks hmac links in front of Workers Static Assets.", examples: """
            Examples:
              signalpress deploy-config cloudflare > worker.js
              npx wrangler secret put SIGNALPRESS_LINK_SECRET   # the variable gating.secret_env names
              npx wrangler deploy        # wrangler.toml: main = "worker.js", [assets] directory = "site", binding = "ASSETS"
            """)
        @OptionGroup var projectOptions: ProjectOptions
        func run() throws { try Edge.print(.cloudflare, project: projectOptions) }
    }

    struct CloudFront: ParsableCommand {
        static let configuration = Edge.configuration(.cloudfront, abstract: "A CloudFront Function (runtime 2.0) that checks hmac links; the secret lives in its key value store.", examples: """
            Examples:
              signalpress deploy-config cloudfront > gate.js
              # create a key value store holding the secret under the name gating.secret_env gives, associate
              # it with a cloudfront-js-2.0 function made from gate.js, on the viewer-request event
            """)
        @OptionGroup var projectOptions: ProjectOptions
        func run() throws { try Edge.print(.cloudfront, project: projectOptions) }
    }
}
