import Core
import Foundation
import Ledger
import MarketData
import Project
import Publishing
import Tiers

extension BuildStep {
    /// The pages that list symbols, rendered from the summaries once every symbol has streamed,
    /// with each tier's assets, key and feed; the public tier also gets its sitemap, robots,
    /// headers and status, and the public site every public key.
    public static let renderIndexPages = BuildStep(name: "index") { (context: inout BuildContext) throws(BuildError) in
        context.progress("rendering index pages")
        let (loaded, outputs, market) = (try context.loadedProject(), try context.stagedOutputs(), try context.marketSnapshot())
        let renderer = loaded.renderer
        let extras = SiteExtras(config: loaded.project.config)
        let publicKey = Array(outputs.signingKey.publicKeyFile.utf8)
        let problems = ProblemList()
        // Fewer tiers than jobs: a tier's editions and reports take the threads the other tiers would.
        let reportJobs = max(1, context.options.jobs / max(1, outputs.tiers.count))
        let editions = EditionMaker(renderer: renderer, callLog: context.callLog, pending: context.pendingEditions, jobs: reportJobs, problems: problems,
                                     tradingDays: market.tradingDays, publishesLive: context.options.publishesLive)
        // Tiers are independent, and within a tier the track record is apart from the other
        // pages: rendered side by side, each file into its own outputs.
        Parallel.forEach(outputs.tiers.count, jobs: context.options.jobs) { editions.make(outputs.tiers[$0]) }
        let render = { @Sendable (task: Int) in
            let tier = outputs.tiers[task / 2]
            do throws(ConfigError) {
                if task % 2 == 1 {
                    tier.trackRecord = try renderer.renderTrackRecord(tier.edition, emit: { tier.addListing($0, $1) }, ended: { tier.trackRecordEnded = ($0, $1) })
                    // What was kept is on disk: not held to the end of the build (a whole market's
                    // is tens of megabytes).
                    tier.update { edition, _ in edition.trackRecordEnded = [] }
                    return
                }
                // A day's bundle holds that day: every report goes to the site (a paid tier's past
                // lives in the edition store), the bundle gets the day's own report and its index.
                // A tier without a site (a paid tier's bundle) needs of the archive only what its feeds carry.
                let edition = tier.site == nil ? tier.edition.feedsOnly(newest: SiteRenderer.feedEntries) : tier.edition
                try renderer.renderIndexPages(edition, emit: { path, bytes in tier.addListing(path, bytes) },
                                              keep: { tier.keepFromSite($0) }, rendered: { tier.rendered($0, $1) }, jobs: reportJobs)
                if tier.zip != nil, tier.edition.showsReports {
                    // A paid tier's bundle has feeds of its own day, linking within it; the public bundle none.
                    try renderer.renderReports(tier.edition.holding(only: tier.asOf), emit: { tier.addToBundle($0, $1) }, withFeeds: !tier.isPublic)
                }
            } catch { problems.add(.template(error)) }
            for path in renderer.assets.files.paths { tier.add(path, renderer.assets.files[path]!) }
            tier.add("keys/signing.pub", publicKey)
        }
        renderTiers(outputs.tiers.count, jobs: context.options.jobs, render)
        if let problem = problems.error { throw problem }
        var edits: [String] = []
        for tier in outputs.tiers { edits += renderer.frozenNoteEdits(tier.edition).filter { !edits.contains($0) } }
        context.summary.warnings += edits
        // A paid tier previewed unzipped is served with the public site's security headers, as unpacking it would be.
        for tier in outputs.tiers where !tier.isPublic && tier.site?.isWholeSite == true { tier.addToSite("_headers", Array(extras.headers().utf8)) }
        for tier in outputs.tiers where tier.isPublic && tier.site != nil {
            // The public tier's bundle is the public site, less the other keys' files.
            for (path, text) in extras.files(pages: tier.pages, edition: tier.edition, problems: market.source.failed) {
                tier.addListing(path, Array(text.utf8))
            }
            for key in outputs.publicKeys { tier.addToSite("keys/\(key.id).pub", Array(key.file.utf8)) }
            context.summary.warnings += context.keepFrozenSymbolPages(tier)
            context.summary.pages = tier.pages.count
            context.summary.charts = tier.chartCount
        }
    }

    /// Task `2 * tier` renders a tier's pages, `2 * tier + 1` its track record. With no more jobs
    /// than tiers, one lane renders each tier's pages in turn and the other each track record:
    /// two tiers' pages at once held two whole-market reports and their feeds, 21 MiB more at
    /// 10,000 symbols, for 7 s less of a 200 s build.
    static func renderTiers(_ count: Int, jobs: Int, _ render: @escaping @Sendable (Int) -> Void) {
        guard jobs <= count else { return Parallel.forEach(count * 2, jobs: jobs, render) }
        Parallel.forEach(2, jobs: jobs) { lane in
            for tier in 0..<count { render(tier * 2 + lane) }
        }
    }

