import Build
import Foundation
import Testing
@testable import signalpress

@Suite("Leak check, end to end")
struct LeakTests {
    func build(_ root: URL) throws -> String? {
        do {
            _ = try Build(options: BuildOptions(root: root, output: root.appendingPathComponent("site"), clock: Fixtures.clock)).run()
            return nil
        } catch {
            return "\(error)"
        }
    }

    @Test("a template edited to show a paid symbol fails the build and publishes nothing", arguments: [
        ("Templates/dashboard.mustache", "{{<layout}}{{$body}}<p>Tomorrow in the pro edition: CCCX</p>{{/body}}{{/layout}}", "the symbol CCCX"),
        ("Templates/404.mustache", "{{<layout}}{{$body}}<p>Fresh as of 2026-11-27</p>{{/body}}{{/layout}}", "the date 2026-11-27"),
    ])
    func leakingTemplate(path: String, template: String, item: String) throws {
        let root = Fixtures.project()
        #expect(try build(root) == nil)
        let before = Fixtures.tree(root.appendingPathComponent("site"))
        Fixtures.write(template, to: root.appendingPathComponent(path))
        let message = try #require(try build(root))
        #expect(message.contains("leak check: ") && message.contains(item), "\(message)")
        #expect(message.contains("nothing was published"))
        #expect(Fixtures.tree(root.appendingPathComponent("site")) == before)
        #expect(SignalPress.run(["build", "--project", root.path, "--quiet"]) == 1)
    }

    @Test("a pro-only page and a future note stay out of the public site; the shipped templates pass")
    func paidPageAndNote() throws {
        let root = Fixtures.project()
        Fixtures.write("---\ntitle: Pro outlook\ntier: pro\n---\nOur desk expects a rotation into defensive names.\n",
                       to: root.appendingPathComponent("content/pages/outlook.md"))
        Fixtures.write("---\ntitle: Late day\n---\nA reversal into the close caught the shorts off guard.\n",
                       to: root.appendingPathComponent("content/notes/2026-11-27.md"))
        #expect(try build(root) == nil)
        let tree = Fixtures.tree(root.appendingPathComponent("site"))
        let site = tree.filter { !$0.key.hasPrefix("bundles/") && !$0.key.hasPrefix("members/") }
        // The page is pro's: in its members' area, as in its bundle.
        let outlook = try #require(tree["members/pro/pages/outlook/index.html"])
        #expect(String(decoding: outlook, as: UTF8.self).contains("rotation into defensive"))
        for (path, data) in site {
            let text = String(decoding: data, as: UTF8.self)
            #expect(!text.contains("rotation into defensive") && !text.contains("pages/outlook/") && !text.contains("caught the shorts"), "\(path)")
        }
    }

    @Test("a free note that names a paid symbol: the error names the note and the fix")
    func noteNamingPaidSymbol() throws {
        let root = Fixtures.project()
        Fixtures.write("---\ntitle: Rotation\n---\nWatch CCCX into the close.\n", to: root.appendingPathComponent("content/notes/2026-11-26.md"))
        let message = try #require(try build(root))
        #expect(message.contains("contains the symbol CCCX")
            && message.contains("content/notes/2026-11-26.md mentions CCCX: add `tier: pro` to its front matter, or take CCCX out of it"), "\(message)")
    }

    @Test("a paid page linked from a free template is refused")
    func paidPageLinked() throws {
        let root = Fixtures.project()
        Fixtures.write("---\ntitle: Pro outlook\ntier: pro\n---\nOur desk expects a rotation into defensive names.\n",
                       to: root.appendingPathComponent("content/pages/outlook.md"))
        Fixtures.write("{{<layout}}{{$body}}<a href=\"pages/outlook/index.html\">more</a>{{/body}}{{/layout}}",
                       to: root.appendingPathComponent("Templates/404.mustache"))
        let message = try #require(try build(root))
        #expect(message.contains("leak check: 404.html contains the page 'Pro outlook'"), "\(message)")
    }
}
