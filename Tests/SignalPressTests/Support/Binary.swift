import Foundation

/// The `signalpress` executable beside the test bundle, for tests that need a separate process
/// (concurrent writers, SIGKILL). Built once with `swift build --product signalpress` if absent.
enum Binary {
    static let url: URL = {
        let exe = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        let candidate = exe.deletingLastPathComponent().appendingPathComponent("signalpress")
        if !FileManager.default.isExecutableFile(atPath: candidate.path) {
            let build = Process()
            build.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            build.arguments = ["swift", "build", "--product", "signalpress"]
            build.currentDirectoryURL = SharedData.repositoryRoot
            try? build.run()
            build.waitUntilExit()
        }
        return candidate
    }()

    /// Starts `signalpress arguments` and returns the running process; with `descriptorLimit`,
    /// under `ulimit -n` of that many open files.
    static func start(_ arguments: [String], environment: [String: String] = [:], output: URL? = nil,
                      descriptorLimit: Int? = nil) throws -> Process {
        let process = Process()
        if let descriptorLimit {
            process.executableURL = URL(fileURLWithPath: "/bin/sh")
            process.arguments = ["-c", "ulimit -n \(descriptorLimit) && exec \"$0\" \"$@\"", url.path] + arguments
        } else {
            process.executableURL = url
            process.arguments = arguments
        }
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { _, new in new }
        let sink = output.flatMap { FileManager.default.createFile(atPath: $0.path, contents: nil) ? FileHandle(forWritingAtPath: $0.path) : nil }
        process.standardOutput = sink ?? FileHandle(forWritingAtPath: "/dev/null")
        process.standardError = sink ?? FileHandle(forWritingAtPath: "/dev/null")
        try process.run()
        return process
    }

    /// Runs to completion; returns the exit status.
    @discardableResult
    static func run(_ arguments: [String], environment: [String: String] = [:], output: URL? = nil) throws -> Int32 {
        let process = try start(arguments, environment: environment, output: output)
        return process.reap().status
    }

    /// Runs to completion; returns the exit status and everything written to stdout and stderr.
    static func capture(_ arguments: [String], environment: [String: String] = [:]) throws -> (status: Int32, output: String) {
        let output = Fixtures.temporaryDirectory("out").appendingPathComponent("output.txt")
        let status = try run(arguments, environment: environment, output: output)
        return (status, (try? String(contentsOf: output, encoding: .utf8)) ?? "")
    }
}
