import Core
import Foundation
import Logging

/// Progress and summary output: a rewritten progress line on a TTY, nothing when quiet,
/// plain lines when piped.
struct Terminal: Sendable {
    var quiet: Bool
    let isTTY = isatty(STDERR_FILENO) == 1
    /// Set for `--log-format json`: every line becomes a JSON object and there is no progress line.
    var logger: Logger?

    init(quiet: Bool, format: LogFormat = .text) {
        self.quiet = quiet
        if format == .json {
            var logger = Logger(label: "signalpress") { _ in JSONLineLogHandler() }
            logger.logLevel = quiet ? .warning : .info
            self.logger = logger
        }
    }

    func log(_ message: String, _ metadata: Logger.Metadata) {
        logger?.info("\(message)", metadata: metadata)
    }

    func progress(_ text: String) {
        guard !quiet, isTTY, logger == nil else { return }
        FileHandle.standardError.write(Data("\r\u{1B}[2K\(text)".utf8))
    }

    func clearProgress() {
        guard !quiet, isTTY, logger == nil else { return }
        FileHandle.standardError.write(Data("\r\u{1B}[2K".utf8))
    }

    func warn(_ text: String, symbol: String? = nil) {
        if let logger {
            logger.warning("\(text)", metadata: symbol.map { ["symbol": .string($0)] })
            return
        }
        guard !quiet else { return }
        clearProgress()
        FileHandle.standardError.write(Data("warning: \(text)\n".utf8))
    }

    /// Written at once (not through stdio's buffer), so a pipe or a log sees each line as it happens.
    func say(_ text: String) {
        if let logger {
            logger.info("\(text)")
            return
        }
        guard !quiet else { return }
        FileHandle.standardOutput.write(Data((text + "\n").utf8))
    }

    /// Writes every byte to `fd` or throws: a full disk or a reader that went away (`| head`)
    /// is an error the caller must not mistake for delivery. A regular file is synced too.
    static func writeAll(_ bytes: [UInt8], to fd: Int32) throws {
        signal(SIGPIPE, SIG_IGN)
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeBytes { write(fd, $0.baseAddress! + offset, bytes.count - offset) }
            if written < 0 && errno == EINTR { continue }
            guard written > 0 else {
                throw CommandError.cannotWriteOutput(errno: errno)
            }
            offset += written
        }
        var info = stat()
        if fstat(fd, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG, fsync(fd) != 0 {
            throw CommandError.cannotSyncOutput(errno: errno)
        }
    }
}
