@testable import Build
import Core
import Foundation
import Ledger
import MarketData
import Publishing
import Testing
import Tiers
@testable import signalpress

/// The edition log: every edition sealed once, before the site is swapped in; a sealed edition
/// never changes; the chain of manifests lets a reader prove it.
@Suite("Edition log")
struct EditionLogTests {
    /// The fixture's last `count` trading days, oldest first.
    static func nights(_ count: Int) -> [Day] { Array(EditionArchiveTests.nights.suffix(count)) }

    func build(_ root: URL, asOf day: Day? = nil, environment: [String: String] = [:]) throws -> (status: Int32, output: String) {
        try Binary.capture(["build", "--project", root.path] + Fixtures.todayArguments + (day.map { ["--as-of", $0.iso] } ?? []), environment: environment)
    }

    func ledger(_ root: URL) throws -> LedgerStore {
        try LedgerStore(path: root.appendingPathComponent(".signalpress/ledger.sqlite").path, clock: Fixtures.clock)
    }

    func verifyArchive(_ root: URL) throws -> (status: Int32, output: String) {
        let site = root.appendingPathComponent("site")
        return try Binary.capture(["verify", "--archive", site.path, "--public-key", site.appendingPathComponent("keys/signing.pub").path])
    }

    /// Every sealed bundle is in the site with the bytes the log sealed.
    func expectSealedBundlesPublished(_ root: URL, _ comment: String = "", rows: [SealedEdition]? = nil) throws {
        for row in try rows ?? ledger(root).sealedEditions() {
            guard let bundle = row.bundle else { continue }
            let data = try #require(FileManager.default.contents(atPath: root.appendingPathComponent("site/" + bundle.path).path), "\(bundle.path) \(comment)")
            #expect(Hex.sha256(data) == bundle.sha256, "\(bundle.path) \(comment)")
        }
    }