    /// Fails closed when any tier's output held what it may not see; the check itself ran on
    /// every file as it was written.
    public static let checkLeaks = BuildStep(name: "leak_check") { (context: inout BuildContext) throws(BuildError) in
        let (loaded, outputs) = (try context.loadedProject(), try context.stagedOutputs())
        let leaks = outputs.tiers.flatMap(\.leaks).sorted { $0.file < $1.file }
        guard leaks.isEmpty else { throw .leak(leaks.map { loaded.entitlements.explain($0) }) }
        for tier in outputs.tiers where !tier.keptInPastEditions.isEmpty {
            context.summary.warnings.append("\(tier.keptInPastEditions.sorted().joined(separator: ", ")): no longer seen by \(tier.tier.id); "
                + "the \(tier.tier.id) editions that already published them keep them (past reports, the feeds, the track record), new ones leave them out")
        }
    }

    /// Each tier's zip finished (the files of no symbol, the central directory), with its manifest
    /// and signature; the manifest names the tier's previous edition. A tier whose day is sealed
    /// already makes no new bundle: the sealed one is published again, byte for byte, and a
    /// change in that day's data since is reported, not published.
    public static let sealBundles = BuildStep(name: "bundles") { (context: inout BuildContext) throws(BuildError) in
        let outputs = try context.stagedOutputs()
        for tier in outputs.tiers {
            guard let zip = tier.zip else { continue }
            let revises = context.revising(tier.tier.id, tier.asOf) ? context.sealed.edition(tier.tier.id, tier.asOf) : nil
            if revises == nil, let sealed = context.sealed.edition(tier.tier.id, tier.asOf) {
                _ = try? zip.seal()
                outputs.staging.withdraw(tier.bundle.archive)
                let callLog = context.callLog
                context.summary.warnings += BuildContext.revisedSinceSealed(tier, sealed, callLog: callLog)
                if let bundle = sealed.bundle, let date = sealed.bundleDate {
                    context.artifacts.append(LedgerStore.Artifact(tier: tier.tier.id, date: date, path: bundle.path, bytes: bundle.bytes, sha256: bundle.sha256))
                }
                continue
            }
            context.progress("bundling \(tier.tier.id)")
            let path = tier.bundle
            let staging = outputs.staging
            do {
                let sealed = try zip.seal()
                staging.adopt(path.archive)
                let manifest = try Manifest(tier: tier.tier.id, date: path.date.iso, keyID: outputs.signingKey.id,
                                            archive: .init(path: path.archiveName, bytes: sealed.bytes, sha256: sealed.sha256),
                                            files: sealed.files, previous: context.sealed.head(tier.tier.id),
                                            revision: path.revision, revises: revises?.contentHash).encoded()
                staging.write(path.manifest, manifest)
                staging.write(path.signature, try outputs.signingKey.sign(manifest))
                let archive = PublishedFile(path: path.archive, bytes: sealed.bytes, sha256: sealed.sha256)
                tier.sealedBundle = .init(archive: archive, manifestHash: Hex.sha256(manifest))
                context.summary.bundleFiles.append((tier.tier.id, sealed.files.count))
                // The edition of the tier's own date, made by this build, names the bundle.
                if tier.edition.made.summaries[tier.asOf] != nil {
                    guard var newest = tier.edition.made.load(tier.asOf) else { throw CocoaError(.fileReadCorruptFile) }
                    newest.bundle = archive
                    let calls = context.callLog.calls(date: tier.asOf, day: tier.asOf, symbols: tier.edition.symbols)
                    try EditionStore.stage(newest, calls: calls, in: context.pendingEditions)
                    tier.update { _, marks in marks[tier.asOf]?.sha256 = sealed.sha256 }
                }
                context.artifacts.append(LedgerStore.Artifact(tier: tier.tier.id, date: path.date.iso, path: path.archive,
                                                              bytes: sealed.bytes, sha256: sealed.sha256))
            } catch {
                throw .bundleNotSealed(tier: tier.tier.id, reason: "\(error)")
            }
            context.summary.bundles += 1
        }
        try context.republishKeptBundles()
    }

    /// The ledger is opened (and migrated) first, so a ledger that cannot be written stops the
    /// build while the previous site is still in place; then the staging site is swapped in.
    public static let publish = BuildStep(name: "publish") { (context: inout BuildContext) throws(BuildError) in
        context.progress("writing \(context.options.output.path)")
        if context.options.recordsLedger, context.ledger == nil {
            do { context.ledger = try LedgerStore(path: context.ledgerPath, clock: context.options.clock) } catch { throw .ledger(path: context.ledgerPath, LedgerError(error)) }
        }
        let staging = try context.stagedOutputs().staging
        do throws(PublishingError) { try staging.publish() } catch { throw .publishing(error) }
        context.staging = nil
        context.summary.files = staging.files
        context.summary.bytes = staging.bytes
        context.summary.rewritten = staging.rewritten
    }

