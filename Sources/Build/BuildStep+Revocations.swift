import Foundation
import Ledger
import Tiers

extension BuildStep {
    /// The members' revocation list, from the subscribers in the ledger, for the edge to read:
    /// written by every build, a build with nothing else to do included, so a subscriber revoked,
    /// cancelled or moved down since the last build loses access at this one. Rewritten only when
    /// it changed (nginx is reloaded, a KV entry put, only then).
    public static let writeRevocations = BuildStep(name: "revocations", evenWhenFinished: true) { (context: inout BuildContext) throws(BuildError) in
        guard let ledger = context.ledger, context.options.recordsLedger, !context.options.checkOnly else { return }
        let subscribers: [Subscriber]
        do { subscribers = try ledger.subscribers() } catch { throw .revocationsNotWritten(path: context.ledgerPath, reason: "\(LedgerError(error))") }
        let list = MemberRevocations(generations: Dictionary(uniqueKeysWithValues: subscribers.map { ($0.id, $0.generation) }),
                                     cancelled: Set(subscribers.filter { $0.status == .disabled }.map(\.id)))
        let files = context.state.revocations
        try? FileManager.default.createDirectory(at: files.nginx.deletingLastPathComponent(), withIntermediateDirectories: true)
        for (url, text) in [(files.nginx, list.nginxMap), (files.workers, list.workersKV), (files.cloudFront, list.cloudFrontKVS)] {
            guard FileManager.default.contents(atPath: url.path) != Data(text.utf8) else { continue }
            do { try EditionStore.replace(url, with: Data(text.utf8)) } catch { throw .revocationsNotWritten(path: url.path, reason: "\(error)") }
        }
    }
}
