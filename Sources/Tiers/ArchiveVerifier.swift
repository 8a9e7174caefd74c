import Core
import Crypto
import Foundation

/// `verify --archive`: every edition of every tier in a folder of bundles (`site/`, its
/// `bundles/`, or one tier's folder of it), each checked against its signed manifest, and the
/// chain from the first: each manifest must name the hash (SHA-256 of the signed manifest) of
/// the edition before it. Names the first break of each tier: a changed byte, a missing,
/// misfiled or reordered edition.
public struct ArchiveVerifier {
    public let publicKey: Curve25519.Signing.PublicKey
    /// The CAs a time-stamp authority's certificate must lead to; without them a token's own
    /// signature and digest are checked, not who signed it.
    public let timestampRoots: TrustedCertificates?

    public init(publicKey: Curve25519.Signing.PublicKey, timestampRoots: TrustedCertificates? = nil) {
        self.publicKey = publicKey
        self.timestampRoots = timestampRoots
    }

    /// An edition's RFC 3161 token, checked: it stamps that edition's hash, so it proves the
    /// edition and every one its chain leads back to existed by then.
    public struct Stamp: Sendable, Equatable {
        public var edition: String
        public var time: Date
        public var authority: String
    }

    /// One tier's chain, checked.
    public struct Chain: Sendable, Equatable {
        public var tier: TierID
        public var editions: Int
        public var first: String?
        public var last: String?
        /// The hash of the newest edition: what feeds and `status.json` of the next name.
        public var head: String?
        /// Editions whose manifests name no predecessor: the first, and any sealed before the edition log.
        public var unchained: Int
        /// Editions with a timestamp, and the newest of those.
        public var stamped = 0
        public var newestStamp: Stamp?
    }

    /// The tiers' folders under `folder`: each holds one folder per date.
    public static func tierFolders(in folder: URL) -> [URL] {
        let bundles = folder.appendingPathComponent("bundles")
        let base = FileManager.default.fileExists(atPath: bundles.path) ? bundles : folder
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: base.path)) ?? []).sorted()
        if names.contains(where: { Day(iso: $0) != nil }) { return [base] }
        return names.filter { !$0.hasPrefix(".") }.map { base.appendingPathComponent($0) }
    }

    /// Each bundle against its signed manifest, in date order; then the chain by its links, in
    /// the order the editions were sealed (a backfilled day is sealed after later ones): every
    /// manifest that names a predecessor must name one that is here, and no two the same one.
    public func verify(tierFolder: URL) throws(ArchiveBreak) -> Chain {
        let tierName = tierFolder.lastPathComponent
        let dates = ((try? FileManager.default.contentsOfDirectory(atPath: tierFolder.path)) ?? []).filter { Day(iso: $0) != nil }.sorted()
        guard !dates.isEmpty else { throw ArchiveBreak(tier: tierName, date: nil, problem: .empty(folder: tierFolder.path)) }
        var editions: [(date: String, hash: String, previous: String?)] = []
        var stamps: [Stamp] = []
        // Each day's edition, then its revisions (`<date>/r1/`, ...), each a bundle of its own.
        let folders = dates.flatMap { date in
            [(date, date)] + ((try? FileManager.default.contentsOfDirectory(atPath: tierFolder.appendingPathComponent(date).path)) ?? [])
                .filter { $0.hasPrefix("r") && Int($0.dropFirst()) != nil }.sorted { Int($0.dropFirst())! < Int($1.dropFirst())! }
                .map { (date, "\(date)/\($0)") }
        }
        for (date, name) in folders {
            let folder = tierFolder.appendingPathComponent(name)
            func read(_ file: String) throws(ArchiveBreak) -> [UInt8] {
                guard let data = FileManager.default.contents(atPath: folder.appendingPathComponent(file).path) else {
                    throw ArchiveBreak(tier: tierName, date: name, problem: .missingFile(file))
                }
                return [UInt8](data)
            }
            let archiveName = "\(tierName)-\(date).zip"
            let (zip, manifestBytes, signature) = (try read(archiveName), try read("manifest.json"), try read("manifest.sig"))
            let manifest: Manifest
            do {
                manifest = try BundleVerifier.verify(zip: zip, manifest: manifestBytes, signature: signature, publicKey: publicKey, fileName: archiveName)
            } catch { throw ArchiveBreak(tier: tierName, date: name, problem: .bundle(error)) }
            guard manifest.date == date, manifest.tier.value == tierName else {
                throw ArchiveBreak(tier: tierName, date: name, problem: .bundle(.renamedBundle(fileName: archiveName, archive: manifest.archive.path,
                                                                                          tier: manifest.tier, date: manifest.date)))
            }
            let hash = Hex.sha256(manifestBytes)
            editions.append((name, hash, manifest.previous))
            do throws(TimestampError) {
                if let stamp = try stamp(in: folder, of: hash) { stamps.append(Stamp(edition: name, time: stamp.time, authority: stamp.authority)) }
            } catch { throw ArchiveBreak(tier: tierName, date: name, problem: .timestamp(error)) }
        }
        let previousOf = Dictionary(editions.map { ($0.hash, $0.previous) }, uniquingKeysWith: { first, _ in first })
        var successor: [String: String] = [:]
        for edition in editions {
            guard let previous = edition.previous else { continue }
            guard previousOf[previous] != nil else {
                let before = editions.last { $0.date < edition.date }?.date
                throw ArchiveBreak(tier: tierName, date: edition.date, problem: .predecessorMissing(named: previous, before: before))
            }
            if let other = successor[previous] {
                throw ArchiveBreak(tier: tierName, date: edition.date, problem: .fork(named: previous, other: other))
            }
            successor[previous] = edition.date
        }
        // The head: the newest-sealed edition, the end of the longest chain (no edition names it).
        func length(_ hash: String) -> Int {
            var (count, current) = (1, previousOf[hash] ?? nil)
            while let previous = current { count += 1; current = previousOf[previous] ?? nil }
            return count
        }
        let head = editions.filter { successor[$0.hash] == nil }.max { length($0.hash) < length($1.hash) }
        return Chain(tier: TierID(stringLiteral: tierName), editions: editions.count, first: dates.first, last: dates.last, head: head?.hash,
                     unchained: editions.filter { $0.previous == nil }.count, stamped: stamps.count, newestStamp: stamps.max { ($0.time, $0.edition) < ($1.time, $1.edition) })
    }
}