    /// The ledger records what was actually published, so it is written after the swap.
    public static let record = BuildStep(name: "ledger") { (context: inout BuildContext) throws(BuildError) in
        guard let ledger = context.ledger else { return }
        context.progress("recording in the ledger")
        do {
            // A build killed after sealing, before this step, published bundles the ledger has not
            // recorded: they are recorded now (once; recording is idempotent).
            let key = { (artifact: LedgerStore.Artifact) in "\(artifact.tier) \(artifact.date) \(artifact.sha256)" }
            let known = Set((try ledger.artifacts() + context.artifacts).map(key))
            context.artifacts += context.sealed.artifacts.filter { !known.contains(key($0)) }
            context.summary.ledgerEvents = try ledger.recordBuild(asOf: context.summary.asOf, started: context.startedAt, finished: context.finishedAt,
                                                                 outcome: "published", files: context.summary.files, bytes: context.summary.bytes,
                                                                 artifacts: context.artifacts).events.recorded
        } catch { throw .ledgerAfterPublish(LedgerError(error)) }
    }

    /// What this build read and wrote, so that the next one can tell it has nothing to do.
    public static let saveState = BuildStep(name: "state") { (context: inout BuildContext) throws(BuildError) in
        if let outputs = context.outputs, context.options.revising == nil, context.options.recordsLedger, !context.options.checkOnly {
            ReportPageMemo.save(outputs.tiers, layout: context.layoutKey, context.state)
            let (state, layout, kept) = (context.state, context.layoutKey, context.keptTrackRecords)
            // Each tier's track record: the calls it ended tonight appended, side by side.
            Parallel.forEach(outputs.tiers.count, jobs: context.options.jobs) { index in
                let tier = outputs.tiers[index]
                KeptTrackRecord.save(tier.trackRecord, ended: tier.trackRecordEnded, after: kept[tier.tier.id], tier.tier.id, layout: layout, state)
                tier.trackRecordEnded = (0, [])
            }
        }
        guard var inputs = context.inputs else { return }
        // A key created by this build is part of the next build's inputs.
        if context.summary.generatedKey != nil { inputs = try context.fingerprint() }
        // So is what it sealed: the inputs' hash, and the log as this build left it.
        inputs = String(inputs.prefix(64)) + " log " + context.sealed.mark
        let summary = context.summary
        BuildState(fingerprint: inputs, output: context.options.output.standardizedFileURL.path, asOf: summary.asOf,
                   counts: ["pages": summary.pages, "charts": summary.charts, "bundles": summary.bundles, "files": summary.files, "bytes": summary.bytes],
                   outputDigest: BuildState.scan(context.options.output)).save(context.state)
    }
}

extension Entitlements {
    /// A symbol leak with the note or page that most likely put it there (a free note that
    /// names a paid symbol) and the fix: the front matter's `tier:` of the lowest tier that sees it.
    func explain(_ leak: LeakCheck.Leak) -> LeakCheck.Leak {
        guard let symbol = leak.symbol else { return leak }
        let sees = lowestTier(seeing: symbol)
        let mentions = (project.notes + project.pages).filter { page in
            page.tier == nil && page.source.split(whereSeparator: { !$0.isLetter && !$0.isNumber && $0 != "." }).contains { $0 == symbol }
        }
        guard let page = mentions.first(where: { leak.file.contains($0.date?.iso ?? $0.slug) }) ?? mentions.first else { return leak }
        var explained = leak
        explained.hint = "\(page.file) mentions \(symbol): add `tier: \(sees?.id.value ?? "a higher tier")` to its front matter, "
            + "or take \(symbol) out of it"
        return explained
    }
}

