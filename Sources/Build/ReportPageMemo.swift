import Core
import Foundation
import Project
import Publishing

/// `.signalpress/report-pages.json`: what the public site's past report pages were rendered
/// from, so a night renders only the reports that changed. A past report page is a function of
/// its sealed edition (never changes), its neighbours, its corrections and the layout (the
/// theme, `site.yml`, the names of the pages and watchlists the navigation lists, this
/// executable): with all of those unchanged, editing a page's text included,
/// the page published last night is carried over as it is, so a night costs the same with 250
/// editions as with 10.
struct ReportPageMemo: Codable, Equatable {
    var layout: String
    /// Each report day's neighbours and corrections, as `descriptor` writes them.
    var pages: [String: String]

    static func load(_ state: StateDirectory) -> ReportPageMemo? {
        FileManager.default.contents(atPath: state.reportPages.path).flatMap { try? JSONDecoder().decode(ReportPageMemo.self, from: $0) }
    }

    func save(_ state: StateDirectory) {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        guard let data = try? encoder.encode(self) else { return }
        try? EditionStore.replace(state.reportPages, with: data)
    }

    /// The hash of everything a report page's layout is made from.
    static func layout(_ project: Project, keys: URL) -> String {
        let siteFile = (try? String(contentsOf: project.contentDirectory.appendingPathComponent("site.yml"), encoding: .utf8)) ?? ""
        let navigation = project.pages.map { "page \($0.slug) \($0.title) \($0.tier?.value ?? "")" }
            + project.watchlists.map { "watchlist \($0.id) \($0.title)" }
        return BuildState.fingerprint(folders: [project.templatesDirectory], keys: keys, options: ["site.yml " + siteFile] + navigation)
    }

    /// What else a report page shows: the reports before and after it, and its corrections.
    static func descriptors(_ edition: Edition) -> [String: String] {
        var result: [String: String] = [:]
        for (index, day) in edition.reportDays.enumerated() {
            let older = index + 1 < edition.reportDays.count ? edition.reportDays[index + 1].iso : ""
            let newer = index > 0 ? edition.reportDays[index - 1].iso : ""
            result[day.iso] = "\(older) \(newer) \(edition.archive.corrections[day]?.count ?? 0)"
        }
        return result
    }

    /// The sealed report days of `edition` whose pages in `output` are as this build would render them.
    func unchanged(_ edition: Edition, layout: String, output: URL) -> Set<Day> {
        guard layout == self.layout else { return [] }
        let now = Self.descriptors(edition)
        return Set(edition.reportDays.dropFirst(SiteRenderer.feedEntries).filter { day in
            edition.archive.summaries[day] != nil && pages[day.iso] == now[day.iso]
                && FileManager.default.fileExists(atPath: output.appendingPathComponent("reports/\(day)/index.html").path)
                && FileManager.default.fileExists(atPath: output.appendingPathComponent("reports/\(day)/report.md").path)
        })
    }
}
