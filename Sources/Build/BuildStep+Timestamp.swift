import Core
import Foundation
import Project
import Tiers

extension BuildStep {
    /// With `archive.timestamp`, each tier's chain head gets an RFC 3161 token from the authority,
    /// once: kept beside the edition's bundle in the store (`timestamp.tsr`) and published with it.
    /// An authority that fails is a warning, not a failed night: the edition is sealed and
    /// published, and the next head's token covers it through the chain.
    public static let stampChainHeads = BuildStep(name: "timestamp") { (context: inout BuildContext) throws(BuildError) in
        guard context.options.recordsLedger, !context.options.checkOnly, let authority = context.timestampAuthority else { return }
        let (outputs, store) = (try context.stagedOutputs(), context.editions)
        for tier in outputs.tiers where tier.zip != nil {
            guard let head = context.sealed.headBundle(tier.tier.id) else { continue }
            let kept = store.bundleFile(head.path, BundlePath.timestampName)
            if !FileManager.default.fileExists(atPath: kept.path) {
                context.progress("timestamping \(tier.tier.id)")
                switch authority.stamp(head.hash) {
                case let .success(token):
                    do {
                        try EditionStore.replace(kept, with: Data(token))
                        chmod(kept.path, 0o444)
                    } catch { throw .editionLog(.notSealed(reason: "cannot keep the timestamp \(kept.path): \(error)")) }
                    context.summary.timestamped += 1
                case let .failure(error):
                    context.summary.warnings.append("\(tier.tier.id) \(head.path.date): not timestamped: \(error); "
                        + "the edition is published, and the next timestamped edition covers it through the chain")
                    continue
                }
            }
            guard outputs.staging.linkIn(kept.path, at: head.path.timestamp) else { throw .keptBundleNotRepublished(path: kept.path) }
        }
    }
}

extension BuildContext {
    /// The CA file of `archive.timestamp.ca`, read; nil when none is configured.
    func timestampRoots(_ config: TimestampConfig) throws(BuildError) -> TrustedCertificates? {
        guard let ca = config.ca else { return nil }
        let url = try loadedProject().project.contentDirectory.appendingPathComponent(ca)
        guard let pem = FileManager.default.contents(atPath: url.path), let roots = TrustedCertificates(pem: String(decoding: pem, as: UTF8.self)) else {
            throw .timestampCA(path: url.path)
        }
        return roots
    }
}