extension ArchiveVerifier {
    /// The edition's `timestamp.tsr` in `folder`, checked against its hash; nil when it has none.
    func stamp(in folder: URL, of hash: String) throws(TimestampError) -> TimestampToken? {
        guard let token = FileManager.default.contents(atPath: folder.appendingPathComponent(BundlePath.timestampName).path) else { return nil }
        let stamp = try TimestampToken(der: [UInt8](token))
        try stamp.verify(digest: hash, trusting: timestampRoots)
        return stamp
    }
}

/// Where and how a tier's chain of editions breaks. Its sentence is written here.
public struct ArchiveBreak: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Problem: Sendable, Equatable {
        case empty(folder: String)
        case missingFile(String)
        case bundle(TiersError)
        /// The manifest names a predecessor that is not here; `before` is the edition before it by date.
        case predecessorMissing(named: String, before: String?)
        /// Two editions name the same predecessor.
        case fork(named: String, other: String)
        /// The edition's `timestamp.tsr` does not hold for it.
        case timestamp(TimestampError)
    }

    public var tier: String
    public var date: String?
    public var problem: Problem

    public var description: String {
        let at = "\(tier)" + (date.map { " \($0)" } ?? "")
        switch problem {
        case let .empty(folder): return "\(at): no editions in \(folder)"
        case let .missingFile(name): return "\(at): \(name) is missing: the edition is incomplete"
        case let .bundle(error): return "\(at): \(error)"
        case let .predecessorMissing(named, before):
            return "\(at): its manifest names \(named.prefix(16))… as the edition before it, which is not here"
                + (before.map { " (the edition before it here is \($0))" } ?? "") + ": an edition is missing, or was changed"
        case let .fork(named, other):
            return "\(at): its manifest names \(named.prefix(16))… as the edition before it, as \(other)'s does: two editions claim one place in the chain"
        case let .timestamp(error): return "\(at): \(BundlePath.timestampName): \(error)"
        }
    }
}
