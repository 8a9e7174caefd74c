import Foundation
import Testing
@testable import Tiers

/// The bundle zip: the classic format byte for byte within its limits, ZIP64 past them, and
/// every reader a subscriber has (Python's zipfile, Info-ZIP's unzip, ZIPFoundation) agrees.
@Suite("Zip writer")
struct ZipWriterTests {
    static let date = Date(timeIntervalSince1970: 1_795_780_800) // 2026-11-27 12:00 UTC

    func write(_ files: [(String, [UInt8])], zip64Above limit: Int = 0xFFFF_FFFE) throws -> (URL, ZipWriter.Sealed) {
        let url = Fixtures.temporaryDirectory("zip").appendingPathComponent("t.zip")
        let writer = try ZipWriter(archive: url, modified: Self.date, level: 1, zip64Above: limit)
        for (path, bytes) in files { writer.add(path, bytes) }
        return (url, try writer.seal())
    }

    static let small: [(String, [UInt8])] = [("a.txt", Array("alpha\n".utf8)), ("b/c.html", Array(String(repeating: "<p>x</p>", count: 200).utf8)),
                                             ("d.bin", (0..<256).map { UInt8($0) })]

    /// Files deflate does not shrink, so stored as they are: their zip does not depend on the deflate library.
    static let stored: [(String, [UInt8])] = [("a.txt", Array("alpha\n".utf8)), ("d.bin", (0..<256).map { UInt8($0) }),
                                              ("e/f.bin", (0..<300).map { UInt8(($0 * 7919) % 251) })]

    @Test("a zip within the classic limits is the same bytes as before ZIP64 existed, and has no ZIP64 record")
    func classicBytes() throws {
        // The SHA-256 the zlib writer gave these files; it was pinned, on another set with a
        // deflated page, to the bytes from before the writer knew ZIP64.
        let (_, sealed) = try write(Self.stored)
        #expect(sealed.sha256 == "d295928234bf1d6d6684d98aa3a88726d97e087e0905695e14bac994480d1870" && sealed.bytes == 816)
        let (url, _) = try write(Self.small)
        let bytes = [UInt8](try Data(contentsOf: url))
        // No ZIP64 end of central directory record or locator (APPNOTE 4.3.14, 4.3.15).
        for signature: [UInt8] in [[0x50, 0x4B, 0x06, 0x06], [0x50, 0x4B, 0x06, 0x07]] {
            #expect(!bytes.indices.dropLast(3).contains { Array(bytes[$0..<($0 + 4)]) == signature })
        }
        let entries = try BundleArchive.unzip(bytes)
        #expect(Self.small.allSatisfy { entries[$0.0] == $0.1 })
    }

    @Test("two tiers' bundles given the same chart compress it once, and each bundle is the bytes it would be alone")
    func sharedEntries() throws {
        let folder = Fixtures.temporaryDirectory("zip-shared")
        let chart = Array(String(repeating: "<path d=\"M0 0L1 1\"/>", count: 300).utf8)
        let pages = [Array("<p>pro</p>".utf8), Array("<p>ent</p>".utf8)]   // the same path, different bytes per tier
        func bundle(_ name: String, page: [UInt8], sharing: ZipWriter.SharedEntries?) throws -> (ZipWriter.Sealed, ZipWriter.Batch) {
            let writer = try ZipWriter(archive: folder.appendingPathComponent(name), modified: Self.date)
            let batch = ZipWriter.Batch()
            writer.add("s/chart.svg", chart, to: batch, sharing: sharing)
            writer.add("s/index.html", page, to: batch, sharing: sharing)
            writer.commit(batch, sequence: 0)
            return (try writer.seal(), batch)
        }
        let sharing = ZipWriter.SharedEntries()
        let (pro, proBatch) = try bundle("pro.zip", page: pages[0], sharing: sharing)
        let (enterprise, enterpriseBatch) = try bundle("enterprise.zip", page: pages[1], sharing: sharing)
        #expect(pro.sha256 == (try bundle("pro-alone.zip", page: pages[0], sharing: nil)).0.sha256)
        #expect(enterprise.sha256 == (try bundle("enterprise-alone.zip", page: pages[1], sharing: nil)).0.sha256)
        let entries = try BundleArchive.unzip([UInt8](try Data(contentsOf: folder.appendingPathComponent("enterprise.zip"))))
        #expect(entries["s/index.html"] == pages[1] && entries["s/chart.svg"] == chart)
        // The chart's compressed bytes are one array in both bundles: deflated once.
        func payload(_ batch: ZipWriter.Batch, _ path: String) -> UnsafeRawPointer? {
            batch.entries.withLock { $0.first { $0.path == path }!.payload.withUnsafeBytes { $0.baseAddress } }
        }
        #expect(payload(proBatch, "s/chart.svg") == payload(enterpriseBatch, "s/chart.svg"))
        #expect(payload(proBatch, "s/index.html") != payload(enterpriseBatch, "s/index.html"))
    }

    @Test("more than 65,535 entries: ZIP64, read whole by Python's zipfile, Info-ZIP's unzip and ZIPFoundation", .python3, .unzip)
    func manyEntries() throws {
        let files = (0..<70_000).map { index in (String(format: "symbols/S%05d/index.html", index), Array("page \(index)\n".utf8)) }
        let (url, sealed) = try write(files)
        #expect(sealed.files.count == 70_000)
        try expectReaders(url, count: 70_000, sample: ("symbols/S69999/index.html", "page 69999\n"))
        let entries = try BundleArchive.unzip([UInt8](try Data(contentsOf: url)))
        #expect(entries.count == 70_000 && entries["symbols/S12345/index.html"] == Array("page 12345\n".utf8))
    }

    @Test("sizes and offsets past 32 bits go into ZIP64 fields every reader follows (the limit lowered to test it)", .python3, .unzip)
    func bigOffsetsAndSizes() throws {
        let files = Self.small + (0..<20).map { ("e/\($0).txt", Array(String(repeating: "line \($0)\n", count: 50).utf8)) }
        let (url, sealed) = try write(files, zip64Above: 100)
        #expect(sealed.files.count == 23)
        try expectReaders(url, count: 23, sample: ("b/c.html", String(repeating: "<p>x</p>", count: 200)))
        let entries = try BundleArchive.unzip([UInt8](try Data(contentsOf: url)))
        #expect(entries.count == 23 && entries["d.bin"] == (0..<256).map { UInt8($0) })
    }

    /// Python's zipfile (CRC of every entry) and Info-ZIP's `unzip -t` accept the zip, and one entry reads back.
    func expectReaders(_ url: URL, count: Int, sample: (path: String, text: String)) throws {
        let script = """
            import sys, zipfile
            with zipfile.ZipFile(sys.argv[1]) as z:
                assert len(z.namelist()) == int(sys.argv[2]), len(z.namelist())
                assert z.testzip() is None
                assert z.read(sys.argv[3]).decode() == sys.argv[4]
            print("ok")
            """
        let python = try Program.run(MarketServer.python!, ["-c", script, url.path, String(count), sample.path, sample.text])
        #expect(python.status == 0 && python.output.hasPrefix("ok"), "\(python.output)")
        let tested = try Program.run("/usr/bin/unzip", ["-tqq", url.path])
        #expect(tested.status == 0, "\(tested.output)")
    }
}
