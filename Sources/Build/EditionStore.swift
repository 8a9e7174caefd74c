import Core
import Ledger
import Foundation
import MarketData
import Project
import Publishing
import Tiers

/// `.signalpress/editions/`: the content of every edition the edition log (`SealedLog`, in the
/// ledger) has sealed. Per tier: `<date>.json` (the edition: report, summaries, calls, bundle),
/// `<date>.report.json` (its report and summaries only: what re-rendering the report reads every
/// night), `<date>.marks.json` (what the track record reads), and `bundles/<date>/` (the zip,
/// manifest and signature as published, hard-linked from the site). The log says which of them
/// are published; a file here that the log does not name is a build that died before sealing
/// (made again by the next one). `LOG.txt` marks a store whose editions are in the log: without
/// a log beside it, the store is an error, never an empty archive.
struct EditionStore: Sendable {
    let root: URL

    /// The index of a store from before the edition log, read once to migrate it.
    struct IndexEntry: Codable, Equatable {
        var date: String
        var summaries: EditionArchive.Summaries
    }

    func folder(_ tier: TierID) -> URL { root.appendingPathComponent(tier.value, isDirectory: true) }
    var marker: URL { root.appendingPathComponent("LOG.txt") }

    /// The tiers with a folder here.
    var tiersOnDisk: [TierID] {
        ((try? FileManager.default.contentsOfDirectory(atPath: root.path)) ?? []).filter { !$0.hasPrefix(".") && $0 != "LOG.txt" }.sorted().map { TierID(stringLiteral: $0) }
    }

    /// The editions of `tier` sealed up to `date`, as a build as of `date` shows them.
    func archive(_ tier: TierID, sealed: [SealedEdition], through date: Day) -> EditionArchive {
        var summaries: [Day: EditionArchive.Summaries] = [:]
        // Each day's row, its price basis read only for the days whose marks are read.
        var basis: [Day: SealedEdition] = [:]
        var made: [Day: SealedEdition.Made] = [:]
        var corrections: [Day: [EditionArchive.Correction]] = [:]
        for row in sealed where row.kind != .edition {
            guard let day = row.day, day <= date else { continue }
            corrections[day, default: []].append(.init(revised: row.kind == .revision, reason: row.reason ?? "", on: String(row.sealedAt.prefix(10)),
                                                       bundle: row.bundlePath))
        }
        for row in sealed where row.kind == .edition {
            guard let day = row.day, day <= date else { continue }
            summaries[day] = .init(indexSummary: row.indexSummary, feedSummary: row.feedSummary)
            basis[day] = row
            made[day] = row.made
        }
        let folder = folder(tier)
        let read = { @Sendable (name: String) in
            FileManager.default.contents(atPath: folder.appendingPathComponent(name).path).flatMap { try? JSONDecoder().decode(EditionSnapshot.self, from: $0) }
        }
        let (bases, how) = (basis, made)
        // The small files first; the whole edition only where an older store lacks them.
        var archive = EditionArchive(summaries: summaries, load: { read("\($0).report.json") ?? read("\($0).json") }) { day in
            var marks = FileManager.default.contents(atPath: folder.appendingPathComponent("\(day).marks.json").path)
                .flatMap { try? JSONDecoder().decode(EditionMarks.self, from: $0) } ?? read("\(day).json").map(EditionMarks.init)
            marks?.basis = bases[day]?.priceBasis ?? [:]
            marks?.live = how[day]?.isLive ?? true
            return marks
        }
        archive.corrections = corrections
        return archive
    }

    /// The index of `tier` in a store from before the edition log; nil when there is none, an
    /// error when it is there but unreadable (an empty archive would rewrite history).
    func legacyIndex(_ tier: TierID) throws(BuildError) -> [IndexEntry]? {
        let url = folder(tier).appendingPathComponent("index.json")
        guard FileManager.default.fileExists(atPath: url.path) else { return nil }
        guard let data = FileManager.default.contents(atPath: url.path), let entries = try? JSONDecoder().decode([IndexEntry].self, from: data) else {
            throw .editionLog(.unreadableIndex(path: url.path))
        }
        return entries
    }

    /// Whether `tier`'s folder holds any edition or bundle.
    func holdsEditions(_ tier: TierID) -> Bool {
        ((try? FileManager.default.contentsOfDirectory(atPath: folder(tier).path)) ?? []).contains { $0.hasSuffix(".json") || $0 == "bundles" }
    }

