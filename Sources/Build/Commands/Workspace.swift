import Core
import Foundation
import Project
import Publishing
import Tiers

/// A project folder as the commands see it: where its site, ledger, keys and metrics live,
/// and what it says about its tiers. The CLI reaches the project through this.
public struct Workspace: Sendable {
    public let root: URL
    let state: StateDirectory

    public init(root: URL) {
        self.root = root
        state = StateDirectory(project: root)
    }

    /// `site/`, where a build publishes unless told otherwise.
    public var site: URL { root.appendingPathComponent("site") }
    /// The ledger's default place, in the state folder.
    public var defaultLedger: URL { state.ledger }
    public var keyStore: KeyStore { KeyStore(directory: state.keys) }
    /// The members' revocation list each build writes, for the edge (`StateDirectory.revocations`).
    public var revocations: (nginx: URL, workers: URL, cloudFront: URL) { state.revocations }
    /// `serve`'s private build.
    public var previewSite: URL { state.preview.appendingPathComponent("site") }

    /// The project's tiers and who sees what, once `content/` loads.
    public func entitlements() throws(BuildError) -> Entitlements {
        do throws(ConfigErrors) { return Entitlements(try Project.load(from: root)) } catch { throw .config(error) }
    }

    /// Refuses `path` inside the output directory, which a CDN publishes (`aws s3 sync site/`
    /// would publish a ledger's emails or a backup's private keys). Symbolic links resolved.
    public func refuseInsideSite(_ path: URL, named: String, what: String, output: URL? = nil) throws(BuildError) {
        let site = (output ?? self.site).standardizedFileURL.resolvingSymlinksInPath().path
        let resolved = path.deletingLastPathComponent().resolvingSymlinksInPath().appendingPathComponent(path.lastPathComponent).path
        if resolved == site || resolved.hasPrefix(site + "/") { throw .file(.insideSite(named: named, what: what, site: site)) }
    }

    /// Writes the public key into the published site at once (each file by temporary file and
    /// rename), so subscribers can fetch it before the next build. `signing.pub` changes only for
    /// a first key: after a rotation the published bundles are still signed with the previous
    /// one until the next build.
    public func publish(_ key: SigningKey, asCurrent: Bool) throws(BuildError) {
        let directory = site.appendingPathComponent("keys")
        do throws(PublishingError) { try StagingSite.claim(site) } catch { throw .publishing(error) }
        for name in ["\(key.id).pub"] + (asCurrent ? ["signing.pub"] : []) {
            let target = directory.appendingPathComponent(name)
            let temporary = directory.appendingPathComponent(".\(name).tmp")
            do {
                try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
                try Data(key.publicKeyFile.utf8).write(to: temporary)
            } catch { throw .file(.cannotWrite(path: target.path, reason: error.localizedDescription)) }
            guard rename(temporary.path, target.path) == 0 else {
                throw .file(.cannotWrite(path: target.path, reason: String(cString: strerror(errno))))
            }
        }
    }

    /// What `clean` removed (relative to the project where inside it).
    public func clean(output: URL?, ledger: Bool, keys: Bool) throws(BuildError) -> [String] {
        let site = output ?? self.site
        do throws(PublishingError) { try StagingSite.checkReplaceable(site) } catch { throw .notOurSite(error) }
        var targets = [site, StagingSite.spare(of: site), state.preview, state.marketCache, state.hookCache, state.buildState, state.metrics]
        if ledger { targets += ["", "-wal", "-shm"].map { URL(fileURLWithPath: state.ledger.path + $0) } }
        if keys { targets.append(state.keys) }
        var removed: [String] = []
        for target in targets where FileManager.default.fileExists(atPath: target.path) {
            do { try FileManager.default.removeItem(at: target) } catch {
                throw .file(.cannotRemove(path: target.path, reason: error.localizedDescription))
            }
            removed.append(target.path.hasPrefix(root.path + "/") ? String(target.path.dropFirst(root.path.count + 1)) : target.path)
        }
        return removed
    }
}

/// A file only its owner may read (an export of subscribers' usage): mode 0600 from its first
/// byte, synced, renamed into place.
public enum PrivateFile {
    public static func write(_ bytes: [UInt8], to url: URL) throws(BuildError) {
        do throws(ProjectError) { try SecretFile.write(bytes, to: url) } catch { throw .project(error) }
    }
}
