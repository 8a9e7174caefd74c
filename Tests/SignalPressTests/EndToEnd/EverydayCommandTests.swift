import ArgumentParser
import Build
import Core
import Foundation
import MarketData
import Project
import Publishing
import Testing
@testable import signalpress

/// The command line a publisher meets every day: help that teaches, suggestions, completion,
/// `new`, `check`, `clean`, and summaries that read as English.
@Suite("Everyday commands")
struct EverydayCommandTests {
    /// Every command that runs something (not a group of subcommands), with its words.
    static func leaves(_ command: any ParsableCommand.Type = SignalPress.self, path: [String] = []) -> [([String], any ParsableCommand.Type)] {
        let subcommands = command.configuration.subcommands
        if subcommands.isEmpty { return [(path, command)] }
        return subcommands.flatMap { leaves($0, path: path + [Suggestion.name(of: $0)]) }
    }

    @Test("every command's --help has two or three examples, and every example parses as written")
    func helpExamples() throws {
        let commands = Self.leaves()
        #expect(commands.count >= 25)
        for (path, command) in commands {
            let discussion = command.configuration.discussion
            let examples = discussion.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.filter { $0.hasPrefix("signalpress ") }
            #expect(discussion.contains("Examples:") && (2...3).contains(examples.count), "\(path.joined(separator: " ")): \(examples)")
            for example in examples {
                // The command's own words, up to a comment or a shell operator; quoted words kept whole.
                let line = example.prefix { $0 != "#" && $0 != ">" && $0 != "|" && $0 != "&" }
                var words: [String] = [], word = "", quoted = false
                for character in line.dropFirst("signalpress ".count) {
                    if character == "\"" { quoted.toggle(); continue }
                    if character == " " && !quoted { if !word.isEmpty { words.append(word) }; word = ""; continue }
                    word.append(character)
                }
                if !word.isEmpty { words.append(word) }
                #expect(throws: Never.self, "\(example)") { _ = try SignalPress.parseAsRoot(words) }
                #expect(Array(words.prefix(path.count)) == path, "\(example) is an example of another command")
            }
        }
        #expect(try Binary.capture(["build", "--help"]).output.contains("signalpress build --project ~/signals --jobs 4 --quiet"))
    }

    @Test("--help on an 80-column terminal keeps every example and comment on its own line, so each pastes as it reads")
    func helpExamplesDoNotWrap() {
        for (path, command) in Self.leaves() {
            let help = SignalPress.helpMessage(for: command, columns: 80).split(separator: "\n", omittingEmptySubsequences: false)
            guard let start = help.firstIndex(of: "Examples:") else { Issue.record("\(path): no examples"); continue }
            for line in help[(start + 1)...].prefix(while: { !$0.isEmpty }) {
                #expect(line.hasPrefix("  signalpress ") || line.hasPrefix("  # "), "\(path.joined(separator: " ")): a wrapped line '\(line)'")
            }
        }
    }

    @Test("a mistyped command gets the nearest one suggested; an option too")
    func suggestions() throws {
        let build = try Binary.capture(["buidl"])
        #expect(build.status == 2 && build.output.contains("Did you mean 'signalpress build'?"), "\(build.output)")
        let keys = try Binary.capture(["keys", "genrate"])
        #expect(keys.output.contains("Did you mean 'signalpress keys generate'?"), "\(keys.output)")
        #expect(try !Binary.capture(["zzzzzzzz"]).output.contains("Did you mean"))
        #expect(try Binary.capture(["build", "--jbos", "2"]).output.contains("Did you mean '--jobs'?"))
        #expect(Suggestion.distance("buidl", "build") == 1 && Suggestion.distance("serve", "server") == 1)
    }

