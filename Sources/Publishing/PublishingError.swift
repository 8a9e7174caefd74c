import Foundation

/// Why the next site could not be staged or swapped in. Each case carries its data; its
/// sentence is written here and nowhere else. The output is left as it was in every case.
public enum PublishingError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The output exists and is a file, not a folder.
    case outputNotAFolder(path: String)
    /// The output holds files SignalPress did not write (no `.signalpress-site` marker).
    case foreignOutput(path: String, entries: [String], marker: String)
    /// A file system call failed; `reason` is the system's own words.
    case cannotCreate(path: String, reason: String)
    case cannotWrite(path: String, reason: String)
    case notWritten(path: String)
    case cannotLink(from: String, to: String)
    case cannotCarryOver(path: String, reason: String)
    case cannotSwap(output: String, reason: String)
    case cannotMove(output: String, reason: String)

    public var description: String {
        switch self {
        case let .outputNotAFolder(path): "refusing to replace \(path): it is not a folder (choose a new or empty folder for --output)"
        case let .foreignOutput(path, entries, marker):
            "refusing to replace \(path): it holds \(entries.prefix(3).joined(separator: ", "))\(entries.count > 3 ? ", ..." : "")"
                + " and was not written by signalpress (no \(marker)); choose a new or empty folder for --output"
        case let .cannotCreate(path, reason): "cannot create \(path): \(reason)"
        case let .cannotWrite(path, reason): "cannot write \(path): \(reason)"
        case let .notWritten(path): "\(path) was not written"
        case let .cannotLink(from, to): "cannot link \(from) to \(to)"
        case let .cannotCarryOver(path, reason): "cannot carry over \(path): \(reason)"
        case let .cannotSwap(output, reason): "cannot swap the new site into \(output): \(reason)"
        case let .cannotMove(output, reason): "cannot move the new site into \(output): \(reason)"
        }
    }
}
