import Core
import Foundation
import MarketData
import Testing

/// `market_server.py` on 127.0.0.1: serves `<SYMBOL>.csv` from a folder, misbehaving per symbol
/// as told, and counts what it saw. Started and stopped by the test.
final class MarketServer {
    static let script = SharedData.repositoryRoot.appendingPathComponent("Tests/SignalPressTests/Support/market_server.py")
    static let candidates = ["/usr/bin/python3", "/usr/local/bin/python3"]
    static let python: String? = candidates.first { FileManager.default.isExecutableFile(atPath: $0) }

    struct Stats: Decodable {
        var requests: [String: Int]
        var conditional: Int
        var not_modified: Int
        var peak: Int
        var times: [Double]
        var api_keys: [String]
    }

    let server: PythonServer
    var port: Int { server.port }
    let data: URL

    init(data: URL, scenarios: [String: String] = [:], delay: Double = 0) throws {
        self.data = data
        let config = Fixtures.temporaryDirectory("server").appendingPathComponent("config.json")
        let json = try JSONSerialization.data(withJSONObject: ["data": data.path, "delay": delay, "scenarios": scenarios])
        try json.write(to: config)
        server = try PythonServer(Self.script, [config.path])
    }

    func stop() { server.stop() }


    var url: String { "http://127.0.0.1:\(port)/{symbol}.csv" }

    func stats() throws -> Stats {
        let response = try HTTP.get(port, "/__stats")
        return try JSONDecoder().decode(Stats.self, from: Data(response.body))
    }

    /// Sample series for `symbols`, ending 2026-11-27, in a fresh folder.
    static func data(_ symbols: [String], days: Int = 300) -> URL {
        let directory = Fixtures.temporaryDirectory("market")
        let generator = SampleData(days: days, seed: 5, lastDay: Day(iso: "2026-11-27")!)
        for symbol in symbols {
            Fixtures.write(CSVWriter.csv(generator.series(symbol: symbol)), to: directory.appendingPathComponent("\(symbol).csv"))
        }
        return directory
    }
}

/// A Python server of the tests (`market_server.py`, `tsa_server.py`) on 127.0.0.1: started,
/// its port read from its first line, stopped once. The server's clock does not matter (its
/// times are monotonic, or the authority's own); libfaketime, when the suite runs under it,
/// only gets in the way of Python's sleeps and of OpenSSL's times.
final class PythonServer {
    let process = Process()
    let port: Int
    /// Once: a child reaped here still looks running to Foundation, and its number may be another's by now.
    private var stopped = false

    init(_ script: URL, _ arguments: [String], python: String? = MarketServer.python) throws {
        let output = Pipe()
        process.executableURL = URL(fileURLWithPath: python!)
        process.environment = ProcessInfo.processInfo.environment.filter { $0.key != "LD_PRELOAD" && !$0.key.hasPrefix("FAKETIME") }
        process.arguments = [script.path] + arguments
        process.standardOutput = output
        process.standardError = FileHandle(forWritingAtPath: "/dev/null")
        try process.run()
        var line = Data()
        while !line.contains(10) {
            let chunk = output.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            line.append(chunk)
        }
        guard let port = Int(String(decoding: line, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)) else {
            process.terminate()
            throw NSError(domain: script.lastPathComponent, code: 1, userInfo: [NSLocalizedDescriptionKey: "\(script.lastPathComponent) did not start"])
        }
        self.port = port
    }

    /// SIGKILL: a child of the test runner may inherit a signal mask that blocks SIGTERM.
    func stop() {
        guard !stopped else { return }
        stopped = true
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            process.reap()
        }
    }

    deinit { stop() }
}