    @Test("each build seals its editions once; the log refuses to change or remove a row")
    func appendOnly() throws {
        let root = Fixtures.project()
        for night in Self.nights(3) { #expect(try build(root, asOf: night).status == 0) }
        let rows = try ledger(root).sealedEditions()
        // The first build: ten days per tier, the newest with its bundle; then one a night.
        #expect(rows.count == 2 * 12 && rows.filter { $0.bundle != nil }.count == 6, "\(rows.map { ($0.tier, $0.date) })")
        #expect(rows.filter { $0.made == .firstBuild }.count == 18)
        // Each bundled edition names the previous bundled one of its tier; the first names none.
        for tier in ["free", "pro"] {
            let bundled = rows.filter { $0.tier.value == tier && $0.bundle != nil }
            #expect(bundled.first?.previousHash == nil || rows.first { $0.tier.value == tier }!.previousHash == nil)
            for (before, after) in zip(bundled, bundled.dropFirst()) { #expect(after.previousHash == before.contentHash) }
            let newest = try #require(bundled.last)
            let manifest = try Data(contentsOf: root.appendingPathComponent("site/" + (newest.bundlePath! as NSString).deletingLastPathComponent + "/manifest.json"))
            #expect(Hex.sha256(manifest) == newest.contentHash)
        }
        let database = root.appendingPathComponent(".signalpress/ledger.sqlite").path
        for statement in ["UPDATE editions SET bundle_sha256 = 'x' WHERE id = 1", "DELETE FROM editions WHERE id = 1"] {
            let result = try Program.run("/usr/bin/python3", ["-c", "import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); c.execute(sys.argv[2]); c.commit()", database, statement])
            #expect(result.status != 0 && result.output.contains("append-only"), "\(result.output)")
        }
        #expect(try ledger(root).sealedEditions() == rows)
        let list = try Binary.capture(["editions", "list", "--project", root.path, "--tier", "pro"])
        #expect(list.status == 0 && list.output.split(separator: "\n").count == 13 && list.output.contains("first-build"), "\(list.output)")
        let show = try Binary.capture(["editions", "show", Self.nights(1)[0].iso, "--tier", "pro", "--project", root.path])
        #expect(show.status == 0 && show.output.contains("bundle    bundles/pro/2026-11-27/pro-2026-11-27.zip"), "\(show.output)")
        #expect(try Binary.capture(["editions", "show", "2026-01-02", "--tier", "pro", "--project", root.path]).status == 1)
    }

    @Test("verify --archive proves every chain, and names a flipped byte, a removed edition and a swapped pair")
    func verifyArchiveCatchesBreaks() throws {
        let root = Fixtures.project()
        for night in Self.nights(5) { #expect(try build(root, asOf: night).status == 0) }
        let good = try verifyArchive(root)
        #expect(good.status == 0 && good.output.contains("OK: free: 5 editions from 2026-11-23 to 2026-11-27")
            && good.output.contains("OK: pro: 5 editions"), "\(good.output)")
        // The head of the chain is what the site's feeds and status name as the newest edition's predecessor.
        let status = try String(contentsOf: root.appendingPathComponent("site/status.json"), encoding: .utf8)
        let freeRows = try ledger(root).sealedEditions(tier: "free").filter { $0.bundle != nil }
        #expect(status.contains("\"chain_head\": \"\(freeRows.dropLast().last!.contentHash)\""), "\(status)")
        #expect(try String(contentsOf: root.appendingPathComponent("site/feed.xml"), encoding: .utf8).contains(freeRows.dropLast().last!.contentHash))

        func broken(_ change: (URL) throws -> Void) throws -> String {
            let copy = Fixtures.temporaryDirectory("archive")
            try FileManager.default.copyItem(at: root.appendingPathComponent("site"), to: copy.appendingPathComponent("site"))
            try change(copy.appendingPathComponent("site/bundles/pro"))
            let result = try Binary.capture(["verify", "--archive", copy.appendingPathComponent("site").path,
                                             "--public-key", root.appendingPathComponent("site/keys/signing.pub").path])
            #expect(result.status == 1, "\(result.output)")
            return result.output
        }
        let flipped = try broken { pro in
            let zip = pro.appendingPathComponent("2026-11-24/pro-2026-11-24.zip")
            var bytes = try Data(contentsOf: zip)
            bytes[bytes.count / 3] ^= 0x20
            try bytes.write(to: zip, options: .atomic)
        }
        #expect(flipped.contains("pro 2026-11-24: pro-2026-11-24.zip: SHA-256 differs"), "\(flipped)")
        let removed = try broken { try FileManager.default.removeItem(at: $0.appendingPathComponent("2026-11-24")) }
        #expect(removed.contains("pro 2026-11-25: its manifest names") && removed.contains("which is not here (the edition before it here is 2026-11-23)"),
                "\(removed)")
        let swapped = try broken { pro in
            let (a, b, aside) = (pro.appendingPathComponent("2026-11-24"), pro.appendingPathComponent("2026-11-25"), pro.appendingPathComponent("aside"))
            try FileManager.default.moveItem(at: a, to: aside)
            try FileManager.default.moveItem(at: b, to: a)
            try FileManager.default.moveItem(at: aside, to: b)
            // Renamed to pass for the other day: the signed manifest still says which day it is.
            for (folder, from, to) in [(a, "2026-11-25", "2026-11-24"), (b, "2026-11-24", "2026-11-25")] {
                try FileManager.default.moveItem(at: folder.appendingPathComponent("pro-\(from).zip"), to: folder.appendingPathComponent("pro-\(to).zip"))
            }
        }
        #expect(swapped.contains("pro 2026-11-24:") && swapped.contains("signed manifest is for pro-2026-11-25.zip"), "\(swapped)")
        // The free tier is untouched in each copy and still verifies.
        #expect(removed.contains("OK: free: 5 editions"))
    }

    @Test("a kill -9 after any step of a nightly build loses nothing published, changes nothing sealed, leaves nothing behind")
    func killAtEveryStep() throws {
        let root = Fixtures.project()
        let steps = Build.nightly.map(\.name)
        let days = Self.nights(steps.count + 1)
        #expect(try build(root, asOf: days[0]).status == 0)
        for (step, day) in zip(steps, days.dropFirst()) {
            let sealedBefore = try ledger(root).sealedEditions()
            let killed = try build(root, asOf: day, environment: ["SIGNALPRESS_KILL_AFTER_STEP": step])
            #expect(killed.status != 0, "\(step): the build was not stopped")
            // Nothing sealed changed; what the killed build sealed, if it got that far, is whole.
            let sealedNow = try ledger(root).sealedEditions()
            #expect(Array(sealedNow.prefix(sealedBefore.count)) == sealedBefore, "\(step)")
            let next = try build(root, asOf: day)
            #expect(next.status == 0, "after \(step): \(next.output)")
            try expectSealedBundlesPublished(root, "after a kill after \(step)")
            let pending = try FileManager.default.contentsOfDirectory(atPath: root.appendingPathComponent(".signalpress/editions").path).filter { $0.hasPrefix(".pending-") }
            #expect(pending.isEmpty, "after \(step): \(pending)")
            #expect(try FileManager.default.contentsOfDirectory(atPath: root.path).filter { $0.contains("staging") }.isEmpty, "after \(step)")
            // Every sealed bundle is recorded in the ledger once, however the build before ended.
            let artifacts = try ledger(root).artifacts()
            let sealed = try ledger(root).sealedEditions().compactMap(\.bundle)
            #expect(artifacts.count == sealed.count && Set(artifacts.map(\.sha256)) == Set(sealed.map(\.sha256)), "after \(step)")
        }
        #expect(try verifyArchive(root).status == 0)
    }

    @Test("a build starts from the site the last one replaced: the published site never changes while it runs, and nothing it did not write is published")
    func reusedSite() throws {
        let root = Fixtures.project()
        let days = Self.nights(3)
        for day in days.prefix(2) { #expect(try build(root, asOf: day).status == 0) }
        let (site, spare) = (root.appendingPathComponent("site"), root.appendingPathComponent(".site.spare"))
        #expect(FileManager.default.fileExists(atPath: spare.appendingPathComponent("index.html").path))
        // Killed after sealing, before the swap: the site as it was, byte for byte (no file it
        // shares with the spare it started from was written in place).
        let published = Fixtures.tree(site)
        let killed = try build(root, asOf: days[2], environment: ["SIGNALPRESS_KILL_AFTER_STEP": "timestamp"])
        #expect(killed.status != 0)
        #expect(Fixtures.tree(site) == published)
        #expect(try build(root, asOf: days[2]).status == 0)
        // Whatever the spare holds that a build does not write is not published: a stray file, a changed one.
        Fixtures.write("stray\n", to: spare.appendingPathComponent("stray.html"))
        Fixtures.write("stray\n", to: spare.appendingPathComponent("bundles/pro/stray.txt"))
        let index = spare.appendingPathComponent("index.html")
        try FileManager.default.removeItem(at: index)
        Fixtures.write("changed\n", to: index)
        // A page's text edited: the next build has work to do.
        Fixtures.write("---\ntitle: Disclaimer\n---\nStill not advice.\n", to: root.appendingPathComponent("content/pages/disclaimer.md"))
        // A copy of the project with no site and no spare makes the same site from the log.
        let fresh = Fixtures.temporaryDirectory("fresh").appendingPathComponent("project")
        try FileManager.default.copyItem(at: root, to: fresh)
        for made in ["site", ".site.spare"] { try? FileManager.default.removeItem(at: fresh.appendingPathComponent(made)) }
        #expect(try build(root, asOf: days[2]).status == 0)
        #expect(try build(fresh, asOf: days[2]).status == 0)
        let reused = Fixtures.tree(site)
        #expect(reused["stray.html"] == nil && reused["bundles/pro/stray.txt"] == nil && reused["index.html"] != Data("changed\n".utf8))
        #expect(reused == Fixtures.tree(fresh.appendingPathComponent("site")))
        // Sealed bundles in the published site are the edition store's files, unchanged.
        try expectSealedBundlesPublished(root, "after a reused build")
    }

    @Test("a kill -9 during backfill, then backfill again: every day sealed once, the newest still published, the chain whole")
    func killDuringBackfill() throws {
        let root = Fixtures.project()
        #expect(try build(root).status == 0)
        let range = ["--from", "2026-11-02", "--to", "2026-11-12"]
        for step in ["log", "bundles", "seal", "publish", "ledger", "state"] {
            // What was published before the run stays published, whenever the run dies.
            let before = try ledger(root).sealedEditions()
            let killed = try Binary.capture(["backfill", "--project", root.path] + range + Fixtures.todayArguments, environment: ["SIGNALPRESS_KILL_AFTER_STEP": step])
            #expect(killed.status != 0, "\(step)")
            try expectSealedBundlesPublished(root, "after a kill after \(step)", rows: before)
        }
        let done = try Binary.capture(["backfill", "--project", root.path] + range + Fixtures.todayArguments)
        #expect(done.status == 0, "\(done.output)")
        try expectSealedBundlesPublished(root)
        let rows = try ledger(root).sealedEditions()
        #expect(Set(rows.map { "\($0.tier) \($0.date) \($0.kind)" }).count == rows.count)
        // 9 trading days, each sealed once per tier as made after the fact; the 27th is still the newest on the site.
        #expect(rows.filter { $0.made == .backfill && $0.bundle != nil }.count == 18, "\(rows.map { ($0.tier, $0.date, $0.made) })")
        #expect(try String(contentsOf: root.appendingPathComponent("site/status.json"), encoding: .utf8).contains("\"as_of\": \"2026-11-26\""))
        let verified = try verifyArchive(root)
        #expect(verified.status == 0 && verified.output.contains("OK: pro: 10 editions from 2026-11-02 to 2026-11-27"), "\(verified.output)")
    }

    @Test("backfill never unpublishes the newest day: the site ends where it began")
    func backfillKeepsTheNewest() throws {
        let root = Fixtures.project()
        #expect(try build(root).status == 0)
        let site = root.appendingPathComponent("site")
        let newest = Fixtures.tree(site.appendingPathComponent("bundles")).filter { $0.key.contains("2026-11-27") }
        let result = try Binary.capture(["backfill", "--project", root.path, "--from", "2026-11-02"] + Fixtures.todayArguments)
        #expect(result.status == 0, "\(result.output)")
        #expect(Fixtures.tree(site.appendingPathComponent("bundles")).filter { $0.key.contains("2026-11-27") } == newest)
        let status = try String(contentsOf: site.appendingPathComponent("status.json"), encoding: .utf8)
        #expect(status.contains("\"as_of\": \"2026-11-26\""), "the free tier, a day late, ends on the 26th again: \(status)")
        try expectSealedBundlesPublished(root)
    }

    @Test("an empty index, a lost log or an emptied ledger stops the build: nothing published, nothing remade")
    func missingLogIsAnError() throws {
        let root = Fixtures.project()
        for night in Self.nights(2) { #expect(try build(root, asOf: night).status == 0) }
        let site = Fixtures.tree(root.appendingPathComponent("site"))
        let state = root.appendingPathComponent(".signalpress")
        let ledgerFile = state.appendingPathComponent("ledger.sqlite")
        let saved = Fixtures.temporaryDirectory("saved")
        try FileManager.default.copyItem(at: state, to: saved.appendingPathComponent("state"))
        // The ledger emptied (what a lost or truncated file leaves).
        for sidecar in ["-wal", "-shm"] { try? FileManager.default.removeItem(atPath: ledgerFile.path + sidecar) }
        try Data().write(to: ledgerFile)
        let emptied = try build(root)
        #expect(emptied.status == 1 && emptied.output.contains("the edition log is missing or empty"), "\(emptied.output)")
        #expect(Fixtures.tree(root.appendingPathComponent("site")) == site)
        // Removed altogether: the same.
        try FileManager.default.removeItem(at: ledgerFile)
        #expect(try build(root).output.contains("the edition log is missing or empty"))
        #expect(Fixtures.tree(root.appendingPathComponent("site")) == site)
        // A store from before the log with an empty index is refused, not taken for an empty archive.
        try FileManager.default.removeItem(at: state)
        try FileManager.default.copyItem(at: saved.appendingPathComponent("state"), to: state)
        try makeLegacy(root)
        try Data().write(to: state.appendingPathComponent("editions/pro/index.json"))
        let unreadable = try build(root)
        #expect(unreadable.status == 1 && unreadable.output.contains("editions/pro/index.json: cannot be read"), "\(unreadable.output)")
        #expect(Fixtures.tree(root.appendingPathComponent("site")) == site)
    }

    /// Makes the store as the last release left it: an index per tier, no log.
    func makeLegacy(_ root: URL) throws {
        let rows = try ledger(root).sealedEditions()
        let state = root.appendingPathComponent(".signalpress")
        for tier in ["free", "pro"] {
            let index = rows.filter { $0.tier.value == tier }.map { EditionStore.IndexEntry(date: $0.date, summaries: .init(indexSummary: $0.indexSummary, feedSummary: $0.feedSummary)) }
            try JSONEncoder().encode(index).write(to: state.appendingPathComponent("editions/\(tier)/index.json"))
        }
        try FileManager.default.removeItem(at: state.appendingPathComponent("editions/LOG.txt"))
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: state.appendingPathComponent("ledger.sqlite").path + suffix) }
    }

    @Test("a store from before the log migrates once, each bundle checked; a changed bundle is refused")
    func migratesAnOldStore() throws {
        let root = Fixtures.project()
        for night in Self.nights(3) { #expect(try build(root, asOf: night).status == 0) }
        let rows = try ledger(root).sealedEditions()
        let state = root.appendingPathComponent(".signalpress")
        try makeLegacy(root)
        let saved = Fixtures.temporaryDirectory("old-store")
        try FileManager.default.copyItem(at: state.appendingPathComponent("editions"), to: saved.appendingPathComponent("editions"))
        #expect(try build(root).status == 0)
        let migrated = try ledger(root).sealedEditions()
        let key = { (row: SealedEdition) in "\(row.tier) \(row.date) \(row.bundleSHA256 ?? "") \(row.bundle == nil ? "" : row.contentHash)" }
        #expect(migrated.map(key).sorted() == rows.map(key).sorted())
        try expectSealedBundlesPublished(root)
        // A kept bundle changed before the migration: refused, named.
        try FileManager.default.removeItem(at: state.appendingPathComponent("editions"))
        try FileManager.default.copyItem(at: saved.appendingPathComponent("editions"), to: state.appendingPathComponent("editions"))
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: state.appendingPathComponent("ledger.sqlite").path + suffix) }
        let zip = state.appendingPathComponent("editions/pro/bundles/2026-11-26/pro-2026-11-26.zip")
        var bytes = try Data(contentsOf: zip)
        bytes[100] ^= 1
        try FileManager.default.removeItem(at: zip)
        try bytes.write(to: zip)
        let refused = try build(root)
        #expect(refused.status == 1 && refused.output.contains("pro-2026-11-26.zip: is not the bundle its edition names"), "\(refused.output)")
    }

