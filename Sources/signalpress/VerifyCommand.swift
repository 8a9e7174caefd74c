import Core
import ArgumentParser
import Foundation
import Tiers

struct VerifyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Check bundles' signatures and every file's SHA-256 (manifest.json and manifest.sig beside each zip).",
        discussion: Examples.verify)

    @Argument(help: "Bundle zips (manifest.json and manifest.sig beside each), or the folders that hold them.")
    var bundles: [String] = []

    @Option(name: .long, help: "The public key file (keys/signing.pub from the site).")
    var publicKey: String

    @Option(name: .long, help: ArgumentHelp("Check every edition in a folder of bundles (a site, its bundles/, or one tier's folder) and the chain that links them.",
                                            valueName: "dir"))
    var archive: String?

    @Option(name: .customLong("tsa-ca"), help: ArgumentHelp("With --archive: the time-stamp authority's CA certificates (PEM); each edition's timestamp.tsr must lead to one.",
                                                            valueName: "file"))
    var tsaCA: String?

    func validate() throws {
        if bundles.isEmpty && archive == nil { throw ValidationError("name at least one bundle zip, or the folder that holds it, or --archive DIR") }
        if tsaCA != nil && archive == nil { throw ValidationError("--tsa-ca checks the timestamps of an archive: give --archive DIR too") }
    }

    func run() throws {
        guard let key = SigningKey.parsePublicKey(String(decoding: try Self.read(URL(fileURLWithPath: publicKey)), as: UTF8.self)) else {
            throw CommandError.notAPublicKey(path: publicKey, option: false)
        }
        if let archive {
            let roots = try tsaCA.map { path in
                guard let roots = TrustedCertificates(pem: String(decoding: try Self.read(URL(fileURLWithPath: path)), as: UTF8.self)) else {
                    throw CommandError.notCertificates(path: path)
                }
                return roots
            }
            try Self.verifyArchive(archive, verifier: ArchiveVerifier(publicKey: key, timestampRoots: roots))
        }
        // Every bundle is checked and reported; any failure makes the whole run fail.
        var failures: [String] = []
        for bundle in bundles {
            do { print(try Self.verify(bundle, key: key)) } catch { failures.append("\(error)") }
        }
        if !failures.isEmpty {
            throw CommandError.verificationFailed(failures: failures, bundles: bundles.count)
        }
    }

    /// One bundle: its zip, with `manifest.json` and `manifest.sig` in the same folder.
    static func verify(_ bundle: String, key: SigningKey.PublicKey) throws -> String {
        var zipURL = URL(fileURLWithPath: bundle)
        var isFolder: ObjCBool = false
        if FileManager.default.fileExists(atPath: zipURL.path, isDirectory: &isFolder), isFolder.boolValue {
            let zips = ((try? FileManager.default.contentsOfDirectory(atPath: zipURL.path)) ?? []).filter { $0.hasSuffix(".zip") }
            guard zips.count == 1 else { throw CommandError.bundleFolder(path: bundle, zips: zips.count) }
            zipURL = zipURL.appendingPathComponent(zips[0])
        }
        let folder = zipURL.deletingLastPathComponent()
        let zip = try read(zipURL)
        let manifest = try read(folder.appendingPathComponent("manifest.json"))
        let signature = try read(folder.appendingPathComponent("manifest.sig"))
        do {
            let checked = try BundleVerifier.verify(zip: zip, manifest: manifest, signature: signature, publicKey: key,
                                                    fileName: zipURL.lastPathComponent)
            return "OK: \(zipURL.lastPathComponent) (\(checked.tier), \(checked.date)): signature valid, \(checked.files.count) files match"
        } catch {
            throw CommandError.notVerified(bundle: bundle, error)
        }
    }

    /// Every tier's chain in `folder`, each from its first edition; the first break of each is named.
    static func verifyArchive(_ folder: String, verifier: ArchiveVerifier) throws {
        let tiers = ArchiveVerifier.tierFolders(in: URL(fileURLWithPath: folder))
        guard !tiers.isEmpty else { throw CommandError.verificationFailed(failures: ["\(folder): no bundles to check"], bundles: 1) }
        var failures: [String] = []
        for tier in tiers {
            do {
                let chain = try verifier.verify(tierFolder: tier)
                print("OK: \(chain.tier): \(NumberText.counted(chain.editions, "edition")) from \(chain.first ?? "") to \(chain.last ?? ""), "
                    + "every bundle matches its signed manifest and each names the one before; head \(chain.head ?? "")"
                    + (chain.unchained > 1 ? " (the first \(chain.unchained) were sealed before the edition log and are checked one by one)" : ""))
                if let stamp = chain.newestStamp {
                    print("    timestamps: \(chain.stamped) valid; the newest, on \(stamp.edition), says it and every edition before it existed at "
                        + "\(TimestampToken.text(stamp.time)) (\(stamp.authority)" + (verifier.timestampRoots == nil ? ", not checked against a CA: pass --tsa-ca)" : ", issued by a trusted CA)"))
                }
            } catch { failures.append("\(error)") }
        }
        if !failures.isEmpty { throw CommandError.verificationFailed(failures: failures, bundles: 1) }
    }

    static func read(_ url: URL) throws -> [UInt8] {
        guard let data = FileManager.default.contents(atPath: url.path) else { throw CommandError.unreadable(path: url.path) }
        return [UInt8](data)
    }
}
