import Core
import Foundation
import Ledger
import MarketData
import Publishing
import Tiers

extension BuildStep {
    /// Opens the edition log (the ledger that holds it) and takes the project's lock, before
    /// the no-op check: that check needs only the log's mark, one query however long the log
    /// is, so a build with nothing to do never reads the rows (`readEditionLog` does, after it).
    public static let openEditionLog = BuildStep(name: "log") { (context: inout BuildContext) throws(BuildError) in
        try context.openEditionLog()
    }

    /// Reads the edition log's rows, once, before anything streams: a store from before the log
    /// is migrated into it, verified against its bundles; a store whose log is missing, or an
    /// index that cannot be read, stops the build.
    public static let readEditionLog = BuildStep(name: "editions") { (context: inout BuildContext) throws(BuildError) in
        if !context.logOpened { try context.openEditionLog() }
        guard !context.sealedRead else { return }
        try context.readSealedEditions()
    }

    /// Seals every edition this build made, in one transaction, before the site is swapped in:
    /// their files are moved into the edition store and written to disk first, then the log
    /// names them. A build that dies after this is published by the next (its day is sealed,
    /// so it is republished byte for byte); one that dies before leaves nothing that counts.
    public static let sealEditions = BuildStep(name: "seal") { (context: inout BuildContext) throws(BuildError) in
        guard context.options.recordsLedger, !context.options.checkOnly, let ledger = context.ledger else { return }
        let (outputs, store, sealed) = (try context.stagedOutputs(), context.editions, context.sealed)
        let firstBuild = sealed.isEmpty
        var rows: [SealedEdition] = []
        do {
            for tier in outputs.tiers {
                var head = sealed.head(tier.tier.id)
                let (made, marks) = (tier.edition.made, tier.marks)
                let revision = context.revising(tier.tier.id, tier.asOf) ? context.sealed.edition(tier.tier.id, tier.asOf) : nil
                for day in made.summaries.keys.sorted() {
                    let summaries = made.summaries[day]!
                    let revises = day == tier.asOf ? revision : nil
                    let sha256 = try store.keep(day, of: tier.tier.id, marks: marks[day], from: context.pendingEditions,
                                                revision: revises == nil ? nil : tier.bundle.revision)
                    let how: SealedEdition.Made = day != tier.asOf ? (firstBuild ? .firstBuild : .backfill)
                        : context.options.publishesLive ? .live : .backfill
                    // The day's own edition has the bundle this build sealed: its hash is the signed manifest's.
                    let bundle = day == tier.asOf ? tier.sealedBundle : nil
                    if bundle != nil { try store.keep(tier.bundle, from: outputs.staging.url("")) }
                    var row = SealedEdition(tier: tier.tier.id, date: day.iso, made: how, demo: context.demo, previousHash: head,
                                            contentHash: bundle?.manifestHash ?? sha256, snapshotSHA256: sha256, bundle: bundle?.archive,
                                            bundleDate: tier.bundle.date.iso, indexSummary: summaries.indexSummary, feedSummary: summaries.feedSummary,
                                            priceBasis: marks[day]?.basis ?? [:])
                    if let bundle { head = bundle.manifestHash }
                    if let revises {
                        row.kind = .revision
                        row.supersedes = revises.id
                        row.reason = context.options.revising?.reason
                        row.made = .live
                    }
                    rows.append(row)
                }
                if !made.summaries.isEmpty { try EditionStore.sync(store.folder(tier.tier.id)) }
            }
            guard !rows.isEmpty else { return }
            let sealedNow = try ledger.seal(rows)
            try store.writeMarker()
            context.sealed = SealedLog(context.sealed.all + sealedNow)
        } catch { throw .editionLog(.notSealed(reason: "\(error)")) }
        context.summary.editionsSealed = rows.count
    }
}

extension EditionStore {
    /// Says that this store's editions are in the edition log: from now on a missing log is an error.
    func writeMarker() throws {
        guard !FileManager.default.fileExists(atPath: marker.path) else { return }
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        try Self.replace(marker, with: Data("""
            The editions in this folder are sealed in the edition log (table `editions` of the ledger,
            .signalpress/ledger.sqlite). Without that log they are not an archive: restore both from a
            backup (signalpress backup restore). `signalpress editions list` prints the log.

            """.utf8))
        try Self.sync(root)
    }
}

extension BuildContext {
    /// The lock, the ledger, the demo flag and the timestamp authority; the log's mark where
    /// the log has rows, or the rows themselves where it has none (a store to migrate).
    mutating func openEditionLog() throws(BuildError) {
        logOpened = true
        let store = editions
        if options.recordsLedger, !options.checkOnly {
            // One build of a project at a time: a second waits, then finds the first one's editions sealed.
            do { lock = try ProjectLock(store.root.deletingLastPathComponent().appendingPathComponent("build.lock")) } catch {
                throw .editionLog(.notSealed(reason: "cannot lock \(store.root.deletingLastPathComponent().path)/build.lock: \(error)"))
            }
        }
        store.removeAbandonedPending()
        // Demo editions (made from sample data) are shown only while the data is still the demo's.
        let project = try loadedProject().project
        if let config = project.config.archiveTimestamp {
            timestampAuthority = TimestampAuthority(url: config.url, roots: try timestampRoots(config))
        }
        demo = project.config.data.source == .files && SampleDataList.anyUnchanged(in: project.dataDirectory)
        guard options.recordsLedger || FileManager.default.fileExists(atPath: ledgerPath) else { return }
        do {
            let opened = try LedgerStore(path: ledgerPath, clock: options.clock)
            if options.recordsLedger { ledger = opened }
            // A log with no row at all, demo or not, is read whole: there may be a store to migrate.
            let all = try opened.editionLogMark(includingDemo: true)
            if all.count > 0 { logMark = demo ? all.mark : try opened.editionLogMark(includingDemo: false).mark }
        } catch { throw .ledger(path: ledgerPath, LedgerError(error)) }
        if logMark == nil { try readSealedEditions() }
    }

    mutating func readSealedEditions() throws(BuildError) {
        sealedRead = true
        let store = editions
        let keeps = options.recordsLedger && !options.checkOnly
        var rows: [SealedEdition] = []
        if options.recordsLedger || FileManager.default.fileExists(atPath: ledgerPath) {
            do {
                let reader = try ledger ?? LedgerStore(path: ledgerPath, clock: options.clock)
                rows = try reader.sealedEditions()
            } catch { throw .ledger(path: ledgerPath, LedgerError(error)) }
        }
        if rows.isEmpty {
            if FileManager.default.fileExists(atPath: store.marker.path) {
                throw .editionLog(.logMissing(ledger: ledgerPath, store: store.root.path))
            }
            rows = try EditionMigration(store: store).rows()
            if keeps, let ledger, !rows.isEmpty {
                do {
                    rows = try ledger.seal(rows)
                    try store.writeMarker()
                } catch { throw .editionLog(.notSealed(reason: "\(error)")) }
            }
        }
        let demoRows = demo ? [] : rows.filter(\.demo)
        if !demoRows.isEmpty {
            rows.removeAll(where: \.demo)
            let stillPublished = demoRows.filter { $0.bundlePath.map { FileManager.default.fileExists(atPath: options.output.appendingPathComponent($0).path) } ?? false }
            if !stillPublished.isEmpty {
                summary.warnings.append("\(NumberText.counted(demoRows.count, "demo edition")) left the site: they were made from sample data "
                    + "(\(SampleDataList.fileName)), never real; the edition log keeps them")
            }
        }
        sealed = SealedLog(rows)
        // The mark the no-op check used is the rows' own from here on.
        logMark = nil
    }
}
