import Foundation
@testable import MarketData
@testable import Project
import Testing
@testable import signalpress

@Suite("Commands")
struct CommandTests {
    @Test("misuse exits 2, help exits 0")
    func exitCodes() {
        #expect(SignalPress.run(["build", "--no-such-flag"]) == 2)
        #expect(SignalPress.run(["nonsense"]) == 2)
        #expect(SignalPress.run(["build", "--as-of", "yesterday"]) == 2)
        #expect(SignalPress.run(["--help"]) == 0)
        #expect(SignalPress.run(["build", "--help"]) == 0)
    }

    @Test("sample-data writes the same files for the same seed")
    func sampleData() throws {
        let a = Fixtures.temporaryDirectory(), b = Fixtures.temporaryDirectory()
        #expect(SignalPress.run(["sample-data", "--out", a.path, "--symbols", "3", "--days", "300", "--seed", "5"]) == 0)
        #expect(SignalPress.run(["sample-data", "--out", b.path, "--symbols", "3", "--days", "300", "--seed", "5"]) == 0)
        let left = Fixtures.tree(a)
        // Three series, and the list that marks them as sample data (SAMPLE-DATA.txt).
        #expect(left.count == 4 && SampleDataList.unchanged(in: a).count == 3)
        #expect(left == Fixtures.tree(b))
        #expect(SignalPress.run(["sample-data", "--out", a.path, "--names", "../evil"]) == 2)
        // The data stays demo data while any one of its files is as generated.
        let files = try FileManager.default.contentsOfDirectory(atPath: b.path).filter { $0.hasSuffix(".csv") }.sorted()
        for (index, name) in files.enumerated() {
            #expect(SampleDataList.anyUnchanged(in: b))
            try Data("Date,Open,High,Low,Close,Volume\n".utf8).write(to: b.appendingPathComponent(name))
            #expect(SampleDataList.unchanged(in: b).count == files.count - index - 1)
        }
        #expect(!SampleDataList.anyUnchanged(in: b))
    }

    @Test("analyze prints every indicator column and the signal, and rejects bad input with file:line")
    func analyze() throws {
        let directory = Fixtures.temporaryDirectory()
        let file = directory.appendingPathComponent("ABCX.csv")
        let series = SampleData(days: 300, seed: 2).series(symbol: "ABCX")
        try Data(CSVWriter.csv(series).utf8).write(to: file)
        #expect(SignalPress.run(["analyze", file.path]) == 0)
        #expect(SignalPress.run(["analyze", file.path, "--format", "json"]) == 0)
        let bad = directory.appendingPathComponent("BAD.csv")
        try Data("Date,Open,High,Low,Close\n2024-01-02,1,2,1,x\n".utf8).write(to: bad)
        #expect(SignalPress.run(["analyze", bad.path]) == 1)
        #expect(SignalPress.run(["analyze", directory.appendingPathComponent("none.csv").path]) == 1)
    }

    @Test("init creates a project that builds straight away")
    func initProject() throws {
        let parent = Fixtures.temporaryDirectory()
        let project = parent.appendingPathComponent("demo")
        #expect(SignalPress.run(["init", project.path]) == 0)
        #expect(FileManager.default.fileExists(atPath: project.appendingPathComponent("Templates/layout.mustache").path))
        #expect(SignalPress.run(["build", "--project", project.path, "--quiet"]) == 0)
        let index = try String(contentsOf: project.appendingPathComponent("site/index.html"), encoding: .utf8)
        #expect(index.contains("ALPHX") && index.contains("synthetic"))
        // Hysteresis on from the first night, and a page that says what the calls mean.
        let config = try SiteConfigReader.read(String(contentsOf: project.appendingPathComponent("content/site.yml"), encoding: .utf8),
                                               file: "content/site.yml", watchlists: ["starter"])
        #expect(config.signals.preset == .balanced && config.signals.exitAt == 0.15 && config.signals.minHoldDays == 3)
        #expect(index.contains("href=\"methodology/index.html\">how they are made</a>"))
        let methodology = try String(contentsOf: project.appendingPathComponent("site/methodology/index.html"), encoding: .utf8)
        for words in ["The approach: Balanced", "HOLD is no call", "A BUY stands until the score falls below 0.15", "at least 3 trading days",
                      "RSI(14) below 30 (oversold) votes BUY"] {
            #expect(methodology.contains(words), "\(words)")
        }
        #expect(SignalPress.run(["init", project.path]) == 1)
    }

    @Test("keys: generate once, rotate keeps old public keys, files are private")
    func keys() throws {
        let project = Fixtures.project()
        #expect(SignalPress.run(["keys", "generate", "--project", project.path]) == 0)
        let signing = try String(contentsOf: project.appendingPathComponent("site/keys/signing.pub"), encoding: .utf8)
        #expect(signing.hasPrefix("ed25519 "))
        #expect(SignalPress.run(["keys", "generate", "--project", project.path]) == 1)
        #expect(SignalPress.run(["keys", "rotate", "--project", project.path]) == 0)
        #expect(SignalPress.run(["keys", "list", "--project", project.path]) == 0)
        let keys = project.appendingPathComponent(".signalpress/keys")
        let files = try FileManager.default.contentsOfDirectory(atPath: keys.path).filter { $0.hasSuffix(".key") }
        #expect(files.count == 2)
        for file in files {
            let mode = try FileManager.default.attributesOfItem(atPath: keys.appendingPathComponent(file).path)[.posixPermissions] as? Int
            #expect(mode == 0o600)
        }
        #expect(SignalPress.run(["build", "--project", project.path, "--quiet"]) == 0)
        let published = try FileManager.default.contentsOfDirectory(atPath: project.appendingPathComponent("site/keys").path)
        #expect(published.count == 3)
        let site = Fixtures.tree(project.appendingPathComponent("site"))
        for (path, data) in site { #expect(!path.hasSuffix(".key") && !String(decoding: data, as: UTF8.self).contains("PRIVATE")) }
    }
}
