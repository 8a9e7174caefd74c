import Core
import Foundation
import MarketData
import Project
import Tiers

extension Workspace {
    /// A new note or page: `path` (never over an existing file), with front matter the build reads.
    public func newContent(_ path: String, title: String, tier: TierID?, body: String, slug: String? = nil) throws(BuildError) {
        if let slug, !SiteConfigReader.isID(slug) {
            throw .invalidSlug(slug)
        }
        if let tier {
            let entitlements = try entitlements()
            do throws(TiersError) { _ = try entitlements.known(tier) } catch { throw .tiers(error) }
        }
        let url = root.appendingPathComponent(path)
        guard !FileManager.default.fileExists(atPath: url.path) else { throw .file(.alreadyExists(path: path)) }
        let quoted = "\"" + title.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
        let text = "---\ntitle: \(quoted)\ndescription: \"\"\n" + (tier.map { "tier: \($0)\n" } ?? "") + "---\n" + body
        do { try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true) } catch {
            throw .file(.cannotWrite(path: path, reason: error.localizedDescription))
        }
        guard FileManager.default.createFile(atPath: url.path, contents: Data(text.utf8)) else {
            throw .file(.cannotWrite(path: path, reason: "cannot create the file"))
        }
    }

    /// The trading day after the last one in the project's data (the cache, for data over HTTP).
    public func nextTradingDay(clock: Clock) throws(BuildError) -> Day {
        let build = Build(options: BuildOptions(root: root, output: site, clock: clock, offline: true, recordsLedger: false))
        let latest: Day
        do throws(BuildError) { latest = try build.run([.loadProject, .loadMarketData]).asOf } catch { throw .noLatestDay(error.cause) }
        var next = latest.adding(days: 1)
        while next.isWeekend { next = next.adding(days: 1) }
        return next
    }

    /// `fetch`: every symbol's data over HTTP into the cache, as a nightly build would.
    public func fetch(to day: Day?, clock: Clock, progress: @escaping @Sendable (Int, Int) -> Void) throws(BuildError) -> FetchResult {
        let project: Project
        do throws(ConfigErrors) { project = try Project.load(from: root) } catch { throw .config(error) }
        guard let http = project.config.data.http else { throw .nothingToFetch(source: "files") }
        let fetcher = project.marketFetcher(http, today: clock.today, offline: false)
        let started = DispatchTime.now()
        let outcomes = fetcher.fetch(project.dataSymbols, to: day ?? clock.today, progress: progress)
        let problems = outcomes.compactMap { outcome -> SymbolProblem? in
            switch outcome.state {
            case let .stale(reason): SymbolProblem(symbol: outcome.symbol, kind: .stale(reason))
            case let .failed(reason): SymbolProblem(symbol: outcome.symbol, kind: .failed(reason))
            default: nil
            }
        }
        return FetchResult(problems: problems, summary: FetchSummary(outcomes, seconds: started.secondsAgo))
    }
}

/// What `fetch` did: the symbols it could not bring up to date, and the counts.
public struct FetchResult: Sendable {
    public var problems: [SymbolProblem]
    public var summary: FetchSummary
}
