import Core
import Ledger
import MarketData
import Preview
import Project
import Publishing
import Tiers

/// Why a build, or a command's work on a project, did nothing. Each case carries its data; its
/// sentence is written here and nowhere else. The other modules' errors are wrapped whole. In
/// every case the previous site and the ledger are left as they were.
public enum BuildError: Error, Equatable, CustomStringConvertible {
    /// `content/` or `Templates/` does not load: every file's first problem.
    case config(ConfigErrors)
    /// A template fails to render (a value the view lacks, a partial that is missing).
    case template(ConfigError)
    /// Market data files that cannot be read, each at `file:line`.
    case data([DataIssue])
    /// No symbol has a bar at or before the build date.
    case noData(asOf: Day?, problems: [SymbolProblem])
    /// `--strict`: symbols that could not be refreshed.
    case strict([SymbolProblem])
    /// A tier's output holds what it may not see.
    case leak([LeakCheck.Leak])
    /// Keys, links or bundles.
    case tiers(TiersError)
    /// The next site could not be staged or swapped in.
    case publishing(PublishingError)
    /// A file of the project's own (a secret, a key) could not be written.
    case project(ProjectError)
    /// The ledger cannot be opened before publishing.
    case ledger(path: String, LedgerError)
    /// A ledger operation a command asked for was refused or failed.
    case ledgerFailed(LedgerError)
    /// The site was published, but the ledger could not record it.
    case ledgerAfterPublish(LedgerError)
    /// The members' revocation list could not be read from the ledger or written.
    case revocationsNotWritten(path: String, reason: String)
    /// The edition of `day` could not be written (`reason`: the system's words).
    case editionNotWritten(day: Day, reason: String)
    /// A tier's bundle could not be sealed.
    case bundleNotSealed(tier: TierID, reason: String)
    /// A bundle an earlier build published could not be put back into the site.
    case keptBundleNotRepublished(path: String)
    /// `archive.timestamp.ca` is not a file of PEM certificates.
    case timestampCA(path: String)
    /// The edition log could not be read or written.
    case editionLog(EditionLogProblem)
    /// The log of the calls this build made could not be written.
    case callLogNotWritten(path: String, reason: String)
    /// Links in the public site that lead nowhere (`signalpress check`).
    case links([BrokenLink])
    /// `backup` and `restore`.
    case backup(BackupProblem)
    /// A command's file work: a file or folder that could not be read, made or removed.
    case file(FileProblem)
    /// `clean` was pointed at a folder SignalPress did not build.
    case notOurSite(PublishingError)
    /// `serve` could not listen.
    case preview(PreviewServer.Failure)
    /// `new page`: a slug that is not an id.
    case invalidSlug(String)
    /// `data.source: files`: there is nothing to fetch.
    case nothingToFetch(source: String)
    /// The day a note is for could not be worked out from the data.
    case delivery(DeliveryProblem)
    indirect case noLatestDay(BuildError)
    /// A list of steps that runs a step before the one that makes what it needs.
    case stepOutOfOrder(needs: String)
    /// The step that failed, around what failed in it.
    indirect case inStep(String, BuildError)
    /// More than one of the above, every one listed.
    indirect case several([BuildError])