    /// Pending folders of builds that died (their process is gone): what they held was never sealed.
    func removeAbandonedPending() {
        for name in (try? FileManager.default.contentsOfDirectory(atPath: root.path)) ?? [] where name.hasPrefix(".pending-") {
            guard let pid = Int32(name.dropFirst(".pending-".count)), pid != getpid(), kill(pid, 0) != 0, errno == ESRCH else { continue }
            try? FileManager.default.removeItem(at: root.appendingPathComponent(name))
        }
    }

    /// Writes an edition this build made into `pending` (not yet the store: it joins it once
    /// published). `snapshot` comes without its calls, which are given as the JSON the call log
    /// holds and put in place as they are: thousands of calls with their reasons are never
    /// decoded and encoded again.
    static func stage(_ snapshot: EditionSnapshot, calls logged: LoggedCalls, in pending: URL) throws {
        let file = staged(snapshot.tier, snapshot.date, ".json", in: pending)
        if let (head, tail) = snapshot.jsonAroundCalls() {
            return try write(file) { handle in
                try handle.write(contentsOf: head)
                try logged.forEachChunk { try handle.write(contentsOf: $0) }
                try handle.write(contentsOf: tail)
            }
        }
        let calls = logged.json
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        var empty = snapshot
        empty.calls = []
        let json = try encoder.encode(empty)
        // With sorted keys and no spaces the empty list is exactly this, once: inside strings quotes are escaped.
        let slot = Data("\"calls\":[]".utf8)
        guard let range = json.range(of: slot) else { throw CocoaError(.coderInvalidValue) }
        var out = json[..<range.lowerBound] + Data("\"calls\":[".utf8)
        for (index, call) in calls.enumerated() {
            if index > 0 { out.append(UInt8(ascii: ",")) }
            out.append(call)
        }
        out.append(contentsOf: Array("]".utf8))
        out.append(json[range.upperBound...])
        try write(file) { try $0.write(contentsOf: out) }
    }