extension BuildContext {
    /// Every bundle sealed before stays published, byte for byte, from the edition store (the
    /// newest `archive.keep_days` of them, when that is set), whatever day this build is for:
    /// a build of an earlier day, or `backfill`, never unpublishes a later one.
    mutating func republishKeptBundles() throws(BuildError) {
        let (outputs, keep) = (try stagedOutputs(), try loadedProject().project.config.archiveKeepDays)
        let (store, sealed) = (editions, sealed)
        let tiers = outputs.tiers.filter { $0.zip != nil }
        let notPublished = Slots<Int>(count: tiers.count)
        let lost = ProblemList()
        // Tiers side by side: each links hundreds of sealed bundles a night.
        Parallel.forEach(tiers.count, jobs: options.jobs) { index in
            let tier = tiers[index]
            let sealedBundles = sealed.bundles(tier.tier.id)
            let all = Set(sealedBundles.map(\.date)).union(tier.sealedBundle == nil ? [] : [tier.bundle.date]).sorted()
            let shown = Set(keep.map { Array(all.suffix(max(1, $0))) } ?? all)
            notPublished.set(index, Set(sealedBundles.map(\.date)).subtracting(shown).count)
            for bundle in sealedBundles where shown.contains(bundle.date) {
                let kept = store.bundleFolder(bundle)
                // And a timestamp, where the edition was a chain head when one was asked for.
                let missing = outputs.staging.linkIn([bundle.archiveName, "manifest.json", "manifest.sig", BundlePath.timestampName], of: kept, at: bundle.folder)
                if let name = missing.first(where: { $0 != BundlePath.timestampName }) { lost.add(.keptBundleNotRepublished(path: kept + "/" + name)) }
            }
        }
        if let problem = lost.error { throw problem }
        let notPublishedCount = tiers.indices.map { notPublished.get($0) }.reduce(0, +)
        summary.editionsNotPublished += notPublishedCount
    }

    /// A symbol the public site's sealed editions showed that is no longer in its watchlists
    /// keeps its page as last published (from the site, else the newest sealed bundle that has
    /// it), so the past reports that link to it still resolve. Those bytes were published
    /// already: they are carried over as they are, not checked again.
    func keepFrozenSymbolPages(_ tier: TierOutput) -> [String] {
        guard let site = tier.site else { return [] }
        // Every symbol the editions showed, as the track record read them (no edition is read again for it).
        let shown = tier.trackRecord?.symbols ?? tier.edition.archive.symbolsShown
        let gone = shown.subtracting(tier.edition.symbols.map(\.value))
        guard !gone.isEmpty else { return [] }
        // Sealed bundles, newest first, unpacked only while a page is still missing (a site removed by hand).
        var bundles = sealed.bundles(tier.tier.id).filter { $0.revision == nil }.reversed().makeIterator()
        var unpacked: [[String: [UInt8]]] = []
        var kept: [String] = []
        for symbol in gone.sorted() {
            let folder = options.output.appendingPathComponent("symbols/\(symbol)")
            var files = ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []).compactMap { name in
                FileManager.default.contents(atPath: folder.appendingPathComponent(name).path).map { ("symbols/\(symbol)/\(name)", [UInt8]($0)) }
            }
            var searched = 0
            while files.isEmpty {
                if searched == unpacked.count {
                    guard let bundle = bundles.next() else { break }
                    unpacked.append(FileManager.default.contents(atPath: editions.bundleFile(bundle, bundle.archive).path)
                        .flatMap { try? BundleArchive.unzip([UInt8]($0)) } ?? [:])
                }
                files = unpacked[searched].filter { $0.key.hasPrefix("symbols/\(symbol)/") }.map { ($0.key, $0.value) }
                searched += 1
            }
            for (path, bytes) in files { site.write(path, bytes) }
            if !files.isEmpty { kept.append(symbol) }
        }
        return kept.isEmpty ? [] : ["\(kept.joined(separator: ", ")): no longer in the public watchlists; "
            + (kept.count == 1 ? "its page stays" : "their pages stay") + " as last published, so past reports' links resolve"]
    }

    /// The calls a sealed day would have now, against those it published: a revised close or
    /// action is named, and the published edition stands.
    static func revisedSinceSealed(_ tier: TierOutput, _ sealed: SealedEdition, callLog: CallLog) -> [String] {
        guard let published = tier.edition.archive.marks(tier.asOf) else { return [] }
        let fresh: [EditionSnapshot.Call] = callLog.calls(date: tier.asOf, day: tier.asOf, symbols: tier.edition.symbols).marks
        let now = Dictionary(fresh.map { ($0.symbol, $0) }, uniquingKeysWith: { first, _ in first })
        var changed: [String] = []
        for call in published.calls {
            guard let fresh = now[call.symbol] else { continue }
            if fresh.action != call.action {
                changed.append("\(call.symbol) \(call.action) → \(fresh.action)")
            } else if fresh.close != call.close {
                changed.append("\(call.symbol) close \(NumberText.shortest(call.close)) → \(NumberText.shortest(fresh.close))")
            }
        }
        guard !changed.isEmpty else { return [] }
        return ["\(sealed.date) (\(tier.tier.id)) is sealed, and its data has changed since (\(changed.prefix(5).joined(separator: ", "))"
            + (changed.count > 5 ? ", and \(changed.count - 5) more" : "") + "): the published edition stands; "
            + "`signalpress editions revise \(sealed.date) --tier \(tier.tier.id) --reason \"...\"` publishes a correction"]
    }
}
