import Core
import Foundation
import MarketData

/// A SignalPress project on disk: `content/` (configuration, watchlists, pages, notes, data)
/// and an optional `Templates/` that overrides the default theme file by file.
public struct Project: Sendable {
    public var root: URL
    public var config: SiteConfig
    public var watchlists: [Watchlist]
    public var pages: [ContentPage]
    public var notes: [ContentPage]

    public var contentDirectory: URL { root.appendingPathComponent("content") }
    public var templatesDirectory: URL { root.appendingPathComponent("Templates") }
    public var dataDirectory: URL { contentDirectory.appendingPathComponent(config.data.directory) }
    public var stateDirectory: URL { root.appendingPathComponent(".signalpress") }

    /// Every symbol of every watchlist, once, in order of first appearance.
    public var symbols: [Symbol] {
        var seen = Set<Symbol>()
        return watchlists.flatMap(\.symbols).filter { seen.insert($0).inserted }
    }

    /// The symbols whose data a build reads: every watchlist's, and the benchmark.
    public var dataSymbols: [Symbol] {
        guard let benchmark = config.benchmark, !symbols.contains(benchmark) else { return symbols }
        return symbols + [benchmark]
    }

    /// Loads and validates the whole project, reporting every file's first problem together.
    public static func load(from root: URL) throws(ConfigErrors) -> Project {
        let content = root.appendingPathComponent("content")
        var errors: [ConfigError] = []
        var watchlists: [Watchlist] = []
        for file in markdownOrYAML(in: content.appendingPathComponent("watchlists"), extension: "yml") {
            let id = file.deletingPathExtension().lastPathComponent
            let display = "content/watchlists/\(file.lastPathComponent)"
            guard SiteConfigReader.isID(id) else {
                errors.append(ConfigError(file: display, line: 1, column: 1, message: "watchlist file name '\(id)' may contain only \(SiteConfigReader.idPattern)"))
                continue
            }
            do throws(ConfigError) { watchlists.append(try Watchlist.read(read(file, inside: root), id: id, file: display)) }
            catch { errors.append(error) }
        }
        let siteFile = content.appendingPathComponent("site.yml")
        guard FileManager.default.fileExists(atPath: siteFile.path) else {
            throw ConfigErrors([ConfigError(file: "content/site.yml", line: 1, column: 1,
                                            message: "no site.yml: is \(root.path) a SignalPress project? (`signalpress init DIR` creates one)")])
        }
        var config: SiteConfig?
        do throws(ConfigError) { config = try SiteConfigReader.read(read(siteFile, inside: root), file: "content/site.yml", watchlists: watchlists.map(\.id)) }
        catch { errors.append(error) }
        if watchlists.isEmpty && errors.isEmpty {
            errors.append(ConfigError(file: "content/watchlists", line: 1, column: 1, message: "no watchlists: add content/watchlists/<id>.yml"))
        }
        let tiers = config?.tiers.map(\.id) ?? []
        var pages: [ContentPage] = [], notes: [ContentPage] = []
        for (kind, folder) in [(ContentPage.Kind.page, "pages"), (.note, "notes")] {
            for file in markdownOrYAML(in: content.appendingPathComponent(folder), extension: "md") {
                let display = "content/\(folder)/\(file.lastPathComponent)"
                do throws(ConfigError) {
                    let page = try ContentPage.read(read(file, inside: root), kind: kind, fileStem: file.deletingPathExtension().lastPathComponent,
                                                    file: display, tiers: tiers, rawHTML: config?.markdown.rawHTML ?? false)
                    if kind == .page, let other = pages.first(where: { $0.slug == page.slug }) {
                        throw ConfigError(file: display, line: 1, column: 1, message: "slug '\(page.slug)' is already used by \(other.file)")
                    }
                    if kind == .page { pages.append(page) } else { notes.append(page) }
                } catch { errors.append(error) }
            }
        }
        // Two watchlists may both name a symbol, but not differently: the dashboard shows it once.
        var said: [Symbol: (details: SymbolDetails, file: String)] = [:]
        for watchlist in watchlists {
            for symbol in watchlist.symbols {
                guard let details = watchlist.details[symbol] else { continue }
                let file = "content/watchlists/\(watchlist.id).yml"
                if let earlier = said[symbol] {
                    for (key, mine, theirs) in [("name", details.name, earlier.details.name), ("sector", details.sector, earlier.details.sector)]
                    where mine != nil && theirs != nil && mine != theirs {
                        errors.append(ConfigError(file: file, line: details.line, column: 1,
                                                  message: "\(symbol) has \(key) '\(mine!)' here but '\(theirs!)' in \(earlier.file)"))
                    }
                } else {
                    said[symbol] = (details, file)
                }
            }
        }
        guard errors.isEmpty, let config else { throw ConfigErrors(errors) }
        return Project(root: root, config: config, watchlists: watchlists, pages: pages, notes: notes)
    }

    public static func markdownOrYAML(in directory: URL, extension ext: String) -> [URL] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        return names.filter { $0.hasSuffix(".\(ext)") && !$0.hasPrefix(".") }.sorted().map { directory.appendingPathComponent($0) }
    }

    /// A file of the project as UTF-8 text. A symbolic link is followed only while it stays
    /// inside the project: content must not pull in `/etc/passwd` or another user's files.
    static func read(_ file: URL, inside root: URL) throws(ConfigError) -> String {
        if let problem = FileProvider.outside(file, root: root) {
            throw ConfigError(file: file.lastPathComponent, line: 1, column: 1, message: problem)
        }
        guard let data = FileManager.default.contents(atPath: file.path), let text = String(data: data, encoding: .utf8) else {
            throw ConfigError(file: file.lastPathComponent, line: 1, column: 1, message: "cannot read the file as UTF-8 text")
        }
        return text
    }

    /// What a build should warn about in the content: raw HTML that was left out, at `file:line`.
    public var contentWarnings: [String] {
        (pages + notes).flatMap { page in
            page.droppedHTMLLines.map {
                "\(page.file):\($0): raw HTML left out of the page (allow_html: true in its front matter, or markdown: { raw_html: true } in site.yml, keeps it)"
            }
        }
    }

    /// The watchlists a tier may see, in configuration order.
    public func watchlists(for tier: TierConfig) -> [Watchlist] { watchlists.filter { tier.sees(watchlist: $0.id) } }
}
