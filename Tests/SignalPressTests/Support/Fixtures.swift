import Core
import Foundation
import MarketData

/// Series built to make a rule fire, and small projects on disk for end-to-end tests.
enum Fixtures {
    static func series(_ closes: [Double], volume: [Double]? = nil, symbol: String = "FIX", spread: Double = 0.01) -> Series {
        var day = Day(iso: "2020-01-01")!
        var dates: [Day] = []
        while dates.count < closes.count {
            if !day.isWeekend { dates.append(day) }
            day = day.adding(days: 1)
        }
        let open = [closes[0]] + closes.dropLast()
        return Series(symbol: symbol, dates: dates, open: open,
                      high: zip(open, closes).map { max($0, $1) * (1 + spread) },
                      low: zip(open, closes).map { min($0, $1) * (1 - spread) },
                      close: closes, volume: volume ?? [Double](repeating: 1000, count: closes.count))
    }

    static func rising(_ count: Int, from start: Double = 100, rate: Double = 0.003) -> [Double] {
        (0..<count).map { start * pow(1 + rate, Double($0)) }
    }

    /// A gentle zig-zag around a level: no trend, oscillators in mid range.
    static func sideways(_ count: Int, level: Double = 100) -> [Double] {
        (0..<count).map { level * (1 + 0.01 * sin(Double($0) * 0.7)) }
    }

    static func temporaryDirectory(_ name: String = "signalpress") -> URL {
        let url = runFolder.appendingPathComponent("\(name)-\(UUID().uuidString)")
        try! FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// Every folder a test makes lives in one folder of this test process, removed when the
    /// process exits; a run that crashed leaves its folder, and the next run removes it. Without
    /// this, each run left gigabytes of projects in the temporary folder until the disk filled.
    private static let runFolder: URL = {
        let base = FileManager.default.temporaryDirectory
        removeFoldersOfEndedRuns(in: base)
        let folder = base.appendingPathComponent("\(runPrefix)\(getpid())")
        try! FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        atexit { try? FileManager.default.removeItem(at: Fixtures.runFolder) }
        pinToday()
        return folder
    }()

    /// A command run without `--today` (in this process or a child) builds on `lastDay`'s
    /// evening, as a nightly build would, whatever the machine's date: staleness is measured
    /// from the build's day, so an unpinned build a year on would find every series a year
    /// behind. A test that needs another day says so (`--today`, or its own SOURCE_DATE_EPOCH).
    private static func pinToday() {
        setenv("SOURCE_DATE_EPOCH", String(lastDay.daysSinceEpoch * 86_400 + 22 * 3_600), 0)
    }

    private static let runPrefix = "signalpress-tests-"

    private static func removeFoldersOfEndedRuns(in base: URL) {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: base.path)) ?? []
        for name in names where name.hasPrefix(runPrefix) {
            guard let pid = pid_t(name.dropFirst(runPrefix.count)), kill(pid, 0) != 0, errno == ESRCH else { continue }
            try? FileManager.default.removeItem(at: base.appendingPathComponent(name))
        }
    }

    static func write(_ text: String, to url: URL) {
        try! FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try! Data(text.utf8).write(to: url)
    }

    /// An executable script, written through a close-on-exec descriptor: tests run in parallel in
    /// one process, and a child another test starts while an ordinary descriptor is open would
    /// keep the script open for writing, so running it fails with "Text file busy".
    static func writeExecutable(_ text: String, to url: URL) {
        try! FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        let fd = open(url.path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o755)
        precondition(fd >= 0, "cannot create \(url.path)")
        let bytes = Array(text.utf8)
        precondition(Glibc.write(fd, bytes, bytes.count) == bytes.count)
        close(fd)
    }

    static let siteYAML = """
    title: Test Signals
    base_url: https://test.example.com
    notice: "Synthetic test data."
    tiers:
      - { id: free, price_cents: 0, delay_days: 1, watchlists: [core], features: [dashboard, reports] }
      - { id: pro, price_cents: 1000, watchlists: all, features: [dashboard, charts, reports, exports] }

    """

    /// A small project: two watchlists (one free), four symbols of synthetic data, a page and a note.
    static func project(site: String = siteYAML, days: Int = 320) -> URL {
        let root = temporaryDirectory("project")
        let content = root.appendingPathComponent("content")
        write(site, to: content.appendingPathComponent("site.yml"))
        write("title: Core\ndescription: The *free* list.\nsymbols: [AAAX, BBBX]\n", to: content.appendingPathComponent("watchlists/core.yml"))
        write("title: Extra\nsymbols: [CCCX, DDDX]\n", to: content.appendingPathComponent("watchlists/extra.yml"))
        write("---\ntitle: Methodology\ndescription: How it works.\n---\nRules *vote*.\n", to: content.appendingPathComponent("pages/methodology.md"))
        write("---\ntitle: Disclaimer\n---\nNot advice.\n", to: content.appendingPathComponent("pages/disclaimer.md"))
        let generator = SampleData(days: days, seed: 9, lastDay: Day(iso: "2026-11-27")!)
        for symbol in ["AAAX", "BBBX", "CCCX", "DDDX"] {
            write(CSVWriter.csv(generator.series(symbol: symbol)), to: content.appendingPathComponent("data/\(symbol).csv"))
        }
        write("---\ntitle: A quiet day\n---\nNothing *moved*.\n", to: content.appendingPathComponent("notes/2026-11-26.md"))
        return root
    }

    /// Every file below `directory` with its bytes, keyed by relative path.
    static func tree(_ directory: URL) -> [String: Data] {
        var result: [String: Data] = [:]
        let base = directory.standardizedFileURL.path
        guard let enumerator = FileManager.default.enumerator(at: directory, includingPropertiesForKeys: [.isRegularFileKey]) else { return [:] }
        for case let url as URL in enumerator {
            guard (try? url.resourceValues(forKeys: [.isRegularFileKey]))?.isRegularFile == true else { continue }
            result[String(url.standardizedFileURL.path.dropFirst(base.count + 1))] = try? Data(contentsOf: url)
        }
        return result
    }
}

extension Fixtures {
    /// The day every fixture's market data ends on (a Friday), and the pinned clock of in-process
    /// builds and ledgers: the evening's nightly run on that day, whatever the machine's date.
    static let lastDay = Day(iso: "2026-11-27")!
    static let clock = Clock(today: lastDay)
    /// The same pin for a command run through the CLI.
    static let todayArguments = ["--today", lastDay.iso]
}
