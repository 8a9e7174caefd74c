import Foundation

/// Progress and summary output: a rewritten progress line on a TTY, nothing when quiet,
/// plain lines when piped.
struct Terminal {
    var quiet: Bool
    let isTTY = isatty(STDERR_FILENO) == 1

    func progress(_ text: String) {
        guard !quiet, isTTY else { return }
        FileHandle.standardError.write(Data("\r\u{1B}[2K\(text)".utf8))
    }

    func clearProgress() {
        guard !quiet, isTTY else { return }
        FileHandle.standardError.write(Data("\r\u{1B}[2K".utf8))
    }

    func warn(_ text: String) {
        guard !quiet else { return }
        clearProgress()
        FileHandle.standardError.write(Data("warning: \(text)\n".utf8))
    }

    /// Written at once (not through stdio's buffer), so a pipe or a log sees each line as it happens.
    func say(_ text: String) {
        guard !quiet else { return }
        FileHandle.standardOutput.write(Data((text + "\n").utf8))
    }
}
