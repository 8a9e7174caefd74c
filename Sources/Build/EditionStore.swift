import Core
import Foundation
import MarketData
import Project
import Publishing
import Tiers

/// `.signalpress/editions/`: what every build published, so that no later build recomputes it.
/// Per tier: `<date>.json` (the edition: report, summaries, calls, bundle), `<date>.report.json`
/// (its report and summaries only: what re-rendering the report reads every night),
/// `<date>.marks.json` (what the track record reads), `index.json` (the summaries of every
/// edition, which the reports index and the feed list), and
/// `bundles/<date>/` (the zip, manifest and signature as published, hard-linked from the site).
/// The newest edition may still be corrected by building the same date again; once a later
/// one is published, it is frozen.
struct EditionStore: Sendable {
    let root: URL

    struct IndexEntry: Codable, Equatable {
        var date: String
        var summaries: EditionArchive.Summaries
    }

    func folder(_ tier: TierID) -> URL { root.appendingPathComponent(tier.value) }

    func index(_ tier: TierID) -> [IndexEntry] {
        guard let data = FileManager.default.contents(atPath: folder(tier).appendingPathComponent("index.json").path) else { return [] }
        return (try? JSONDecoder().decode([IndexEntry].self, from: data)) ?? []
    }

    /// The editions a build as of `date` shows as published: every one up to `date`, except the
    /// newest of all when it is `date` itself (that one is made again, so a same-day fix shows).
    func archive(_ tier: TierID, through date: Day) -> EditionArchive {
        let entries = index(tier)
        let newest = entries.compactMap { Day(iso: $0.date) }.max()
        var summaries: [Day: EditionArchive.Summaries] = [:]
        for entry in entries {
            guard let day = Day(iso: entry.date), day <= date, !(day == date && day == newest) else { continue }
            summaries[day] = entry.summaries
        }
        let folder = folder(tier)
        let read = { @Sendable (name: String) in
            FileManager.default.contents(atPath: folder.appendingPathComponent(name).path).flatMap { try? JSONDecoder().decode(EditionSnapshot.self, from: $0) }
        }
        // The small files first; the whole edition only where an older store lacks them.
        return EditionArchive(summaries: summaries, load: { read("\($0).report.json") ?? read("\($0).json") }) { day in
            FileManager.default.contents(atPath: folder.appendingPathComponent("\(day).marks.json").path)
                .flatMap { try? JSONDecoder().decode(EditionMarks.self, from: $0) } ?? read("\(day).json").map(EditionMarks.init)
        }
    }

    /// Writes an edition this build made into `pending` (not yet the store: it joins it once
    /// published). `snapshot` comes without its calls, which are given as the JSON the call log
    /// holds and put in place as they are: thousands of calls with their reasons are never
    /// decoded and encoded again.
    static func stage(_ snapshot: EditionSnapshot, calls: [Data], in pending: URL) throws {
        let folder = pending.appendingPathComponent(snapshot.tier)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
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
        try out.write(to: folder.appendingPathComponent("\(snapshot.date).json"))
    }

    /// Moves this build's editions of `tier` from `pending` into the store, with their marks for
    /// the track record, then updates its index.
    func keep(_ made: EditionArchive, marks: [Day: EditionMarks], of tier: TierID, from pending: URL) throws {
        guard !made.summaries.isEmpty else { return }
        let folder = folder(tier)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        var entries = Dictionary(index(tier).map { ($0.date, $0) }, uniquingKeysWith: { _, last in last })
        for (day, summaries) in made.summaries {
            let target = folder.appendingPathComponent("\(day).json")
            guard rename(pending.appendingPathComponent("\(tier.value)/\(day).json").path, target.path) == 0 else { throw CocoaError(.fileWriteUnknown) }
            if let mark = marks[day] { try Self.replace(folder.appendingPathComponent("\(day).marks.json"), with: try JSONEncoder().encode(mark)) }
            if let report = made.load(day) { try Self.replace(folder.appendingPathComponent("\(day).report.json"), with: try encoder.encode(report)) }
            entries[day.iso] = IndexEntry(date: day.iso, summaries: summaries)
        }
        try Self.replace(folder.appendingPathComponent("index.json"), with: try encoder.encode(entries.values.sorted { $0.date < $1.date }))
    }

    /// Build dates whose bundle of `tier` is kept, oldest first.
    func bundleDates(_ tier: TierID) -> [Day] {
        ((try? FileManager.default.contentsOfDirectory(atPath: folder(tier).appendingPathComponent("bundles").path)) ?? []).compactMap { Day(iso: $0) }.sorted()
    }

    func bundleFile(_ bundle: BundlePath, _ path: String) -> URL {
        folder(bundle.tier).appendingPathComponent("bundles/\(bundle.date)/" + (path as NSString).lastPathComponent)
    }

    /// Keeps the bundle just published in `site` (zip, manifest, signature), replacing an
    /// earlier copy of the same date file by file: each name is swapped in with one rename, so
    /// a backup or a reader running beside the build always finds the folder and every file.
    func keep(_ bundle: BundlePath, publishedIn site: URL) throws {
        let target = folder(bundle.tier).appendingPathComponent("bundles/\(bundle.date)")
        try FileManager.default.createDirectory(at: target, withIntermediateDirectories: true)
        for path in [bundle.archive, bundle.manifest, bundle.signature] {
            let name = (path as NSString).lastPathComponent
            let fresh = target.appendingPathComponent(".\(name).\(getpid())")
            try? FileManager.default.removeItem(at: fresh)
            try Self.linkOrCopy(site.appendingPathComponent(path), to: fresh)
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

    static func replace(_ url: URL, with data: Data) throws {
        let temporary = url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).\(getpid())")
        try data.write(to: temporary)
        guard rename(temporary.path, url.path) == 0 else { throw CocoaError(.fileWriteUnknown) }
    }
}
