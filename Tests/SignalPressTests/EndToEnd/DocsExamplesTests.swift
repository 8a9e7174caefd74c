import Foundation
@testable import signalpress
import Testing

/// The shell examples of the README and `docs/` run as a reader would paste them: every
/// fenced `sh` block, in order, one shell per page, in a scratch folder with `signalpress` on
/// the PATH. A block that cannot run here says why just above it (`<!-- not run: ... -->`):
/// it needs the network, root, AWS, minutes, or it is a synopsis with `[optional]` parts.
@Suite("Documentation examples")
struct DocsExamplesTests {
    struct Block {
        let page: String
        let script: String
        /// Why it is not run, from the comment above it.
        let notRun: String?
    }

    static func blocks() throws -> [Block] {
        try DocsTests.pages().flatMap { page -> [Block] in
            let lines = try String(contentsOf: page, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            var blocks: [Block] = []
            var index = 0
            while index < lines.count {
                defer { index += 1 }
                guard lines[index] == "```sh" else { continue }
                let before = lines[..<index].last { !$0.isEmpty } ?? ""
                let end = lines[(index + 1)...].firstIndex(of: "```") ?? lines.count
                let reason = before.firstMatch(of: /^<!-- not run: (.+) -->$/).map { String($0.1) }
                blocks.append(Block(page: page.lastPathComponent, script: lines[(index + 1)..<end].joined(separator: "\n"), notRun: reason))
                index = end
            }
            return blocks
        }
    }

    @Test("every shell example in the README and docs/ runs as written, or says why it cannot here")
    func examplesRun() throws {
        let blocks = try Self.blocks()
        #expect(blocks.count >= 15)
        // A synopsis is marked, not run: one with [optional] parts or a | between choices would not run as written anyway.
        for block in blocks where block.notRun == nil {
            #expect(!block.script.contains(" [--") && !block.script.contains("|lago"), "\(block.page): a synopsis is not an example:\n\(block.script)")
        }
        let runnable = Dictionary(grouping: blocks.filter { $0.notRun == nil }, by: \.page)
        #expect(runnable["README.md"]?.count ?? 0 >= 2 && runnable.count >= 3, "\(runnable.keys.sorted())")
        for (page, blocks) in runnable.sorted(by: { $0.key < $1.key }) {
            let scratch = Fixtures.temporaryDirectory("docs-\(page)")
            try FileManager.default.createDirectory(at: scratch.appendingPathComponent("home"), withIntermediateDirectories: true)
            // The README starts from nothing; every other page from a project made by `init`.
            let prelude = page == "README.md" ? "" : "signalpress init project > /dev/null\ncd project\n"
            let script = """
                set -euo pipefail
                signalpress() {
                  # serve runs until stopped: a few seconds on a free port show that it starts (124: stopped by
                  # timeout; 137: killed, where the test runner left SIGTERM ignored).
                  if [ "$1" = serve ]; then
                    local status=0
                    timeout -k 2 4 "$SIGNALPRESS_BINARY" "$@" --port 0 > /dev/null || status=$?
                    [ "$status" -eq 124 ] || [ "$status" -eq 137 ]; return
                  fi
                  "$SIGNALPRESS_BINARY" "$@"
                }
                \(prelude)\(blocks.map(\.script).joined(separator: "\n"))

                """
            let file = scratch.appendingPathComponent("examples.sh")
            try Data(script.utf8).write(to: file)
            // The docs' day (2026-11-27), whatever the machine's clock, and a secret for the links.
            let environment = ["PATH": "/usr/bin:/bin", "HOME": scratch.appendingPathComponent("home").path, "SOURCE_DATE_EPOCH": "1795737600",
                               "SIGNALPRESS_BINARY": Binary.url.path, "SIGNALPRESS_LINK_SECRET": "docs-example-secret-0123456789"]
            let result = try Program.run("/bin/bash", [file.path], environment: environment, in: scratch)
            #expect(result.status == 0, "\(page)'s examples failed:\n\(script)\n\(result.output)")
        }
    }
}
