import Foundation
@testable import Publishing
import Testing

/// The default theme is compiled into the binary from `Templates/`. This test keeps the two
/// identical; `make theme` (SIGNALPRESS_RECORD_THEME=1) regenerates the Swift file.
@Suite("Default theme")
struct DefaultThemeTests {
    static let generatedFile = SharedData.repositoryRoot.appendingPathComponent("Sources/Publishing/DefaultTheme.swift")

    static func generate() throws -> String {
        let templates = SharedData.repositoryRoot.appendingPathComponent("Templates")
        var out = "// Generated from Templates/ by `make theme`; do not edit by hand.\nenum DefaultTheme {\n    static let files: [String: String] = [\n"
        for path in Theme.regularFiles(under: templates) {
            let text = try String(contentsOf: templates.appendingPathComponent(path), encoding: .utf8)
            out += "        \"\(path)\": ####\"\"\"\n\(text)\n\"\"\"####,\n"
        }
        out += "    ]\n}\n"
        return out
    }

    @Test("the compiled-in theme equals Templates/ byte for byte")
    func compiledThemeMatchesTemplatesFolder() throws {
        let expected = try Self.generate()
        if ProcessInfo.processInfo.environment["SIGNALPRESS_RECORD_THEME"] == "1" {
            try expected.write(to: Self.generatedFile, atomically: true, encoding: .utf8)
        }
        let actual = try String(contentsOf: Self.generatedFile, encoding: .utf8)
        #expect(actual == expected, "Templates/ changed: run `make theme` to regenerate Sources/Publishing/DefaultTheme.swift")
    }

    @Test("every default template parses and every asset is present")
    func defaultsParse() throws {
        let theme = Theme.defaults
        #expect(theme.templates.keys.sorted() == ["404", "dashboard", "email/edition.html", "email/edition.txt", "layout", "methodology", "page", "pricing", "report", "report-content", "report.md", "reports", "sign-in", "symbol", "symbol-table",
                                                "track-record", "track-record-call", "watchlist"])
        #expect(theme.assets["assets/style.css"] != nil && theme.assets["assets/screener.js"] != nil)
        _ = try TemplateRenderer(theme: theme)
    }
}
