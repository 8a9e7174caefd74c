import Core
import Foundation
import Testing
@testable import Tiers

/// `manifest.json` is signed, so its bytes are the contract: written by hand for speed, they
/// must be exactly what `JSONEncoder` writes.
@Suite("Manifest")
struct ManifestTests {
    static func file(_ path: String, _ bytes: Int) -> Manifest.File {
        .init(path: path, bytes: bytes, sha256: Hex.sha256(Array(path.utf8)))
    }

    @Test("written by hand, a manifest is byte for byte what JSONEncoder writes, with and without its optional fields")
    func sameBytesAsFoundation() throws {
        var generator = SystemRandomNumberGenerator()
        let archive = Self.file("pro-2026-11-27.zip", 4_123_456)
        for count in [1, 2, 37, 5_000] {
            let files = (0..<count).map { Self.file("symbols/S\($0)X/page \($0).html", Int.random(in: 0...1 << 40, using: &generator)) }
            let cases = [
                Manifest(tier: TierID("pro"), date: "2026-11-27", keyID: "810e512aaa11326a", archive: archive, files: files),
                Manifest(tier: TierID("enterprise"), date: "2026-11-27", keyID: "k", archive: archive, files: files,
                         previous: Hex.sha256(Array("before".utf8)), revision: 2, revises: Hex.sha256(Array("first".utf8))),
                Manifest(tier: TierID("free"), date: "2026-11-27", keyID: "k", archive: archive, files: files, previous: "abc"),
            ]
            for manifest in cases {
                let byHand = try #require(manifest.writtenByHand())
                #expect(byHand == (try manifest.encodedByFoundation()))
                #expect(try Manifest.decode(byHand) == manifest)
            }
        }
    }

    @Test("a manifest naming a file with a quote, a backslash, a control character or no file at all goes to JSONEncoder")
    func oddTextGoesToFoundation() throws {
        let archive = Self.file("a.zip", 1)
        for path in ["say \"hi\".html", "back\\slash", "tab\there", "é.html"] {
            let manifest = Manifest(tier: TierID("pro"), date: "2026-11-27", keyID: "k", archive: archive, files: [Self.file(path, 3)])
            #expect(manifest.writtenByHand() == nil)
            #expect(try manifest.encoded() == (try manifest.encodedByFoundation()))
        }
        let empty = Manifest(tier: TierID("pro"), date: "2026-11-27", keyID: "k", archive: archive, files: [])
        #expect(empty.writtenByHand() == nil)
    }
}
