import ArgumentParser
import Project
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
        static let configuration = Edge.configuration(.cloudflare, abstract: "A Cloudflare Worker that checks hmac links in front of Workers Static Assets.", examples: Examples.cloudflare)
        @OptionGroup var projectOptions: ProjectOptions
        func run() throws { try Edge.print(.cloudflare, project: projectOptions) }
    }

    struct CloudFront: ParsableCommand {
        static let configuration = Edge.configuration(.cloudfront, abstract: "A CloudFront Function (runtime 2.0) that checks hmac links; the secret lives in its key value store.", examples: Examples.cloudfront)
        @OptionGroup var projectOptions: ProjectOptions
        func run() throws { try Edge.print(.cloudfront, project: projectOptions) }
    }
}
