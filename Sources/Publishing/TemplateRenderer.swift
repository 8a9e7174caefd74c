import Core
import Foundation
import Mustache
import Project

/// Renders views through the theme's Mustache templates, strictly: a template that refers to
/// a value the view does not have is an error naming the template, line, column and the name,
/// never an empty string on a published page.
public struct TemplateRenderer: Sendable {
    let library: MustacheLibrary
    let sources: [String: String]
    let origins: [String: String]

    public init(theme: Theme) throws(ConfigError) {
        var library = MustacheLibrary()
        var origins: [String: String] = [:]
        let templates = theme.templates
        MustacheContentTypes.register(HTMLEscaping(), named: HTMLEscaping.name)
        for (name, source) in templates.sorted(by: { $0.key < $1.key }) {
            let origin = theme.origins["\(name).mustache"] ?? "Templates/\(name).mustache"
            origins[name] = origin
            do {
                library.register(try MustacheTemplate(string: HTMLEscaping.pragma + source), named: name)
            } catch let error as MustacheTemplate.ParserError {
                // The pragma is a line of its own before the theme's first.
                throw ConfigError(file: origin, line: max(1, error.context.lineNumber - 1), column: error.context.columnNumber,
                                  message: "template does not parse: \(error.error)")
            } catch {
                throw ConfigError(file: origin, line: 1, column: 1, message: "template does not parse: \(error)")
            }
        }
        self.library = library
        sources = templates
        self.origins = origins
    }

    public func has(_ name: String) -> Bool { sources[name] != nil }

    /// Renders `name` over `views`, the first that has a name answering for it (a page's own
    /// view first, then the layout's).
    public func render(_ name: String, _ views: any TemplateView...) throws(ConfigError) -> String {
        guard sources[name] != nil else {
            throw ConfigError(file: "Templates/\(name).mustache", line: 1, column: 1, message: "template '\(name)' is missing from the theme")
        }
        let root = StrictRoot(views)
        let output = library.render(root, withTemplate: name) ?? ""
        if let missing = root.missing.first {
            throw locate(missing, startingWith: name)
        }
        return output
    }

    /// Finds where `variable` is used, in the rendered template first and then in the others.
    func locate(_ variable: String, startingWith name: String) -> ConfigError {
        let order = [name] + sources.keys.sorted().filter { $0 != name }
        let escaped = NSRegularExpression.escapedPattern(for: variable)
        let pattern = try! NSRegularExpression(pattern: "\\{\\{\\{?\\s*[#^&/]?\\s*\(escaped)(\\.[^}\\s]*)?\\s*\\}?\\}\\}")
        for candidate in order {
            guard let source = sources[candidate] else { continue }
            let range = NSRange(source.startIndex..., in: source)
            guard let match = pattern.firstMatch(in: source, range: range),
                  let found = Range(match.range, in: source) else { continue }
            let before = source[..<found.lowerBound]
            let line = before.filter { $0 == "\n" }.count + 1
            let column = before.count - (before.lastIndex(of: "\n").map { before.distance(from: before.startIndex, to: $0) + 1 } ?? 0) + 1
            return ConfigError(file: origins[candidate] ?? candidate, line: line, column: column,
                               message: "the view has no value named '\(variable)'")
        }
        return ConfigError(file: origins[name] ?? name, line: 1, column: 1, message: "the view has no value named '\(variable)'")
    }
}

/// `{{name}}` escaped a run of plain bytes at a time (`HTML.escape`), where swift-mustache's own
/// escape looks every `Character` up in a dictionary (4% of a first build of 500 symbols). The
/// same five characters are escaped, also where a combining mark follows one (which the
/// `Character` lookup would leave unescaped). Every template starts with it, on a line of its
/// own that Mustache drops (a standalone tag), so no page changes by a byte.
struct HTMLEscaping: MustacheContentType {
    static let name = "SIGNALPRESS_HTML"
    static let pragma = "{{% CONTENT_TYPE: \(name) }}\n"

    func escapeText(_ text: String) -> String { HTML.escape(text) }
}

/// The bottom of Mustache's context stack: a name that reaches it unresolved exists nowhere in the view.
private final class StrictRoot: MustacheParent {
    let views: [any TemplateView]
    var missing: [String] = []

    init(_ views: [any TemplateView]) { self.views = views }

    func child(named name: String) -> Any? {
        for view in views { if let value = view.child(named: name) { return value } }
        if !missing.contains(name) { missing.append(name) }
        return nil
    }
}
