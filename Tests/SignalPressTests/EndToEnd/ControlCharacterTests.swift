import Build
import Charts
import Core
import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing

/// Control characters in what a publisher writes (a note pasted from a terminal, a title with
/// a vertical tab) never reach an output: one would make the whole feed ill-formed for readers.
@Suite("Control characters")
struct ControlCharacterTests {
    @Test("XML 1.0's forbidden characters are removed and the allowed ones kept")
    func forbidden() {
        #expect(XML.removingForbidden("a\u{0}b\u{1}c\u{8}d\u{B}e\u{C}f\u{1B}g\u{1F}h\u{FFFE}i\u{FFFF}j") == "abcdefghij")
        #expect(XML.removingForbidden("tab\tline\nreturn\r é € 𝄞") == "tab\tline\nreturn\r é € 𝄞")
        #expect(XML.escape("<\u{1}a\u{B}&\u{FFFF}\u{FFFD}") == "&lt;a&amp;\u{FFFD}")
    }

    @Test("escaping for XML and JSON copies plain runs whole and escapes exactly what one character at a time would")
    func escapingRuns() {
        // One character at a time, as the escapers were written before they copied runs.
        func xml(_ text: String, quotes: Bool) -> String {
            String(text.unicodeScalars.map { scalar -> String in
                switch scalar {
                case "&": "&amp;"
                case "<": "&lt;"
                case ">": "&gt;"
                case "\"" where quotes: "&quot;"
                case "'" where quotes: "&apos;"
                default: (scalar.value < 0x20 && ![0x09, 0x0A, 0x0D].contains(scalar.value)) || scalar.value == 0xFFFE || scalar.value == 0xFFFF ? "" : String(scalar)
                }
            }.joined())
        }
        func json(_ text: String, markupSafe: Bool) -> String {
            String(text.unicodeScalars.map { scalar -> String in
                switch scalar {
                case "\"": "\\\""
                case "\\": "\\\\"
                case "\n": "\\n"
                case "\r": "\\r"
                case "\t": "\\t"
                case "<" where markupSafe: "\\u003c"
                case ">" where markupSafe: "\\u003e"
                case "&" where markupSafe: "\\u0026"
                default: scalar.value < 0x20 ? String(format: "\\u%04x", scalar.value) : String(scalar)
                }
            }.joined())
        }
        let alphabet: [Character] = ["a", "Z", "7", " ", "&", "<", ">", "\"", "'", "\\", "/", "\n", "\r", "\t", "\u{1}", "\u{B}", "\u{1F}", "@",
                                     "é", "€", "𝄞", "\u{FFFD}", "\u{FFFE}", "\u{FFFF}", "\u{EFFF}", "\u{FEFF}"]
        var generator = SystemRandomNumberGenerator()
        for length in [0, 1, 2, 5, 40, 300] {
            for _ in 0..<50 {
                let text = String((0..<length).map { _ in alphabet.randomElement(using: &generator)! })
                for flag in [true, false] {
                    var out: [UInt8] = Array("x".utf8)
                    XML.append(text, to: &out, quotes: flag)
                    #expect(String(decoding: out, as: UTF8.self) == "x" + xml(text, quotes: flag), "\(Array(text.unicodeScalars))")
                    out = Array("y".utf8)
                    JSONWriter.appendContents(text, to: &out, markupSafe: flag)
                    #expect(String(decoding: out, as: UTF8.self) == "y" + json(text, markupSafe: flag), "\(Array(text.unicodeScalars))")
                }
            }
        }
    }

    @Test("a note and a title full of control characters give a well-formed feed, clean files and intact links")
    func noteWithControls() throws {
        let root = Fixtures.project()
        // YAML's escapes: \v is U+000B, \e U+001B, \x01 U+0001 (the renderer's own root marker).
        Fixtures.write("---\ntitle: \"Vertical\\vtab \\e[31mred\\x01\"\n---\nBody with \u{1} marker, \u{B} tab and \u{1B}[31m colour.\n",
                       to: root.appendingPathComponent("content/notes/2026-11-26.md"))
        _ = try Build(options: BuildOptions(root: root, output: root.appendingPathComponent("site"), clock: Fixtures.clock)).run()
        let site = root.appendingPathComponent("site")
        let feed = try Data(contentsOf: site.appendingPathComponent("feed.xml"))
        let parser = XMLParser(data: feed)
        #expect(parser.parse(), "feed.xml: \(parser.parserError.map { "\($0)" } ?? "")")
        let forbidden: Set<UInt8> = Set(0..<0x20).subtracting([0x09, 0x0A, 0x0D])
        for (path, data) in Fixtures.tree(site) where [".html", ".xml", ".json", ".md", ".svg", ".txt"].contains(where: path.hasSuffix) {
            #expect(!data.contains { forbidden.contains($0) }, "\(path) holds a control character")
        }
        let page = try String(contentsOf: site.appendingPathComponent("reports/2026-11-26/index.html"), encoding: .utf8)
        #expect(page.contains("Verticaltab [31mred") && page.contains("Body with  marker"), "\(page)")
        #expect(!page.contains("with ../../"))
        let text = String(decoding: feed, as: UTF8.self)
        #expect(text.contains("Verticaltab [31mred") && !text.contains("Body with https://"))
    }
}