    /// Writes the report of an edition this build made (the edition without its calls) into
    /// `pending`, as the store keeps it: the pages read it back from there (`stagedReport`).
    static func stageReport(_ snapshot: EditionSnapshot, in pending: URL) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let json = try snapshot.json(calls: []) ?? Array(encoder.encode(snapshot))
        try write(staged(snapshot.tier, snapshot.date, ".report.json", in: pending)) { try $0.write(contentsOf: json) }
    }

    /// Writes the marks of an edition this build made into `pending`, as the store keeps them
    /// (the calls; the price basis is the log's).
    static func stageMarks(_ marks: EditionMarks, tier: String, day: Day, in pending: URL) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let json = try encoder.encode(marks)
        try write(staged(tier, day.iso, ".marks.json", in: pending)) { try $0.write(contentsOf: json) }
    }

    /// The marks `stageMarks` wrote for `tier` and `day`, without their price basis.
    static func stagedMarks(_ tier: String, _ day: Day, in pending: URL) -> EditionMarks? {
        decoded(EditionMarks.self, staged(tier, day.iso, ".marks.json", in: pending))
    }

    /// The report `stageReport` wrote for `tier` and `day`.
    static func stagedReport(_ tier: String, _ day: Day, in pending: URL) -> EditionSnapshot? {
        decoded(EditionSnapshot.self, staged(tier, day.iso, ".report.json", in: pending))
    }

    /// Where this build's edition of `day` waits in `pending` until it is kept: the edition
    /// (`.json`), its report (`.report.json`) and its marks (`.marks.json`), in the tier's folder.
    static func staged(_ tier: String, _ day: String, _ suffix: String, in pending: URL) -> URL {
        pending.appendingPathComponent("\(tier)/\(day)\(suffix)")
    }

    /// Creates `file` (and its folder) and hands it to `body` to write.
    private static func write(_ file: URL, _ body: (FileHandle) throws -> Void) throws {
        try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
        guard FileManager.default.createFile(atPath: file.path, contents: nil) else { throw CocoaError(.fileWriteUnknown) }
        let handle = try FileHandle(forWritingTo: file)
        defer { try? handle.close() }
        try body(handle)
    }

    private static func decoded<Value: Decodable>(_ type: Value.Type, _ file: URL) -> Value? {
        FileManager.default.contents(atPath: file.path).flatMap { try? JSONDecoder().decode(type, from: $0) }
    }

    /// Moves this build's edition of `day` from `pending` into the store, with its marks for the
    /// track record and its report, each written to disk before it is named; returns the
    /// SHA-256 of the edition file, which the log seals.
    func keep(_ day: Day, of tier: TierID, marks: EditionMarks?, from pending: URL, revision: Int? = nil) throws -> String {
        // A revision's files sit beside the edition's as first published, which stay as they were.
        let name = "\(day)" + (revision.map { ".r\($0)" } ?? "")
        let folder = folder(tier)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let staged = { (suffix: String) in FileManager.default.contents(atPath: Self.staged(tier.value, day.iso, suffix, in: pending).path) }
        guard let bytes = staged(".json") else { throw CocoaError(.fileReadNoSuchFile) }
        try Self.replace(folder.appendingPathComponent("\(name).json"), with: bytes)
        // The marks as staged, with the bundle's hash where the day has one.
        if let marks {
            guard let calls = staged(".marks.json") else { throw CocoaError(.fileReadNoSuchFile) }
            let kept = try marks.sha256.map { try Self.marks(calls, withBundle: $0) } ?? calls
            try Self.replace(folder.appendingPathComponent("\(name).marks.json"), with: kept)
        }
        // A report is kept without its calls (they are in the edition's file).
        if let report = staged(".report.json") {
            try Self.replace(folder.appendingPathComponent("\(name).report.json"), with: report)
        }
        return Hex.sha256(bytes)
    }

    /// Staged marks (`{"calls":[...]}`) with the day's bundle hash, as JSONEncoder writes them
    /// with sorted keys: `sha256` sorts after `calls`, so it goes last. Never decoded: a whole
    /// market's marks are 10,000 calls.
    static func marks(_ staged: Data, withBundle sha256: String) throws -> Data {
        guard staged.last == UInt8(ascii: "}"), sha256.utf8.allSatisfy({ (48...57).contains($0) || (97...102).contains($0) }) else {
            throw CocoaError(.coderInvalidValue)
        }
        return staged.dropLast() + Data(",\"sha256\":\"\(sha256)\"}".utf8)
    }

    /// The folder that keeps `bundle`'s files, as a path.
    func bundleFolder(_ bundle: BundlePath) -> String {
        root.path + "/" + bundle.tier.value + "/bundles/" + bundle.folder.dropFirst("bundles/\(bundle.tier)/".count)
    }

    func bundleFile(_ bundle: BundlePath, _ path: String) -> URL {
        URL(fileURLWithPath: bundleFolder(bundle) + "/" + (path as NSString).lastPathComponent)
    }

    /// Keeps the bundle about to be published from `site` (zip, manifest, signature), replacing
    /// what a build that died before sealing left of the same date file by file: each name is
    /// swapped in with one rename, so a backup or a reader beside the build finds every file.
    func keep(_ bundle: BundlePath, from site: URL) throws {
        let target = bundleFile(bundle, "x").deletingLastPathComponent()
        try FileManager.default.createDirectory(at: target, withIntermediateDirectories: true)
        for path in [bundle.archive, bundle.manifest, bundle.signature] {
            let name = (path as NSString).lastPathComponent
            let fresh = target.appendingPathComponent(".\(name).\(getpid())")
            try? FileManager.default.removeItem(at: fresh)
            try Self.linkOrCopy(site.appendingPathComponent(path), to: fresh)
            try Self.sync(fresh)
            // Read-only: the site's copy is the same file, and a sealed bundle is never written again.
            chmod(fresh.path, 0o444)
            guard rename(fresh.path, target.appendingPathComponent(name).path) == 0 else { throw CocoaError(.fileWriteUnknown) }
            // rename(2) leaves both names when they are links to one file already kept.
            try? FileManager.default.removeItem(at: fresh)
        }
    }

    /// A hard link where the file system allows one (published files are never changed in
    /// place, so sharing them is safe), a copy otherwise.
    static func linkOrCopy(_ source: URL, to target: URL) throws {
        if link(source.path, target.path) != 0 { try FileManager.default.copyItem(at: source, to: target) }
    }

    /// Writes `data` to disk under a temporary name, then renames it: a power loss leaves the old
    /// file or the new one, never an empty one.
    static func replace(_ url: URL, with data: Data) throws {
        let temporary = url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).\(getpid())")
        try data.write(to: temporary)
        try sync(temporary)
        guard rename(temporary.path, url.path) == 0 else { throw CocoaError(.fileWriteUnknown) }
    }

    /// fsync(2) of a file or a folder (a folder's, so the names renamed into it last too).
    static func sync(_ url: URL) throws {
        let descriptor = open(url.path, O_RDONLY)
        guard descriptor >= 0 else { throw CocoaError(.fileReadUnknown) }
        defer { close(descriptor) }
        guard fsync(descriptor) == 0 else { throw CocoaError(.fileWriteUnknown) }
    }
}
