import Foundation
import Project
import Publishing

extension Build {
    /// What `signalpress check` runs: a whole build (templates, data, leaks, bundles) plus a
    /// link check, into a temporary directory that is removed afterwards. The hook is not run
    /// (it may act on the world), HTTP data comes from the cache only, no signing key is saved
    /// and nothing is recorded, so the project, its site and its ledger stay exactly as they were.
    public static let checking: [BuildStep] = [.loadProject, .loadMarketData, .readEditionLog, .streamSymbols, .renderIndexPages, .checkLeaks, .checkLinks, .sealBundles]

    /// Runs `checking`; every problem of the leak and link checks is listed, not only the first step's.
    public func check() throws(BuildError) -> BuildSummary {
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("signalpress-check-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: scratch) }
        var options = self.options
        options.output = scratch.appendingPathComponent("site")
        options.offline = true
        options.recordsLedger = false
        options.checkOnly = true
        var context = BuildContext(options: options, progress: progress)
        defer { context.cleanUp() }
        var problems: [BuildError] = []
        for step in Self.checking {
            context.clock.enter(step.name)
            do { try step.run(&context) } catch {
                problems.append(error)
                guard step.name == BuildStep.checkLeaks.name || step.name == BuildStep.checkLinks.name else { break }
            }
        }
        context.clock.finish()
        if let problem = BuildError.combining(problems) { throw problem }
        return context.summary
    }
}

extension BuildStep {
    /// Every `href` and `src` of the public site's pages that stays on the site must lead to a
    /// file of it (a folder, to its `index.html`).
    public static let checkLinks = BuildStep(name: "links") { (context: inout BuildContext) throws(BuildError) in
        guard let staging = context.staging else { return }
        context.progress("checking links")
        let root = staging.directory.standardizedFileURL
        var broken: [BrokenLink] = []
        var checked = 0
        let files = FileManager.default.enumerator(at: root, includingPropertiesForKeys: nil)
        while let file = files?.nextObject() as? URL {
            guard file.pathExtension == "html", let html = try? String(contentsOf: file, encoding: .utf8) else { continue }
            let page = String(file.standardizedFileURL.path.dropFirst(root.path.count + 1))
            for target in LinkCheck.internalTargets(in: html) {
                checked += 1
                if !LinkCheck.resolves(target, from: page, in: root) { broken.append(BrokenLink(page: page, target: target)) }
            }
        }
        context.summary.linksChecked = checked
        if !broken.isEmpty { throw .links(broken.sorted()) }
    }
}

/// The pieces of the link check, plain functions over text and paths.
enum LinkCheck {
    /// `href="..."` and `src="..."` values that point into the site: no scheme, not `//host`, not a fragment alone.
    static func internalTargets(in html: String) -> [String] {
        var targets: [String] = []
        for attribute in ["href=\"", "src=\""] {
            var rest = html[...]
            while let start = rest.range(of: attribute) {
                rest = rest[start.upperBound...]
                guard let end = rest.firstIndex(of: "\"") else { break }
                let value = String(rest[..<end])
                rest = rest[end...]
                let path = String(value.prefix { $0 != "#" && $0 != "?" })
                if path.isEmpty || path.hasPrefix("//") || path.contains(":") { continue }
                targets.append(value)
            }
        }
        return targets
    }

    static func resolves(_ target: String, from page: String, in root: URL) -> Bool {
        let path = (String(target.prefix { $0 != "#" && $0 != "?" }).removingPercentEncoding ?? target)
        let base = path.hasPrefix("/") ? root : root.appendingPathComponent(page).deletingLastPathComponent()
        let resolved = base.appendingPathComponent(path.hasPrefix("/") ? String(path.dropFirst()) : path).standardizedFileURL
        guard resolved.path == root.path || resolved.path.hasPrefix(root.path + "/") else { return false }
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: resolved.path, isDirectory: &isFolder) else { return false }
        return !isFolder.boolValue || FileManager.default.fileExists(atPath: resolved.appendingPathComponent("index.html").path)
    }
}
