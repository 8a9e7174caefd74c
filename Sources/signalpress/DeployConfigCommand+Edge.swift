import Core
import ArgumentParser
import Tiers

extension DeployConfigCommand {
    /// `deploy-config cloudflare` and `deploy-config cloudfront`: the `hmac` gate as an edge function.
    enum Edge {
        static func configuration(_ platform: EdgeFunction.Platform, abstract: String, examples: String) -> CommandConfiguration {
            CommandConfiguration(commandName: platform.rawValue, abstract: abstract, discussion: examples)
        }

        static func print(_ platform: EdgeFunction.Platform, project: ProjectOptions) throws {
            let entitlements = try project.entitlements()
            try entitlements.requireScheme(.hmac, for: "edge functions")
            Swift.print(EdgeFunction(platform: platform, entitlements: entitlements).text, terminator: "")
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
        @Flag(help: "Print the site's security headers (CSP, HSTS, ...) as a CloudFront response headers policy instead; any gating scheme.")
        var headersPolicy = false

        func run() throws {
            guard headersPolicy else { return try Edge.print(.cloudfront, project: projectOptions) }
            Swift.print(CloudFrontHeadersPolicy(config: try projectOptions.entitlements().project.config).text, terminator: "")
        }
    }
}