    public var description: String {
        switch self {
        case let .config(errors): errors.description
        case let .template(error): error.description
        case let .data(issues): issues.map(\.description).joined(separator: "\n")
        case let .noData(asOf, problems):
            (problems.map(\.description) + [asOf.map { "no market data at or before \($0)" } ?? "no symbol has data"]).joined(separator: "\n")
                + "; nothing was published"
        case let .strict(problems): problems.map(\.description).joined(separator: "\n") + "\n--strict: nothing was published"
        case let .leak(leaks):
            leaks.prefix(20).map(\.description).joined(separator: "\n")
                + (leaks.count > 20 ? "\n... and \(leaks.count - 20) more" : "") + "\nnothing was published"
        case let .tiers(error): error.description
        case let .publishing(error): error.description
        case let .project(error): error.description
        case let .ledger(path, error): "\(path): cannot open the ledger: \(error)"
        case let .ledgerFailed(error): error.description
        case let .ledgerAfterPublish(error): "the site was published but the ledger could not record it: \(error)"
        case let .revocationsNotWritten(path, reason):
            "\(path): cannot write the members' revocation list (\(reason)); the edge goes on refusing only what the last list refused"
        case let .editionNotWritten(day, reason): "cannot write the edition of \(day): \(reason)"
        case let .bundleNotSealed(tier, reason): "cannot build the \(tier) bundle: \(reason)"
        case let .keptBundleNotRepublished(path): "cannot publish the kept bundle \(path) again"
        case let .timestampCA(path): "archive.timestamp.ca: \(path) is not a file of PEM certificates (the time-stamp authority's CA)"
        case let .editionLog(problem): problem.description
        case let .callLogNotWritten(path, reason): "cannot write \(path): \(reason)"
        case let .links(broken): broken.map(\.description).joined(separator: "\n")
        case let .backup(problem): problem.description
        case let .file(problem): problem.description
        case let .notOurSite(error): "\(error); clean removes only a site SignalPress built"
        case let .preview(error): error.description
        case let .invalidSlug(slug): "slug '\(slug)' may contain only \(SiteConfigReader.idPattern)"
        case let .nothingToFetch(source): "content/site.yml: data.source is \(source); there is nothing to fetch"
        case let .delivery(problem): problem.description
        case let .noLatestDay(error): "\(error)\n(give the note's date: signalpress new note YYYY-MM-DD)"
        case let .stepOutOfOrder(needs): "a build step ran before the '\(needs)' step it needs"
        case let .inStep(_, error): error.description
        case let .several(problems): problems.map(\.description).joined(separator: "\n")
        }
    }

    /// The name of the build step that failed, when a step did.
    public var step: String? {
        if case let .inStep(name, _) = self { return name }
        return nil
    }

    /// The error without the step it happened in.
    public var cause: BuildError {
        if case let .inStep(_, error) = self { return error.cause }
        return self
    }
}

/// A symbol whose data could not be brought up to date.
public struct SymbolProblem: Sendable, Equatable, CustomStringConvertible {
    public enum Kind: Sendable, Equatable {
        /// The newest bar is older than `data.stale_after_days` allows (`reason` says how old).
        case stale(String)
        /// Fetching failed (`reason`: the provider's or the network's words).
        case failed(String)
    }
    public var symbol: Symbol
    public var kind: Kind

    public var description: String {
        switch kind {
        case let .stale(reason): "\(symbol) is stale: \(reason)"
        case let .failed(reason): "\(symbol) failed: \(reason)"
        }
    }
}

/// A link in a page of the site that leads to no file of it.
public struct BrokenLink: Sendable, Equatable, Comparable, CustomStringConvertible {
    public var page: String
    public var target: String

    public var description: String { "\(page): link to '\(target)' leads to no file of the site" }
    public static func < (a: BrokenLink, b: BrokenLink) -> Bool { a.description < b.description }
}

/// A file or folder a command could not read, make or remove.
public enum FileProblem: Sendable, Equatable, CustomStringConvertible {
    case cannotRead(path: String)
    case cannotWrite(path: String, reason: String)
    case cannotRemove(path: String, reason: String)
    case notEmpty(path: String)
    case alreadyExists(path: String)
    case insideSite(named: String, what: String, site: String)

    public var description: String {
        switch self {
        case let .cannotRead(path): "\(path): cannot read the file"
        case let .cannotWrite(path, reason): "\(path): cannot write (\(reason))"
        case let .cannotRemove(path, reason): "\(path): cannot remove (\(reason))"
        case let .notEmpty(path): "\(path): already exists and is not empty; choose a new directory"
        case let .alreadyExists(path): "\(path) already exists; edit it instead"
        case let .insideSite(named, what, site): "\(named) is inside the output directory \(site), which is published; keep \(what) out of it"
        }
    }
}

extension BuildError {
    /// One error for a list of them: nil for none, the error itself for one, `.several` otherwise
    /// (data issues of different symbols merged into one list; the same sentence only once, as
    /// when every tier's copy of one template fails alike).
    static func combining(_ problems: [BuildError]) -> BuildError? {
        var issues: [DataIssue] = []
        var rest: [BuildError] = []
        var seen = Set<String>()
        for problem in problems where seen.insert(problem.description).inserted {
            if case let .data(more) = problem { issues += more } else { rest.append(problem) }
        }
        let all = (issues.isEmpty ? [] : [BuildError.data(issues.sorted { $0.description < $1.description })]) + rest
        return all.count <= 1 ? all.first : .several(all)
    }
}
