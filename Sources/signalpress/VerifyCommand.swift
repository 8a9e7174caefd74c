import ArgumentParser
import Foundation
import Tiers

struct VerifyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Check a bundle's signature and every file's SHA-256 (manifest.json and manifest.sig beside the zip).",
        discussion: Examples.verify)

    @Argument(help: "The bundle zip.")
    var bundle: String

    @Option(name: .long, help: "The public key file (keys/signing.pub from the site).")
    var publicKey: String

    func run() throws {
        let zipURL = URL(fileURLWithPath: bundle)
        let folder = zipURL.deletingLastPathComponent()
        func read(_ url: URL) throws -> [UInt8] {
            guard let data = FileManager.default.contents(atPath: url.path) else { throw UserError("\(url.path): cannot read the file") }
            return [UInt8](data)
        }
        let zip = try read(zipURL)
        let manifest = try read(folder.appendingPathComponent("manifest.json"))
        let signature = try read(folder.appendingPathComponent("manifest.sig"))
        guard let key = SigningKey.parsePublicKey(String(decoding: try read(URL(fileURLWithPath: publicKey)), as: UTF8.self)) else {
            throw UserError("\(publicKey): not an Ed25519 public key")
        }
        do {
            let checked = try BundleVerifier.verify(zip: zip, manifest: manifest, signature: signature, publicKey: key,
                                                    fileName: zipURL.lastPathComponent)
            print("OK: \(zipURL.lastPathComponent) (\(checked.tier), \(checked.date)): signature valid, \(checked.files.count) files match")
        } catch {
            throw UserError("\(bundle): verification failed: \(error.description)")
        }
    }
}
