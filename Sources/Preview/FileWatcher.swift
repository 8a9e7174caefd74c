import Foundation

/// Polls folders for changes (path, size, modification time) and returns once a burst of
/// changes has settled, so saving several files at once causes one rebuild.
public struct FileWatcher {
    public var directories: [URL]
    public var quietPeriod = 0.1

    public init(directories: [URL]) { self.directories = directories }

    /// Every file's path, size and modification time.
    public func signature() -> [String: String] {
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

    /// Returns the settled signature once the files differ from `start`: a signature taken before
    /// the build that used them, so an edit saved while that build ran is not missed.
    public func waitForChange(since start: [String: String], interval: Double) -> [String: String] {
        var current = signature()
        while current == start {
            Thread.sleep(forTimeInterval: interval)
            current = signature()
        }
        var settled = DispatchTime.now()
        while DispatchTime.now() < settled + quietPeriod {
            Thread.sleep(forTimeInterval: min(interval, quietPeriod))
            let next = signature()
            if next != current { current = next; settled = DispatchTime.now() }
        }
        return current
    }
}
