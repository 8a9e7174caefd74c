import ArgumentParser
import Foundation
import Ledger
import Project
import Publishing
import Tiers

struct LinksCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "links", abstract: "Print a subscriber's signed, expiring links to their tier's bundle.", discussion: Examples.links)

    @OptionGroup var projectOptions: ProjectOptions
    @Option(help: "Subscriber id.") var subscriber: String
    @Option(help: "Bundle date (YYYY-MM-DD); default: the tier's latest published bundle.") var date: String?
    @Option(help: "Seconds the links stay valid; default: gating.link_ttl_seconds.") var ttl: Int?
    @Option(help: "The folder the site was built into (default: site/ in the project); only bundles still there get links.") var output: String?

    func validate() throws {
        if let ttl, ttl < 1 || ttl > 10 * 366 * 86_400 { throw ValidationError("--ttl must be from 1 second to 10 years (316224000 seconds)") }
    }

    func run() throws {
        let project = try projectOptions.loadProject()
        let ledger = try projectOptions.openLedger()
        for url in try Self.links(config: project.config, ledger: ledger, subscriber: subscriber, date: date, ttl: ttl,
                                  now: Int(try projectOptions.clock().now.timeIntervalSince1970), environment: ProcessInfo.processInfo.environment,
                                  site: output.map { URL(fileURLWithPath: $0).standardizedFileURL } ?? projectOptions.root.appendingPathComponent("site")) {
            print(url)
        }
    }

    /// The zip, manifest and signature URLs, signed for `subscriber` until `now + ttl`. With
    /// `site`, only bundles still in it count: a link to a bundle a later build removed would 404.
    static func links(config: SiteConfig, ledger: LedgerStore, subscriber id: String, date: String?, ttl: Int?, now: Int,
                      environment: [String: String], site: URL? = nil) throws -> [String] {
        guard let subscriber = try ledgerCall({ try ledger.subscriber(id) }) else { throw UserError("no subscriber '\(id)'") }
        guard subscriber.status == .active else { throw UserError("subscriber '\(id)' is disabled; no links are issued") }
        guard config.tier(subscriber.tier) != nil else {
            throw UserError("subscriber '\(id)' is on tier '\(subscriber.tier)', which site.yml no longer has")
        }
        let variable = config.gating.secretEnvironmentVariable
        guard let secret = environment[variable], !secret.isEmpty else {
            throw UserError("the link secret is read from $\(variable) (gating.secret_env), which is not set")
        }
        guard secret.count >= 16 else { throw UserError("$\(variable) is shorter than 16 characters; use a long random secret") }
        let published = try ledgerCall { try ledger.artifacts() }.filter { artifact in
            artifact.tier == subscriber.tier && site.map { FileManager.default.fileExists(atPath: $0.appendingPathComponent(artifact.path).path) } ?? true
        }
        guard let artifact = date.map({ day in published.last { $0.date == day } }) ?? published.max(by: { $0.date < $1.date }) else {
            let dates = Array(Set(published.map(\.date))).sorted()
            let known = dates.isEmpty ? "" : " (published: " + (dates.count > 10 ? dates.prefix(3).joined(separator: ", ") + ", ..., " + dates.suffix(5).joined(separator: ", ")
                                                                        : dates.joined(separator: ", ")) + ")"
            throw UserError(date.map { "no \(subscriber.tier) bundle was published for \($0)\(known)" }
                ?? "no \(subscriber.tier) bundle has been published yet; run `signalpress build`")
        }
        let expires = now + (ttl ?? config.gating.linkTTLSeconds)
        let signer = SignedLink(scheme: config.gating.scheme, secret: secret)
        let base = URL(string: config.baseURL)
        let prefix = base?.path ?? ""
        let origin = prefix.isEmpty ? config.baseURL : String(config.baseURL.dropLast(prefix.count))
        let folder = (artifact.path as NSString).deletingLastPathComponent
        return [artifact.path, folder + "/manifest.json", folder + "/manifest.sig"].map { path in
            let uri = prefix + "/" + path
            return origin + uri + "?" + signer.query(uri: uri, subscriber: subscriber.id, expires: expires)
        }
    }
}
