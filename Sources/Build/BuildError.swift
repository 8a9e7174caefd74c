import Core
import MarketData
import Project
import Publishing
import Tiers

/// Why a build published nothing. Each case carries its data; its sentence is written here and
/// nowhere else. In every case the previous site and the ledger are left as they were.
public enum BuildError: Error, CustomStringConvertible {
    /// `content/` or `Templates/` does not load: every file's first problem.
    case config(ConfigErrors)
    /// A template fails to render (a value the view lacks, a partial that is missing).
    case template(ConfigError)
    /// Market data files that cannot be read, each at `file:line`.
    case data([DataIssue])
    /// No symbol has a bar at or before the build date.
    case noData(asOf: Day?, problems: [String])
    /// `--strict`: symbols that could not be refreshed.
    case strict([String])
    /// A tier's output holds what it may not see.
    case leak([LeakCheck.Leak])
    /// The signing key cannot be read or made.
    case keys(String)
    /// The ledger cannot be opened before publishing.
    case ledger(path: String, reason: String)
    /// The site was published, but the ledger could not record it.
    case ledgerAfterPublish(String)
    /// Something could not be written into the staging directory or swapped into place.
    case write(String)
    /// Links in the public site that lead nowhere (`signalpress check`).
    case links([String])
    /// More than one of the above, every one listed.
    indirect case several([BuildError])

    public var description: String {
        switch self {
        case let .config(errors): errors.description
        case let .template(error): error.description
        case let .data(issues): issues.map(\.description).joined(separator: "\n")
        case let .noData(asOf, problems):
            (problems + [asOf.map { "no market data at or before \($0)" } ?? "no symbol has data"]).joined(separator: "\n") + "; nothing was published"
        case let .strict(problems): problems.joined(separator: "\n") + "\n--strict: nothing was published"
        case let .leak(leaks):
            leaks.prefix(20).map(\.description).joined(separator: "\n")
                + (leaks.count > 20 ? "\n... and \(leaks.count - 20) more" : "") + "\nnothing was published"
        case let .keys(reason): reason
        case let .ledger(path, reason): "\(path): cannot open the ledger: \(reason)"
        case let .ledgerAfterPublish(reason): "the site was published but the ledger could not record it: \(reason)"
        case let .write(reason): reason
        case let .links(broken): broken.joined(separator: "\n")
        case let .several(problems): problems.map(\.description).joined(separator: "\n")
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
