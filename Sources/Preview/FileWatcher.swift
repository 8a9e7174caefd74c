import Foundation

/// Polls folders for changes (path, size, modification time) and returns once a burst of
/// changes has settled, so saving several files at once causes one rebuild.
public struct FileWatcher {
    public var directories: [URL]
    public var quietPeriod = 0.1

    public init(directories: [URL]) { self.directories = directories }

    /// Every file's path, size and modification time; nil when a folder could not be read whole
    /// (no descriptors left, say): a folder read in part is not a change, and must not start a build.
    public func signature() -> [String: String]? {
        var result: [String: String] = [:]
        var unreadable = false
        for directory in directories where FileManager.default.fileExists(atPath: directory.path) {
            guard let enumerator = FileManager.default.enumerator(at: directory, includingPropertiesForKeys: [.contentModificationDateKey, .fileSizeKey],
                                                                  options: [], errorHandler: { _, _ in unreadable = true; return false }) else { return nil }
            for case let url as URL in enumerator {
                let values = try? url.resourceValues(forKeys: [.contentModificationDateKey, .fileSizeKey])
                result[url.path] = "\(values?.fileSize ?? -1)@\(values?.contentModificationDate?.timeIntervalSince1970 ?? 0)"
            }
        }
        return unreadable ? nil : result
    }

    /// Returns the settled signature once the files differ from `start`: a signature taken before
    /// the build that used them, so an edit saved while that build ran is not missed.
    public func waitForChange(since start: [String: String], interval: Double) -> [String: String] {
        var current = signature() ?? start
        while current == start {
            Thread.sleep(forTimeInterval: interval)
            current = signature() ?? start
        }
        var settled = DispatchTime.now()
        while DispatchTime.now() < settled + quietPeriod {
            Thread.sleep(forTimeInterval: min(interval, quietPeriod))
            let next = signature() ?? current
            if next != current { current = next; settled = DispatchTime.now() }
        }
        return current
    }
}
