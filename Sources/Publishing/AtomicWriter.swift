import Foundation

/// Publishes a build by writing it completely into a staging directory beside the output and
/// then exchanging the two directories, so a failed or killed build never leaves a half-written
/// site. Files that must survive every build (`README.md` in the output) are carried over.
/// A file whose bytes did not change is hard-linked from the current output instead of being
/// written again, so it keeps its inode and modification time (a CDN sync or rsync skips it).
public struct AtomicWriter: Sendable {
    public var output: URL
    public var keep: [String]

    public init(output: URL, keep: [String] = ["README.md"]) {
        self.output = output
        self.keep = keep
    }

    public struct Failure: Error, CustomStringConvertible {
        public var description: String
    }

    /// Returns how many files were written anew (the rest were linked unchanged).
    @discardableResult
    public func write(_ files: OutputFiles) throws(Failure) -> Int {
        let manager = FileManager.default
        var rewritten = 0
        let parent = output.deletingLastPathComponent()
        let name = output.lastPathComponent
        let staging = parent.appendingPathComponent(".\(name).staging-\(ProcessInfo.processInfo.processIdentifier)")
        do {
            try? manager.removeItem(at: staging)
            try manager.createDirectory(at: staging, withIntermediateDirectories: true)
            for path in files.paths {
                let url = staging.appendingPathComponent(path)
                try manager.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
                let bytes = files[path]!
                let current = output.appendingPathComponent(path).path
                if Self.sameBytes(atPath: current, bytes), link(current, url.path) == 0 { continue }
                guard manager.createFile(atPath: url.path, contents: Data(bytes)) else {
                    throw Failure(description: "cannot write \(url.path)")
                }
                rewritten += 1
            }
            for path in keep where files[path] == nil {
                let existing = output.appendingPathComponent(path)
                if manager.fileExists(atPath: existing.path) {
                    try manager.copyItem(at: existing, to: staging.appendingPathComponent(path))
                }
            }
        } catch let failure as Failure {
            try? manager.removeItem(at: staging)
            throw failure
        } catch {
            try? manager.removeItem(at: staging)
            throw Failure(description: "cannot write the staging directory \(staging.path): \(error.localizedDescription)")
        }
        try swap(staging, into: output)
        return rewritten
    }

    /// Whether the file at `path` holds exactly `bytes` (size first, then content).
    static func sameBytes(atPath path: String, _ bytes: [UInt8]) -> Bool {
        var info = stat()
        guard stat(path, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG, Int(info.st_size) == bytes.count else { return false }
        guard let existing = FileManager.default.contents(atPath: path) else { return false }
        return existing.elementsEqual(bytes)
    }

    /// Exchanges `staging` and `output` in one `renameat2(RENAME_EXCHANGE)` where the kernel
    /// supports it; otherwise renames the old output aside first.
    func swap(_ staging: URL, into output: URL) throws(Failure) {
        let manager = FileManager.default
        if manager.fileExists(atPath: output.path) {
            if exchange(staging.path, output.path) {
                try? manager.removeItem(at: staging)
                return
            }
            let old = output.deletingLastPathComponent().appendingPathComponent(".\(output.lastPathComponent).old-\(ProcessInfo.processInfo.processIdentifier)")
            do {
                try manager.moveItem(at: output, to: old)
                try manager.moveItem(at: staging, to: output)
                try? manager.removeItem(at: old)
            } catch {
                throw Failure(description: "cannot swap the new site into \(output.path): \(error.localizedDescription)")
            }
        } else {
            do { try manager.moveItem(at: staging, to: output) } catch {
                throw Failure(description: "cannot move the new site into \(output.path): \(error.localizedDescription)")
            }
        }
    }

    func exchange(_ a: String, _ b: String) -> Bool {
        #if os(Linux)
        // renameat2 with RENAME_EXCHANGE (2) swaps both names atomically. Glibc declares it only
        // under _GNU_SOURCE, which Swift's Glibc module does not set, so it is looked up at run time.
        typealias RenameAt2 = @convention(c) (Int32, UnsafePointer<CChar>, Int32, UnsafePointer<CChar>, UInt32) -> Int32
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "renameat2") else { return false }
        let renameat2 = unsafeBitCast(symbol, to: RenameAt2.self)
        let result = a.withCString { pa in b.withCString { pb in renameat2(AT_FDCWD, pa, AT_FDCWD, pb, 2) } }
        return result == 0
        #else
        return false
        #endif
    }
}
