import ArgumentParser
import Build
import FlyingFox
import FlyingSocks
import Foundation
import MarketData
import Publishing
import Tiers

struct ServeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve", abstract: "Build, serve on 127.0.0.1, rebuild on every change and reload open pages.")

    @OptionGroup var projectOptions: ProjectOptions

    @Option(help: "Port (0 picks a free one).") var port: Int = 8000
    @Option(help: "Address to listen on; only loopback unless you say otherwise.") var bind = "127.0.0.1"
    @Option(help: "Preview this tier's bundle instead of the public site.") var tier: String?
    @Option(help: "Seconds between checks for changed files.") var interval: Double = 0.25

    func validate() throws {
        guard (0...65535).contains(port) else { throw ValidationError("--port must be 0 to 65535") }
    }

    func run() throws {
        let root = projectOptions.root
        let preview = StateDirectory(project: root).preview
        let output = preview.appendingPathComponent("site")
        let terminal = Terminal(quiet: false)
        let state = PreviewState(directory: output)
        var generation = 0

        func rebuild() {
            let started = Date()
            do {
                let summary = try Build(options: .init(root: root, output: output, recordsLedger: false), progress: { terminal.progress($0) }).run()
                var directory = output
                if let tier {
                    generation += 1
                    directory = try Self.unpack(tier: tier, date: summary.asOf, site: output,
                                                into: preview.appendingPathComponent("tier-\(tier)-\(generation)"))
                }
                state.succeeded(directory: directory)
                terminal.say("rebuilt \(summary.asOf) in \(String(format: "%.2f", Date().timeIntervalSince(started)))s")
            } catch {
                state.failed("\(error)")
                FileHandle.standardError.write(Data("build failed (still serving the last good build):\n\(error)\n".utf8))
            }
        }
        rebuild()

        let address: sockaddr_in
        do { address = try sockaddr_in.inet(ip4: bind, port: UInt16(port)) } catch {
            throw UserError("--bind \(bind) is not an IPv4 address")
        }
        let server = HTTPServer(address: address, logger: .disabled)
        let handler = PreviewServer(state: state)
        let listening = DispatchSemaphore(value: 0)
        let boundPort = PortBox()
        Task {
            await server.appendRoute("GET,HEAD *") { request in handler.handle(request) }
            Task {
                try? await server.waitUntilListening()
                if case let .ip4(_, port) = await server.listeningAddress { boundPort.value = Int(port) }
                listening.signal()
            }
            do { try await server.run() } catch {
                FileHandle.standardError.write(Data("cannot serve on \(bind):\(port): \(error)\n".utf8))
                Foundation.exit(1)
            }
        }
        listening.wait()
        FileHandle.standardOutput.write(Data("serving http://\(bind):\(boundPort.value)/ (watching content/ and Templates/; Ctrl-C stops)\n".utf8))

        let watcher = FileWatcher(directories: [root.appendingPathComponent("content"), root.appendingPathComponent("Templates")])
        while true {
            watcher.waitForChange(interval: interval)
            rebuild()
        }
    }

    /// The tier's bundle, unzipped into a fresh folder, as a subscriber would open it.
    static func unpack(tier: String, date: Day, site: URL, into directory: URL) throws -> URL {
        let zip = site.appendingPathComponent(BundlePath(tier: tier, date: date).archive)
        guard let data = FileManager.default.contents(atPath: zip.path) else { throw UserError("no bundle for tier '\(tier)' (\(zip.path))") }
        let files = try BundleArchive.unzip([UInt8](data))
        try? FileManager.default.removeItem(at: directory)
        for (path, bytes) in files {
            let target = directory.appendingPathComponent(path)
            try FileManager.default.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(bytes).write(to: target)
        }
        if let headers = FileManager.default.contents(atPath: site.appendingPathComponent("_headers").path) {
            try headers.write(to: directory.appendingPathComponent("_headers"))
        }
        return directory
    }
}

final class PortBox: @unchecked Sendable {
    var value = 0
}

/// Polls folders for changes (path, size, modification time) and returns once a burst of
/// changes has settled, so saving several files at once causes one rebuild.
struct FileWatcher {
    var directories: [URL]
    var quietPeriod = 0.3

    func signature() -> [String: String] {
        var result: [String: String] = [:]
        for directory in directories {
            guard let enumerator = FileManager.default.enumerator(at: directory, includingPropertiesForKeys: [.contentModificationDateKey, .fileSizeKey]) else { continue }
            for case let url as URL in enumerator {
                let values = try? url.resourceValues(forKeys: [.contentModificationDateKey, .fileSizeKey])
                result[url.path] = "\(values?.fileSize ?? -1)@\(values?.contentModificationDate?.timeIntervalSince1970 ?? 0)"
            }
        }
        return result
    }

    func waitForChange(interval: Double) {
        let start = signature()
        var current = start
        while current == start {
            Thread.sleep(forTimeInterval: interval)
            current = signature()
        }
        var settled = Date()
        while Date().timeIntervalSince(settled) < quietPeriod {
            Thread.sleep(forTimeInterval: min(interval, quietPeriod))
            let next = signature()
            if next != current { current = next; settled = Date() }
        }
    }
}
