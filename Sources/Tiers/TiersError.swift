import Core
import Project

/// Why a tier's keys, links, bundles or edge configuration could not be made or checked. Each
/// case carries its data; its sentence is written here and nowhere else.
public enum TiersError: Error, Sendable, Equatable, CustomStringConvertible {
    // Signing keys.
    case unreadablePrivateKey(path: String)
    case unreadablePublicKey(path: String)
    case misnamedPublicKey(path: String, holds: String)
    case keyNotWritten(ProjectError)
    // Bundles checked against their manifests.
    /// The id of the public key the signature was checked with.
    case signatureMismatch(keyID: String)
    case invalidManifest(reason: String)
    case notABundleName(archive: String, tier: TierID, date: String)
    case renamedBundle(fileName: String, archive: String, tier: TierID, date: String)
    case archiveChanged(archive: String)
    case unreadableZip(reason: String)
    case missingFromZip(path: String)
    case fileChanged(path: String)
    case notInManifest(path: String)
    // Bundles written.
    case cannotCreate(path: String)
    case batchNeverCame(path: String, batch: Int)
    case diskFull(path: String)
    // Gating and links.
    case secretNotSet(variable: String)
    case secretTooShort(variable: String)
    case secretNotNginxSafe(variable: String)
    case secretFileInsideSite(path: String, site: String)
    case secretFileNotWritten(path: String, ProjectError)
    case wrongScheme(have: GatingConfig.Scheme, need: GatingConfig.Scheme, checker: String)
    case subscriberDisabled(id: String)
    case tierNotInSite(subscriber: String, tier: TierID)
    case noBundle(tier: TierID, date: String?, published: [String])
    case unknownTier(TierID, known: [TierID])

    public var description: String {
        switch self {
        case let .unreadablePrivateKey(path): "\(path): not an Ed25519 private key"
        case let .unreadablePublicKey(path): "\(path): not an Ed25519 public key"
        case let .misnamedPublicKey(path, holds): "\(path): holds the key \(holds), not the one its name says"
        case let .keyNotWritten(error): error.description
        case .signatureMismatch: "manifest.sig does not match manifest.json for this public key"
        case let .invalidManifest(reason): "manifest.json is not a valid manifest: \(reason)"
        case let .notABundleName(archive, tier, date): "manifest.json names \(archive) for tier \(tier), \(date): not a bundle name"
        case let .renamedBundle(fileName, archive, tier, date):
            "the file is named \(fileName), but its signed manifest is for \(archive) (tier \(tier), \(date))"
        case let .archiveChanged(archive): "\(archive): SHA-256 differs from the manifest (the zip was changed)"
        case let .unreadableZip(reason): "the zip cannot be read: \(reason)"
        case let .missingFromZip(path): "\(path): listed in the manifest but missing from the zip"
        case let .fileChanged(path): "\(path): SHA-256 differs from the manifest"
        case let .notInManifest(path): "\(path): in the zip but not in the manifest"
        case let .cannotCreate(path): "cannot create \(path)"
        case let .batchNeverCame(path, batch): "\(path): batch \(batch) never came"
        case let .diskFull(path): "cannot write \(path): disk full?"
        case let .secretNotSet(variable): "the link secret is read from $\(variable) (gating.secret_env), which is not set"
        case let .secretTooShort(variable): "$\(variable) is shorter than 16 characters; use a long random secret"
        case let .secretNotNginxSafe(variable):
            "$\(variable) must hold at least 16 printable characters without quotes, '\\', '$', ';', braces or '#'"
        case .secretFileInsideSite: "--secret-file must not be inside the site"
        case let .secretFileNotWritten(path, error): "\(path): cannot write the secret file (\(error))"
        case let .wrongScheme(have, need, checker):
            need == .hmac
                ? "gating.scheme is \(have.rawValue); \(checker) check hmac links: set `gating: { scheme: hmac }` in site.yml, "
                    + "rebuild and issue new links (links signed for nginx do not carry over)"
                : "gating.scheme is \(have.rawValue); \(checker) checks only nginx-secure-link links (hmac is for edge functions)"
        case let .subscriberDisabled(id): "subscriber '\(id)' is disabled; no links are issued"
        case let .tierNotInSite(subscriber, tier): "subscriber '\(subscriber)' is on tier '\(tier)', which site.yml no longer has"
        case let .noBundle(tier, date, published):
            date.map { "no \(tier) bundle was published for \($0)\(Self.listing(published))" }
                ?? "no \(tier) bundle has been published yet; run `signalpress build`"
        case let .unknownTier(tier, known): "unknown tier '\(tier)' (site.yml has: \(known.map(\.value).joined(separator: ", ")))"
        }
    }

    /// " (published: a, b, ..., y, z)": the first three and last five of a long list.
    private static func listing(_ dates: [String]) -> String {
        guard !dates.isEmpty else { return "" }
        let shown = dates.count > 10 ? dates.prefix(3).joined(separator: ", ") + ", ..., " + dates.suffix(5).joined(separator: ", ")
                                     : dates.joined(separator: ", ")
        return " (published: \(shown))"
    }
}
