import Core
import Crypto
import Foundation
import Synchronization
import MarketData
import Project
import Publishing

/// What `serve` keeps between rebuilds, so that an edit redoes only what it affects: for each
/// symbol, the files it rendered and its summaries. A symbol is taken from the memo, its files
/// read back from the last build's output (the folder being served), while its data file is the same file unchanged and so is
/// everything else its pages show: the configuration, watchlists and theme, the titles of pages
/// and notes (the navigation), the dates, the hook's word on it. A page or note edit therefore
/// re-renders the index and content pages only; a data edit re-runs that symbol only; anything
/// else re-runs every symbol. Only one output at a time (a preview) is memoised.
public final class PreviewMemo: Sendable {
    struct Entry: Sendable {
        var key: String
        var paths: [String]
        var summary: (byDate: [Day: SymbolSummary], adjusted: Bool)
        var calls: [Call]
    }

    /// A call the symbol's analysis made, replayed into the call log when the symbol is reused.
    struct Call: Sendable {
        var date: Day
        var day: Day
        var call: EditionSnapshot.Call
    }

    private struct State {
        var entries: [Symbol: Entry] = [:]
        var pending: [Symbol: Entry] = [:]
        var reused = 0
    }
    private let state = Mutex(State())

    public init() {}

    func entry(_ symbol: Symbol, key: String) -> Entry? {
        state.withLock { $0.entries[symbol].flatMap { $0.key == key ? $0 : nil } }
    }

    func remember(_ symbol: Symbol, _ entry: Entry, reused wasReused: Bool = false) {
        state.withLock { state in
            state.pending[symbol] = entry
            if wasReused { state.reused += 1 }
        }
    }

    /// Symbols of the build under way taken from the memo.
    var reusedSoFar: Int { state.withLock { $0.reused } }

    /// The files at `paths` below `folder`, or nil when one cannot be read.
    static func read(_ paths: [String], from folder: URL) -> [(String, [UInt8])]? {
        var files: [(String, [UInt8])] = []
        for path in paths {
            guard let data = FileManager.default.contents(atPath: folder.appendingPathComponent(path).path) else { return nil }
            files.append((path, [UInt8](data)))
        }
        return files
    }

    /// A build starts: nothing of an earlier one that failed is carried over.
    func begin() {
        state.withLock { state in
            state.pending = [:]
            state.reused = 0
        }
    }

    /// The build published: what it rendered is what the next one may reuse.
    func commit() {
        state.withLock { state in
            state.entries = state.pending
            state.pending = [:]
            state.reused = 0
        }
    }

    /// Forgets everything (the last build's files can no longer be read back).
    public func reset() { state.withLock { $0 = State() } }

    /// The part of a symbol's key that every symbol shares: all the inputs of its pages but its data.
    static func sharedKey(_ project: Project, tier: TierOutput, tradingDays: [Day], market: MarketSource) -> String {
        var hasher = SHA256()
        func feed(_ text: String) { hasher.update(data: Data((text + "\u{0}").utf8)) }
        feed(tier.tier.id.value)
        feed(tradingDays.map(\.iso).joined(separator: ","))
        feed(tier.edition.archive.summaries.keys.sorted().map(\.iso).joined(separator: ","))
        let content = project.contentDirectory
        for file in ["site.yml"] + Project.markdownOrYAML(in: content.appendingPathComponent("watchlists"), extension: "yml").map({ "watchlists/" + $0.lastPathComponent }) {
            feed(file)
            hasher.update(data: FileManager.default.contents(atPath: content.appendingPathComponent(file).path) ?? Data())
        }
        for page in project.pages + project.notes {
            feed([page.file, page.slug, page.title, page.description, page.date?.iso ?? "", page.tier?.value ?? ""].joined(separator: "\u{1}"))
        }
        feed(BuildState.fingerprint(folders: [project.templatesDirectory], keys: project.state.keys, options: []))
        // Every symbol page compares with the benchmark: a benchmark edit touches every page.
        if let benchmark = project.config.benchmark { feed(market.dataKey(benchmark) ?? "") }
        return Hex.string(hasher.finalize())
    }
}

extension MarketSource {
    /// The data file's identity and age (inode, size, modification time); nil for fetched data.
    func dataKey(_ symbol: Symbol) -> String? {
        guard case let .files(provider) = origin else { return nil }
        var info = stat()
        guard stat(provider.directory.appendingPathComponent("\(symbol.value).csv").path, &info) == 0 else { return nil }
        return "\(info.st_ino) \(info.st_size) \(info.st_mtim.tv_sec).\(info.st_mtim.tv_nsec) \(notRefreshed[symbol] ?? "")"
    }
}
