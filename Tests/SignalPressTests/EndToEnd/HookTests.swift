import Build
import Core
import Foundation
import Testing
import Tiers
@testable import signalpress

/// `hooks.post_analysis`: success, cache, and every way a hook can misbehave without breaking the build.
@Suite("Post-analysis hook")
struct HookTests {
    func project(hook script: String, timeout: Double = 5, env: String = "[]") -> URL {
        let root = Fixtures.project(site: Fixtures.siteYAML
            + "hooks: { post_analysis: hooks/hook.sh, timeout_seconds: \(timeout), max_confidence_adjustment: 0.1, env: \(env) }\n")
        let hook = root.appendingPathComponent("content/hooks/hook.sh")
        Fixtures.writeExecutable("#!/bin/sh\n" + script, to: hook)
        return root
    }

    func build(_ root: URL) throws -> BuildSummary {
        try Build(options: BuildOptions(root: root, output: root.appendingPathComponent("site"), clock: Fixtures.clock)).run()
    }

    func pro(_ root: URL, _ path: String) throws -> String {
        let zip = try Data(contentsOf: root.appendingPathComponent("site/bundles/pro/2026-11-27/pro-2026-11-27.zip"))
        return String(decoding: try #require(try BundleArchive.unzip([UInt8](zip))[path]), as: UTF8.self)
    }

    @Test("commentary from the hook is shown, escaped and marked as the hook's, and is cached by its input")
    func success() throws {
        let root = project(hook: """
            cat > input.json
            echo run >> runs.txt
            printf '%s' '{"commentary": {"CCCX": {"text": "Watch <script>alert(1)</script> & *this*", "confidence_adjustment": 0.05},
                                         "AAAX": {"text": "Fine.", "confidence_adjustment": 0.5}, "ZZZX": {"text": "?"}}}'
            """)
        let summary = try build(root)
        #expect(summary.hookCommentaries == 2, "\(summary.warnings)")
        #expect(summary.warnings.contains { $0.contains("AAAX's confidence_adjustment 0.5 is outside ±0.1") })
        #expect(summary.warnings.contains { $0.contains("unknown symbol 'ZZZX'") })
        let page = try pro(root, "symbols/CCCX/index.html")
        #expect(page.contains("<p>Watch &lt;script&gt;alert(1)&lt;/script&gt; &amp; *this*</p>") && page.contains("post-analysis hook"))
        #expect(page.contains("(hook adjusted +5.0%)"))
        #expect(!page.contains("<script>alert"))
        let markdown = try pro(root, "reports/2026-11-27/report.md")
        #expect(markdown.contains("## Commentary (from the post-analysis hook)") && markdown.contains("- **CCCX**: Watch &lt;script&gt;alert(1)&lt;/script&gt; & \\*this\\*"))
        // The public (delayed) tier is a day behind: today's commentary is not for it.
        let publicSite = try String(contentsOf: root.appendingPathComponent("site/reports/2026-11-26/report.md"), encoding: .utf8)
        #expect(!publicSite.contains("Commentary"))
        // The hook read the day's signals as JSON.
        let input = try JSONSerialization.jsonObject(with: Data(contentsOf: root.appendingPathComponent("content/hooks/input.json"))) as? [String: Any]
        #expect(input?["as_of"] as? String == "2026-11-27" && (input?["signals"] as? [[String: Any]])?.count == 4)
        // A rebuild with the same input reuses the answer: same bytes, no second run.
        let first = Fixtures.tree(root.appendingPathComponent("site"))
        _ = try build(root)
        #expect(try String(contentsOf: root.appendingPathComponent("content/hooks/runs.txt"), encoding: .utf8) == "run\n")
        #expect(Fixtures.tree(root.appendingPathComponent("site")) == first)
    }

    @Test("a hook that sleeps past its timeout, fails, or prints garbage leaves the build green with the problem named", arguments: [
        ("sleep 300\n", "timed out after 1 s"),
        // A descendant in a new session escapes the process group and keeps the pipes open.
        ("setsid sleep 150 &\nsleep 300\n", "timed out after 1 s"),
        ("echo oops >&2\nexit 3\n", "exited with status 3 (oops)"),
        ("echo 'this is not json'\n", "did not print a JSON object"),
    ])
    func failures(script: String, problem: String) throws {
        // A short timeout only where it is the point: a loaded machine may take a second to start any hook.
        let root = project(hook: script, timeout: problem.hasPrefix("timed out") ? 1 : 10)
        let started = ContinuousClock.now
        let summary = try build(root)
        // A timed-out hook is not waited for (it, or what it left behind, would sleep 150 s or
        // more): the only point of a clock here, with room for a build on a loaded machine.
        if problem.hasPrefix("timed out") { #expect(ContinuousClock.now - started < .seconds(120)) }
        #expect(summary.warnings.contains { $0.contains("content/hooks/hook.sh") && $0.contains(problem) }, "\(summary.warnings)")
        #expect(summary.hookCommentaries == 0)
        #expect(!(try pro(root, "symbols/CCCX/index.html")).contains("class=\"commentary\""))
        #expect(SignalPress.run(["build", "--project", root.path, "--quiet"]) == 0)
    }

    @Test("the hook gets PATH, HOME, LANG, TZ and the variables hooks.env lists, never the link secret or other variables")
    func smallEnvironment() throws {
        setenv("SIGNALPRESS_HOOK_TEST_SECRET", "do-not-leak", 1)
        setenv("SIGNALPRESS_HOOK_TEST_PASSED", "wanted", 1)
        let root = project(hook: "env > env.txt\necho '{}'\n", env: "[SIGNALPRESS_HOOK_TEST_PASSED]")
        _ = try build(root)
        let seen = try String(contentsOf: root.appendingPathComponent("content/hooks/env.txt"), encoding: .utf8)
        let names = Set(seen.split(separator: "\n").compactMap { $0.split(separator: "=").first.map(String.init) })
        #expect(names.contains("SIGNALPRESS_HOOK_TEST_PASSED") && names.contains("PATH"))
        #expect(!names.contains("SIGNALPRESS_HOOK_TEST_SECRET") && !names.contains("SIGNALPRESS_LINK_SECRET"))
        #expect(names.isSubset(of: ["PATH", "HOME", "LANG", "TZ", "SIGNALPRESS_HOOK_TEST_PASSED", "PWD", "OLDPWD", "SHLVL", "_"]), "\(names)")
    }

    @Test("the sample hook in content/hooks writes plain-English commentary from the reasons")
    func sampleHook() throws {
        let root = Fixtures.project(site: Fixtures.siteYAML + "hooks: { post_analysis: hooks/commentary.py }\n")
        let sample = SharedData.repositoryRoot.appendingPathComponent("content/hooks/commentary.py")
        let target = root.appendingPathComponent("content/hooks/commentary.py")
        try FileManager.default.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: sample, to: target)
        let summary = try build(root)
        try #require(summary.warnings.isEmpty, "\(summary.warnings)")
        #expect(summary.hookCommentaries == 4)
        let page = try pro(root, "symbols/DDDX/index.html")
        #expect(page.contains("DDDX ") && page.contains("(score "))
    }
}