    @Test("the pending folder of a build that died is removed by the next")
    func abandonedPendingRemoved() throws {
        let root = Fixtures.project()
        #expect(try build(root).status == 0)
        let dead = root.appendingPathComponent(".signalpress/editions/.pending-999999")
        Fixtures.write("{}", to: dead.appendingPathComponent("pro/2026-11-27.json"))
        #expect(try build(root).status == 0)
        #expect(!FileManager.default.fileExists(atPath: dead.path))
    }

    @Test("a 2:1 split delivered as adjusted history changes no call's return")
    func splitKeepsReturns() throws {
        let days = Self.nights(8)
        let plain = Fixtures.project(), split = Fixtures.project()
        for night in days.dropLast() {
            #expect(try build(plain, asOf: night).status == 0 && build(split, asOf: night).status == 0)
        }
        // Overnight, the provider delivers AAAX's whole history halved (volume doubled): a 2:1 split.
        let file = split.appendingPathComponent("content/data/AAAX.csv")
        let lines = try String(contentsOf: file, encoding: .utf8).split(separator: "\n").map(String.init)
        let halved = [lines[0]] + lines.dropFirst().map { line -> String in
            var fields = line.split(separator: ",").map(String.init)
            for column in 1...4 { fields[column] = NumberText.shortest(Double(fields[column])! / 2) }
            fields[5] = NumberText.shortest(Double(fields[5])! * 2)
            return fields.joined(separator: ",")
        }
        Fixtures.write(halved.joined(separator: "\n") + "\n", to: file)
        #expect(try build(plain, asOf: days.last!).status == 0 && build(split, asOf: days.last!).status == 0)
        func record(_ root: URL) throws -> TrackRecord {
            let zip = try BundleArchive.unzip([UInt8](Data(contentsOf: root.appendingPathComponent("site/bundles/pro/\(days.last!)/pro-\(days.last!).zip"))))
            return try JSONDecoder().decode(TrackRecord.self, from: Data(try #require(zip["track-record.json"])))
        }
        let (a, b) = (try record(plain), try record(split))
        let aaax = a.calls.filter { $0.symbol == "AAAX" }, splitAAAX = b.calls.filter { $0.symbol == "AAAX" }
        #expect(!aaax.isEmpty && aaax.count == splitAAAX.count, "\(aaax) \(splitAAAX)")
        for (before, after) in zip(aaax, splitAAAX) {
            #expect(abs(before.return - after.return) < 1e-9 && before.right == after.right, "\(before) \(after)")
            #expect(before.endDate < days.last!.iso || abs(after.adjustedClose * 2 - before.close) < 1e-6, "\(after)")
        }
        #expect(try ledger(split).sealedEditions(tier: "pro").last!.priceBasis["AAAX"] == 0.5)
        #expect(try Binary.capture(["editions", "show", days.last!.iso, "--tier", "pro", "--project", split.path]).output.contains("AAAX ×0.5"))
    }

    @Test("a revision and a retraction are new editions: what was published stays, the report says so, the track record keeps the first call")
    func corrections() throws {
        let root = Fixtures.project()
        for night in Self.nights(3) { #expect(try build(root, asOf: night).status == 0) }
        let site = root.appendingPathComponent("site")
        let bundlesBefore = Fixtures.tree(site.appendingPathComponent("bundles"))
        let recordBefore = try JSONDecoder().decode(TrackRecord.self, from: Data(contentsOf: site.appendingPathComponent("track-record.json")))
        let original = try #require(try ledger(root).sealedEditions(tier: "free").first { $0.date == "2026-11-25" && $0.bundle != nil })
        let headBefore = try #require(try ledger(root).sealedEditions(tier: "free").last { $0.bundle != nil }?.contentHash)
        // The free tier is a day late: its edition of the 25th was published with the 26th's bundle.
        let project = ["--project", root.path] + Fixtures.todayArguments
        #expect(try Binary.capture(["editions", "revise", "2026-11-25", "--tier", "free", "--reason", " "] + project).status == 1)
        #expect(try Binary.capture(["editions", "revise", "2026-11-02", "--tier", "free", "--reason", "x"] + project).output.contains("no free edition of 2026-11-02"))
        let revised = try Binary.capture(["editions", "revise", "2026-11-25", "--tier", "free", "--reason", "AAAX's close was wrong"] + project)
        #expect(revised.status == 0, "\(revised.output)")
        // Every bundle published before is still there, byte for byte; the revision's is beside the first.
        let bundlesNow = Fixtures.tree(site.appendingPathComponent("bundles"))
        for (path, data) in bundlesBefore { #expect(bundlesNow[path] == data, "\(path)") }
        let manifest = try Manifest.decode([UInt8](Data(contentsOf: site.appendingPathComponent("bundles/free/2026-11-26/r1/manifest.json"))))
        #expect(manifest.revision == 1 && manifest.revises == original.contentHash && manifest.previous == headBefore)
        let row = try #require(try ledger(root).sealedEditions(tier: "free").last)
        #expect(row.kind == .revision && row.supersedes == original.id && row.reason == "AAAX's close was wrong" && row.date == "2026-11-25")
        // The report as first published, with the correction above it; the track record keeps the first calls.
        let report = try String(contentsOf: site.appendingPathComponent("reports/2026-11-25/index.html"), encoding: .utf8)
        // The free tier is a day late: the 27th, the day of the revision, is not shown on its pages yet.
        #expect(report.contains("<strong>Revised:</strong> AAAX&#39;s close was wrong")
            && report.contains("href=\"../../bundles/free/2026-11-26/r1/free-2026-11-26.zip\""), "\(report)")
        let recordNow = try JSONDecoder().decode(TrackRecord.self, from: Data(contentsOf: site.appendingPathComponent("track-record.json")))
        #expect(recordNow.calls == recordBefore.calls)
        // A retraction: no bundle, a line on the report; a second one is refused.
        let retracted = try Binary.capture(["editions", "retract", "2026-11-24", "--tier", "free", "--reason", "Published in error"] + project)
        #expect(retracted.status == 0, "\(retracted.output)")
        #expect(try String(contentsOf: site.appendingPathComponent("reports/2026-11-24/index.html"), encoding: .utf8)
            .contains("<strong>Retracted:</strong> Published in error"))
        #expect(try Binary.capture(["editions", "retract", "2026-11-24", "--tier", "free", "--reason", "again"] + project).output.contains("already retracted"))
        let list = try Binary.capture(["editions", "list", "--tier", "free", "--project", root.path])
        #expect(list.output.contains("revision") && list.output.contains("retraction"), "\(list.output)")
        // The revision is part of the chain: the archive still verifies, and the next edition names it.
        let verified = try verifyArchive(root)
        #expect(verified.status == 0 && verified.output.contains("OK: free: 4 editions"), "\(verified.output)")
        try expectSealedBundlesPublished(root)
    }

    @Test("a day's bundle holds that day: its report, exports in full once a week and the bars since on other nights; its size stays flat")
    func bundleHoldsTheDay() throws {
        let root = Fixtures.project()
        let week = Self.nights(5)
        #expect(week.first!.weekday == 1, "the fixture's last five trading days are Monday to Friday")
        for night in week { #expect(try build(root, asOf: night).status == 0) }
        let site = root.appendingPathComponent("site")
        func bundle(_ day: Day) throws -> [String: [UInt8]] {
            try BundleArchive.unzip([UInt8](Data(contentsOf: site.appendingPathComponent("bundles/pro/\(day)/pro-\(day).zip"))))
        }
        func rows(_ day: Day) throws -> [String] {
            String(decoding: try #require(try bundle(day)["exports/AAAX.csv"]), as: UTF8.self).split(separator: "\n").dropFirst().map { String($0.prefix(10)) }
        }
        // Monday's export has every bar; each later night's, the bars after Monday's.
        #expect(try rows(week[0]).count > 300)
        for (index, night) in week.enumerated().dropFirst() {
            #expect(try rows(night) == week[1...index].map(\.iso), "\(night)")
        }
        // Each bundle has its own report, never the archive's; the site has every report.
        for night in week { #expect(try bundle(night).keys.filter { $0.hasPrefix("reports/2") }.count == 2) }
        #expect(try FileManager.default.contentsOfDirectory(atPath: site.appendingPathComponent("reports").path).filter { $0.hasPrefix("2") }.count >= 10)
        // With the archive growing by a night, Friday's bundle is no bigger than Tuesday's but for its four bars.
        let (tuesday, friday) = (try Data(contentsOf: site.appendingPathComponent("bundles/pro/\(week[1])/pro-\(week[1]).zip")).count,
                                 try Data(contentsOf: site.appendingPathComponent("bundles/pro/\(week[4])/pro-\(week[4]).zip")).count)
        #expect(Double(friday) <= Double(tuesday) * 1.1, "\(tuesday) → \(friday) bytes")
    }

    @Test("a symbol moved to a paid tier stays in the free editions that published it; new ones leave it out, and the build says so")
    func movedSymbol() throws {
        let root = Fixtures.project()
        let days = Self.nights(3)
        for night in days.dropLast() { #expect(try build(root, asOf: night).status == 0) }
        let content = root.appendingPathComponent("content/watchlists")
        Fixtures.write("title: Core\nsymbols: [BBBX]\n", to: content.appendingPathComponent("core.yml"))
        Fixtures.write("title: Extra\nsymbols: [AAAX, CCCX, DDDX]\n", to: content.appendingPathComponent("extra.yml"))
        let result = try build(root, asOf: days.last!)
        #expect(result.status == 0 && result.output.contains("AAAX: no longer seen by free; the free editions that already published them keep them"),
                "\(result.output)")
        let site = root.appendingPathComponent("site")
        // The free tier is a day late: its new edition is of the 26th, its earlier ones keep AAAX.
        let newest = try String(contentsOf: site.appendingPathComponent("reports/\(days[1])/index.html"), encoding: .utf8)
        let earlier = try String(contentsOf: site.appendingPathComponent("reports/\(days[0])/index.html"), encoding: .utf8)
        #expect(!newest.contains("AAAX") && earlier.contains("AAAX"))
        let dashboard = try String(contentsOf: site.appendingPathComponent("index.html"), encoding: .utf8)
        #expect(!dashboard.contains(">AAAX<"))
        // Its page stays as last published, so the earlier reports' links resolve: `check` passes, even with site/ gone.
        #expect(result.output.contains("AAAX: no longer in the public watchlists; its page stays as last published"), "\(result.output)")
        let checked = try Binary.capture(["check", "--project", root.path, "--as-of", days.last!.iso] + Fixtures.todayArguments)
        #expect(checked.status == 0, "\(checked.output)")
        try FileManager.default.removeItem(at: site)
        #expect(try build(root, asOf: days.last!).status == 0)
        #expect(FileManager.default.fileExists(atPath: site.appendingPathComponent("symbols/AAAX/index.html").path))
        // A new page naming it is still a leak.
        Fixtures.write("---\ntitle: Watch\n---\nAAAX looks strong.\n", to: root.appendingPathComponent("content/pages/watch.md"))
        let leaked = try build(root, asOf: days.last!)
        #expect(leaked.status == 1 && leaked.output.contains("pages/watch/index.html"), "\(leaked.output)")
    }

    @Test("editions made from sample data are demo; the first build on real data drops them from the site, says so, and starts the chain afresh")
    func demoEditionsLeave() throws {
        let root = Fixtures.project()
        let data = root.appendingPathComponent("content/data")
        let symbols = ["AAAX", "BBBX", "CCCX", "DDDX"]
        try SampleDataList.record(try symbols.map { ("\($0).csv", try Data(contentsOf: data.appendingPathComponent("\($0).csv"))) }, in: data)
        let days = Self.nights(2)
        #expect(try build(root, asOf: days[0]).status == 0)
        #expect(try ledger(root).sealedEditions().allSatisfy(\.demo))
        // The publisher's own data replaces the demo's.
        let real = SampleData(days: 320, seed: 42, lastDay: Fixtures.lastDay)
        for symbol in symbols { Fixtures.write(CSVWriter.csv(real.series(symbol: symbol)), to: data.appendingPathComponent("\(symbol).csv")) }
        let result = try build(root, asOf: days[1])
        #expect(result.status == 0 && result.output.contains("demo editions left the site: they were made from sample data"), "\(result.output)")
        let site = root.appendingPathComponent("site")
        #expect(try FileManager.default.contentsOfDirectory(atPath: site.appendingPathComponent("bundles/pro").path) == [days[1].iso])
        let rows = try ledger(root).sealedEditions()
        // The no-op check's one-query mark is the rows' own, with the demo editions and without.
        #expect(try ledger(root).editionLogMark(includingDemo: false).mark == SealedLog(rows.filter { !$0.demo }).mark)
        #expect(try ledger(root).editionLogMark(includingDemo: true).mark == SealedLog(rows).mark)
        // The real editions' chain starts afresh: none names a demo edition.
        let demoHashes = Set(rows.filter(\.demo).map(\.contentHash))
        #expect(rows.contains(where: \.demo) && rows.filter { !$0.demo }.allSatisfy { row in row.previousHash.map { !demoHashes.contains($0) } ?? true })
        #expect(try verifyArchive(root).status == 0)
        // Said once: the next build has nothing demo left to drop.
        #expect(!(try build(root, asOf: days[1]).output.contains("demo editions")))
    }

    @Test("a night carries over the past report pages it would render the same and reads on the track record: the site equals one made whole")
    func pastReportsCarriedOver() throws {
        let root = Fixtures.project()
        let backfill = try Binary.capture(["backfill", "--project", root.path, "--from", "2026-10-01", "--to", "2026-11-25"] + Fixtures.todayArguments)
        #expect(backfill.status == 0, "\(backfill.output)")
        let site = root.appendingPathComponent("site")
        let oldest = site.appendingPathComponent("reports/2026-10-01/index.html")
        #expect(try build(root, asOf: Day(iso: "2026-11-26")!).status == 0)
        // What the night knew of each past report page, to carry it over the next night.
        let memo = try String(contentsOf: root.appendingPathComponent(".signalpress/report-pages.json"), encoding: .utf8)
        #expect(memo.contains("\"2026-10-01\":\"") && memo.contains("\"layout\":") && memo.contains("\"pro\":{"))
        // The next night, carried over (pages, feed entries, the track record read on, the site
        // the night before replaced reused) or made whole with none of it: the same bytes, the
        // paid tier's new bundle and its feeds included.
        let whole = Fixtures.temporaryDirectory("whole").appendingPathComponent("project")
        try FileManager.default.copyItem(at: root, to: whole)
        for made in ["site", ".site.spare", ".signalpress/track-record", ".signalpress/report-content", ".signalpress/report-pages.json"] {
            try? FileManager.default.removeItem(at: whole.appendingPathComponent(made))
        }
        let contents = root.appendingPathComponent(".signalpress/report-content/pro")
        let kept = Self.identities(contents)
        #expect(kept.count == 30)
        #expect(try build(root, asOf: Day(iso: "2026-11-27")!).status == 0)
        // Only the new report's feed entry and its neighbour's (whose "newer" link changed) were
        // rendered; the other 29 were read back, days with no note (a null title) included.
        let now = Self.identities(contents)
        #expect(Set(now.keys.filter { kept[$0] != now[$0] }) == ["2026-11-26.html", "2026-11-27.html"])
        #expect(try build(whole, asOf: Day(iso: "2026-11-27")!).status == 0)
        #expect(Fixtures.tree(site) == Fixtures.tree(whole.appendingPathComponent("site")))
        let carried = Fixtures.tree(site)
        #expect(carried["bundles/pro/2026-11-27/pro-2026-11-27.zip"] != nil)
        #expect(try ledger(root).sealedEditions(tier: "pro").last?.bundleSHA256 == (try ledger(whole).sealedEditions(tier: "pro").last?.bundleSHA256))
        // The calls the track record ended are kept with their rows and JSON, and written again
        // as kept: an ended call never changes, so it is not rendered again, and what the file
        // says is shown. The calls that ended on the night's own day are kept the next night
        // (the night's edition learns its bundle's hash once sealed).
        let endedFile = root.appendingPathComponent(".signalpress/track-record/free.ended")
        let keptCalls = try String(contentsOf: endedFile, encoding: .utf8)
        let record = try JSONDecoder().decode(TrackRecord.self, from: Data(contentsOf: site.appendingPathComponent("track-record.json")))
        #expect(keptCalls.components(separatedBy: "\u{1E}").count - 1 == record.calls.filter { $0.endedBy != "open" && $0.endDate < "2026-11-27" }.count)
        let ended = try #require(record.calls.first { $0.endedBy != "open" && $0.endDate < "2026-11-27" })
        let (shown, object) = ("<td>\(ended.date)</td><th scope=\"row\">\(ended.symbol)</th>", "\"end_date\" : \"\(ended.endDate)\"")
        #expect(keptCalls.contains(shown) && keptCalls.contains(object))
        // Edited in place, byte for byte as long: the file says how many bytes it covers.
        try keptCalls.replacingOccurrences(of: shown, with: "<td>\(ended.date)</td><th scope=\"ROW\">\(ended.symbol)</th>")
            .replacingOccurrences(of: object, with: "\"END_DATE\" : \"\(ended.endDate)\"")
            .write(to: endedFile, atomically: true, encoding: .utf8)
        Fixtures.write("---\ntitle: Methodology\n---\nRules vote, edited.\n", to: root.appendingPathComponent("content/pages/methodology.md"))
        #expect(try build(root, asOf: Day(iso: "2026-11-27")!).status == 0)
        #expect(try String(contentsOf: site.appendingPathComponent("track-record/index.html"), encoding: .utf8).contains("scope=\"ROW\">\(ended.symbol)</th>"))
        #expect(try String(contentsOf: site.appendingPathComponent("track-record.json"), encoding: .utf8).contains("\"END_DATE\" : \"\(ended.endDate)\""))
        // A theme change reaches every past report.
        let template = root.appendingPathComponent("Templates/report.mustache")
        Fixtures.write(String(decoding: Theme.defaults.files["report.mustache"]!, as: UTF8.self) + "<!-- new theme -->\n", to: template)
        #expect(try build(root).status == 0)
        #expect(try String(contentsOf: oldest, encoding: .utf8).contains("<!-- new theme -->"))
    }

    /// Each file of `folder` by name, with its inode and modification time: what a rewrite changes.
    static func identities(_ folder: URL) -> [String: [Int]] {
        var result: [String: [Int]] = [:]
        for name in (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? [] {
            var info = stat()
            guard stat(folder.appendingPathComponent(name).path, &info) == 0 else { continue }
            result[name] = [Int(info.st_ino), Int(info.st_mtim.tv_sec), Int(info.st_mtim.tv_nsec)]
        }
        return result
    }

    @Test("a backfilled edition equals the nightly build of that day: the same calls, closes and summaries")
    func backfillEqualsNightly() throws {
        let days = Self.nights(3)
        let nightly = Fixtures.project(), backfilled = Fixtures.project()
        for night in days { #expect(try build(nightly, asOf: night).status == 0) }
        let run = try Binary.capture(["backfill", "--project", backfilled.path, "--from", days[0].iso, "--to", days[2].iso] + Fixtures.todayArguments)
        #expect(run.status == 0, "\(run.output)")
        for tier in ["free", "pro"] {
            // Every edition of the tier: the free one is a day late.
            let sealed = try ledger(nightly).sealedEditions(tier: TierID(stringLiteral: tier)).map(\.date)
            #expect(sealed == (try ledger(backfilled).sealedEditions(tier: TierID(stringLiteral: tier)).map(\.date)))
            for day in sealed {
                let read = { (root: URL) in
                    try JSONDecoder().decode(EditionSnapshot.self, from: Data(contentsOf: root.appendingPathComponent(".signalpress/editions/\(tier)/\(day).json")))
                }
                let (a, b) = (try read(nightly), try read(backfilled))
                #expect(a.calls == b.calls && a.indexSummary == b.indexSummary && a.feedSummary == b.feedSummary, "\(tier) \(day)")
            }
        }
    }
}