    @Test("completion prints a script each shell accepts")
    func completion() throws {
        for (shell, check) in [("bash", ["/usr/bin/bash", "-n"]), ("zsh", ["/usr/bin/zsh", "-n"]), ("fish", ["/usr/bin/fish", "--no-execute"])] {
            let script = try Binary.capture(["completion", shell])
            #expect(script.status == 0 && script.output.contains("signalpress") && script.output.contains("deploy-config"), "\(shell)")
            guard FileManager.default.isExecutableFile(atPath: check[0]) else {
                Issue.record("\(check[0]) is not installed (make test installs it); the \(shell) script was not syntax-checked")
                continue
            }
            let file = Fixtures.temporaryDirectory("completion").appendingPathComponent("signalpress.\(shell)")
            Fixtures.write(script.output, to: file)
            let process = Process()
            process.executableURL = URL(fileURLWithPath: check[0])
            process.arguments = Array(check.dropFirst()) + [file.path]
            try process.run()
            #expect(process.reap().status == 0, "\(shell) rejects the script")
        }
        #expect(try Binary.capture(["completion", "powershell"]).status == 2)
    }

    @Test("new note is dated the next trading day after the data; new page fills its front matter; neither overwrites")
    func newContent() throws {
        let root = Fixtures.project()
        let project = ["--project", root.path]
        // The fixture's data ends on Friday 2026-11-27: the next edition is Monday's.
        let note = try Binary.capture(["new", "note", "--title", "Fed \"day\""] + project)
        #expect(note.status == 0 && note.output.contains("created content/notes/2026-11-30.md"), "\(note.output)")
        #expect(try String(contentsOf: root.appendingPathComponent("content/notes/2026-11-30.md"), encoding: .utf8)
            .hasPrefix("---\ntitle: \"Fed \\\"day\\\"\"\ndescription: \"\"\n---\n"))
        #expect(try Binary.capture(["new", "note", "2026-11-30"] + project).status == 1, "never over an existing note")
        let page = try Binary.capture(["new", "page", "faq", "--tier", "pro"] + project)
        #expect(page.status == 0 && page.output.contains("created content/pages/faq.md"))
        #expect(try Binary.capture(["new", "page", "Bad Slug"] + project).status == 1)
        #expect(try Binary.capture(["new", "page", "gold-faq", "--tier", "gold"] + project).output.contains("unknown tier 'gold'"))
        // What `new` writes is what a build reads: the page is published to pro only; the note waits for its day.
        let built = try Binary.capture(["build"] + project)
        #expect(built.status == 0 && built.output.contains("1 note scheduled for 2026-11-30"), "\(built.output)")
        let loaded = try Project.load(from: root)
        #expect(loaded.pages.first { $0.slug == "faq" }?.tier == TierID("pro") && loaded.pages.first { $0.slug == "faq" }?.title == "Faq")
    }

    @Test("check passes a good project and leaves every file as it was, creating no key, site or ledger")
    func checkWritesNothing() throws {
        let root = Fixtures.project()
        let before = Fixtures.tree(root)
        let result = try Binary.capture(["check", "--project", root.path])
        #expect(result.status == 0 && result.output.contains("check passed for 2026-11-27") && result.output.contains("links followed"), "\(result.output)")
        #expect(Fixtures.tree(root) == before)
        #expect(!FileManager.default.fileExists(atPath: root.appendingPathComponent(".signalpress").path))
        #expect(!FileManager.default.fileExists(atPath: root.appendingPathComponent("site").path))
    }

    @Test("check lists every problem at once: each broken file, a broken link, a leak; exit 1 and nothing written")
    func checkListsEverything() throws {
        let root = Fixtures.project()
        #expect(SignalPress.run(["build", "--project", root.path, "--quiet"]) == 0)
        let site = Fixtures.tree(root.appendingPathComponent("site"))
        // Two data files broken at once are both named.
        for symbol in ["AAAX", "CCCX"] {
            let file = root.appendingPathComponent("content/data/\(symbol).csv")
            var lines = try String(contentsOf: file, encoding: .utf8).split(separator: "\n").map(String.init)
            lines[5] = "2025-02-30,1,1,1,1,1"
            Fixtures.write(lines.joined(separator: "\n") + "\n", to: file)
        }
        let data = try Binary.capture(["check", "--project", root.path])
        #expect(data.status == 1 && data.output.contains("AAAX.csv:6") && data.output.contains("CCCX.csv:6"), "\(data.output)")
        #expect(data.output.contains("nothing was written or recorded"))

        let clean = Fixtures.project()
        Fixtures.write("---\ntitle: Links\n---\n[gone](../nowhere/) and [home](../../index.html) and [out](https://example.com/)\n",
                       to: clean.appendingPathComponent("content/pages/links.md"))
        // A free page that names a pro-only symbol: a leak, reported beside the link.
        Fixtures.write("---\ntitle: Teaser\n---\nWatch DDDX closely.\n", to: clean.appendingPathComponent("content/pages/teaser.md"))
        let both = try Binary.capture(["check", "--project", clean.path])
        #expect(both.status == 1, "\(both.output)")
        #expect(both.output.contains("pages/links/index.html: link to '../nowhere/' leads to no file of the site"), "\(both.output)")
        #expect(both.output.contains("DDDX") && !both.output.contains("'../../index.html'"), "\(both.output)")
        #expect(Fixtures.tree(root.appendingPathComponent("site")) == site, "the published site is untouched")
    }

    @Test("clean removes the site and caches, keeps the ledger and keys unless they are named, and refuses a folder it did not build")
    func clean() throws {
        let root = Fixtures.project()
        let state = StateDirectory(project: root)
        #expect(SignalPress.run(["build", "--project", root.path, "--quiet"]) == 0)
        try FileManager.default.createDirectory(at: state.preview.appendingPathComponent("site"), withIntermediateDirectories: true)
        let first = try Binary.capture(["clean", "--project", root.path])
        #expect(first.status == 0 && first.output.contains("removed site") && first.output.contains("kept the ledger and the signing keys"), "\(first.output)")
        for gone in [root.appendingPathComponent("site"), state.preview, state.buildState] { #expect(!FileManager.default.fileExists(atPath: gone.path)) }
        #expect(FileManager.default.fileExists(atPath: state.ledger.path) && FileManager.default.fileExists(atPath: state.keys.path))
        #expect(try Binary.capture(["clean", "--project", root.path]).output.contains("nothing to clean"))

        let foreign = Fixtures.temporaryDirectory("foreign")
        Fixtures.write("mine", to: foreign.appendingPathComponent("thesis.docx"))
        #expect(try Binary.capture(["clean", "--project", root.path, "--output", foreign.path]).status == 1)
        #expect(FileManager.default.fileExists(atPath: foreign.appendingPathComponent("thesis.docx").path))

        #expect(try Binary.capture(["clean", "--project", root.path, "--ledger-too", "--keys-too"]).status == 0)
        #expect(!FileManager.default.fileExists(atPath: state.ledger.path) && !FileManager.default.fileExists(atPath: state.keys.path))
    }

    @Test("the build's summary agrees with its numbers and says where things went")
    func summaryWording() throws {
        var summary = BuildSummary(asOf: Day(iso: "2026-11-27")!)
        summary.pages = 1
        summary.bundleFiles = [("free", 61), ("pro", 1)]
        summary.warnings = ["one"]
        summary.ledgerEvents = 1
        summary.files = 2
        #expect(summary.line == "1 public page; bundles: free 61 files, pro 1 file; 1 warning; 1 new ledger event; 2 files in the output (0 rewritten)")
        summary.charts = 3
        summary.warnings = []
        summary.ledgerEvents = 0
        #expect(summary.line.hasPrefix("1 public page, 3 charts; ") && summary.line.contains("; 0 warnings; 2 files"))

        let root = Fixtures.project()
        let built = try Binary.capture(["build", "--project", root.path])
        // The public (free) tier has no charts feature: no charts are counted for it.
        #expect(built.output.contains("public pages; bundles: free ") && built.output.contains(" files, pro ") && !built.output.contains("charts"),
                "\(built.output)")
    }

    @Test("money reads as money: symbol, two decimals, the tier's currency")
    func money() throws {
        #expect(Money(2900, "USD").text == "$29.00" && Money(5, "EUR").text == "€0.05" && Money(-150, "GBP").text == "-£1.50")
        #expect(Money(1234, "CHF").text == "CHF 12.34" && Money(2900, "JPY").text == "¥2900")
        let root = Fixtures.project(site: Fixtures.siteYAML.replacingOccurrences(of: "title: Test Signals", with: "title: Test Signals\ncurrency: EUR"))
        #expect(try Project.load(from: root).config.tiers.allSatisfy { $0.currency == "EUR" })
        let bad = Fixtures.project(site: "currency: dollars\n" + Fixtures.siteYAML)
        #expect(throws: ConfigErrors.self) { try Project.load(from: bad) }
    }

    @Test("progress shows symbol counts on a terminal and nothing when piped")
    func progress() throws {
        let root = Fixtures.project()
        let log = Fixtures.temporaryDirectory("tty").appendingPathComponent("typescript")
        // `script` gives the build a pseudo-terminal, as an interactive shell would.
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/script")
        process.arguments = ["-qec", "\(Binary.url.path) build --project \(root.path)", log.path]
        process.standardOutput = FileHandle(forWritingAtPath: "/dev/null")
        try process.run()
        let ended = process.reap()
        let terminal = String(decoding: (try? Data(contentsOf: log)) ?? Data(), as: UTF8.self)
        #expect(ended.status == 0 && terminal.contains("rendering 4/4 symbols") && terminal.contains("\r\u{1B}[2K"), "\(terminal)")
        let piped = try Binary.capture(["build", "--project", root.path, "--output", root.appendingPathComponent("other").path])
        #expect(!piped.output.contains("rendering") && !piped.output.contains("\r"))
    }

    @Test("usage ingest reads the log's format from its first lines, and says what to do when it cannot")
    func ingestDetectsFormat() throws {
        let root = Fixtures.project()
        let project = ["--project", root.path]
        #expect(SignalPress.run(["build", "--quiet"] + project) == 0)
        let folder = Fixtures.temporaryDirectory("logs")
        let request = AccessLogs.Request(subscriber: "alice", unix: 1_795_000_000)
        let samples = [("nginx-json", AccessLogs.json(request)), ("combined", AccessLogs.combined(request)),
                       ("cloudfront", AccessLogs.cloudfrontHeader + AccessLogs.cloudfront(request))]
        for (format, text) in samples {
            let log = folder.appendingPathComponent("\(format).log")
            AccessLogs.write([text], to: log)
            let result = try Binary.capture(["usage", "ingest", log.path] + project, environment: AccessLogs.environment)
            #expect(result.status == 0 && result.output.contains("reading it as \(format) (detected"), "\(format): \(result.output)")
            #expect(result.output.contains("0 malformed"), "\(format): \(result.output)")
        }
        let garbage = folder.appendingPathComponent("garbage.log")
        AccessLogs.write(["hello", "world"], to: garbage)
        let refused = try Binary.capture(["usage", "ingest", garbage.path] + project, environment: AccessLogs.environment)
        #expect(refused.status == 1 && refused.output.contains("give --format combined, nginx-json or cloudfront"), "\(refused.output)")
        let wrong = try Binary.capture(["usage", "ingest", folder.appendingPathComponent("nginx-json.log").path, "--format", "combined"] + project,
                                       environment: AccessLogs.environment)
        #expect(wrong.status == 1 && wrong.output.contains("is --format right?"), "\(wrong.output)")
    }

    @Test("raw HTML left out of a page is a warning at file:line; markdown.raw_html keeps it, and the leak check still reads it")
    func rawHTML() throws {
        let page = "---\ntitle: Raw\n---\nIntro.\n\n<div class=\"box\">boxed</div>\n\nInline <b>bold</b>.\n"
        let root = Fixtures.project()
        Fixtures.write(page, to: root.appendingPathComponent("content/pages/raw.md"))
        let built = try Binary.capture(["build", "--project", root.path])
        #expect(built.output.contains("warning: content/pages/raw.md:6: raw HTML left out") && built.output.contains("content/pages/raw.md:8:"),
                "\(built.output)")
        #expect(try !String(contentsOf: root.appendingPathComponent("site/pages/raw/index.html"), encoding: .utf8).contains("class=\"box\""))

        let trusted = Fixtures.project(site: Fixtures.siteYAML + "markdown: { raw_html: true }\n")
        Fixtures.write(page, to: trusted.appendingPathComponent("content/pages/raw.md"))
        let kept = try Binary.capture(["build", "--project", trusted.path])
        #expect(kept.status == 0 && !kept.output.contains("raw HTML left out"))
        #expect(try String(contentsOf: trusted.appendingPathComponent("site/pages/raw/index.html"), encoding: .utf8).contains("<div class=\"box\">boxed</div>"))
        // Kept HTML is published HTML: a pro-only symbol hidden in it is still a leak.
        Fixtures.write("---\ntitle: Hidden\n---\n<span hidden>DDDX</span>\n", to: trusted.appendingPathComponent("content/pages/hidden.md"))
        let leak = try Binary.capture(["build", "--project", trusted.path])
        #expect(leak.status == 1 && leak.output.contains("DDDX"), "\(leak.output)")
    }

    @Test("a warning about a file is said once: the next night repeats it only if the file changed; check always lists it")
    func warningsOncePerFileVersion() throws {
        let root = Fixtures.project()
        let csv = root.appendingPathComponent("content/data/AAAX.csv")
        var lines = try String(contentsOf: csv, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        // Yahoo's holiday row, between two trading days.
        let holiday = try #require(Day(iso: String(lines[40].prefix(10)))).adding(days: -1)
        lines.insert("\(holiday),null,null,null,null,null", at: 40)
        try lines.joined(separator: "\n").write(to: csv, atomically: true, encoding: .utf8)
        let warning = "content/data/AAAX.csv:41: skipped \(holiday): no prices (null row, market closed)"
        var nights = 0
        func build() throws -> String {
            // Each night has something new to build: a page.
            nights += 1
            Fixtures.write("---\ntitle: Night \(nights)\n---\nNight.\n", to: root.appendingPathComponent("content/pages/night-\(nights).md"))
            let result = try Binary.capture(["build", "--project", root.path] + Fixtures.todayArguments)
            #expect(result.status == 0, "\(result.output)")
            return result.output
        }
        let first = try build()
        #expect(first.contains("warning: " + warning) && first.contains("; 1 warning;"), "\(first)")
        let second = try build()
        #expect(!second.contains("warning: ") && second.contains("1 warning about unchanged files reported by an earlier build is not repeated")
                && second.contains("1 warning (1 reported before)"), "\(second)")
        let check = try Binary.capture(["check", "--project", root.path] + Fixtures.todayArguments)
        #expect(check.output.contains(warning), "\(check.output)")
        // A changed file is read afresh: its warnings are said again.
        try (lines.joined(separator: "\n") + "\n").write(to: csv, atomically: true, encoding: .utf8)
        #expect(try build().contains("warning: " + warning))
        #expect(!(try build()).contains("warning: "))
    }

    @Test("deploy-config says when the secret variable is not set at all, apart from a secret that is too weak")
    func unsetSecret() throws {
        let root = Fixtures.project()
        let secretFile = Fixtures.temporaryDirectory("secret").appendingPathComponent("link-secret.conf").path
        let unset = try Binary.capture(["deploy-config", "nginx", "--project", root.path, "--write-secret-file", "--secret-file", secretFile],
                                       environment: ["SIGNALPRESS_LINK_SECRET": ""])
        #expect(unset.status == 1 && unset.output.contains("$SIGNALPRESS_LINK_SECRET (gating.secret_env), which is not set"), "\(unset.output)")
        let weak = try Binary.capture(["deploy-config", "nginx", "--project", root.path, "--write-secret-file", "--secret-file", secretFile],
                                      environment: ["SIGNALPRESS_LINK_SECRET": "short"])
        #expect(weak.status == 1 && weak.output.contains("$SIGNALPRESS_LINK_SECRET is shorter than 16 characters"), "\(weak.output)")
        #expect(!FileManager.default.fileExists(atPath: secretFile))
    }
}
