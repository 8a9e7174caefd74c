import Core
import Foundation
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// The next site, written file by file into a staging directory beside the output while the
/// build produces it, then exchanged with the output in one step (`publish`), so a failed or
/// killed build never leaves a half-written site. A file whose bytes did not change is
/// hard-linked from the current output instead of written again: it keeps its inode and
/// modification time, and a CDN sync or rsync skips it. Files that must survive every build
/// (`README.md` in the output) are carried over. Safe to call from several threads.
public final class StagingSite: Sendable {
    public let output: URL
    /// `.<output>.staging-<pid>` beside the output.
    public let directory: URL
    let keep: [String]
    private struct State {
        var folders: Set<String> = [""]
        var written = WrittenPaths()
        var firstFailure: PublishingError?
        var files = 0
        var bytes = 0
        var rewritten = 0
    }
    private let state = Mutex(State())
    /// Files in the staged site, their bytes, and how many were written anew (not linked).
    public var files: Int { state.withLock { $0.files } }
    public var bytes: Int { state.withLock { $0.bytes } }
    public var rewritten: Int { state.withLock { $0.rewritten } }

    /// `reuse`: start from the site the last build replaced (`.<output>.spare`), whose folders
    /// exist already and whose unchanged files are the published ones, instead of an empty
    /// folder: a night then makes no folder for each of the hundreds of bundles and reports it
    /// publishes again, and removes no old site. Whatever this build does not write is swept
    /// out before the swap. A changed file is written in place only when nothing else links it
    /// (not the published site, not the edition store); any other is replaced by a new one.
    public init(output: URL, keep: [String] = ["README.md"], reuse: Bool = false) throws(PublishingError) {
        self.output = output
        self.keep = keep
        self.reuses = reuse
        try Self.checkReplaceable(output, keep: keep)
        let parent = output.deletingLastPathComponent()
        directory = parent.appendingPathComponent(".\(output.lastPathComponent).staging-\(ProcessInfo.processInfo.processIdentifier)")
        (directoryPath, outputPath) = (directory.path + "/", output.path + "/")
        Self.removeAbandonedStaging(beside: output)
        FileTree.remove(directory.path)
        if !(reuse && rename(Self.spare(of: output).path, directory.path) == 0) {
            do { try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true) } catch {
                throw .cannotCreate(path: directory.path, reason: error.localizedDescription)
            }
        }
        write(Self.marker, Array(Self.markerText.utf8))
    }

    let reuses: Bool
    /// `directory` and `output` as paths ending in `/`: a file's path is one append, where
    /// `URL.appendingPathComponent` stats the result to learn whether it is a folder (a tenth of
    /// the time spent writing a page).
    private let directoryPath: String
    private let outputPath: String

    /// Where `path` is staged, and where the published site has it.
    private func paths(_ path: String) -> (target: String, current: String) { (directoryPath + path, outputPath + path) }

    /// The site the last build replaced, kept for the next build to start from.
    public static func spare(of output: URL) -> URL {
        output.deletingLastPathComponent().appendingPathComponent(".\(output.lastPathComponent).spare")
    }

    /// The file that says a folder is a site this tool wrote, so the next build may replace it.
    public static let marker = ".signalpress-site"
    static let markerText = "Written by `signalpress build`; the next build replaces this folder whole.\n"

    /// A build replaces only what it made: a missing or empty folder (or one holding only the
    /// files it carries over), or a folder with the marker of an earlier build. Anything else,
    /// `content/` or a file given as `--output` by mistake, is refused before anything happens.
    public static func checkReplaceable(_ output: URL, keep: [String] = ["README.md"]) throws(PublishingError) {
        var info = stat()
        guard lstat(output.path, &info) == 0 else { return }
        guard (info.st_mode & S_IFMT) == S_IFDIR else {
            throw .outputNotAFolder(path: output.path)
        }
        if FileManager.default.fileExists(atPath: output.appendingPathComponent(marker).path) { return }
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: output.path)) ?? []
        let foreign = entries.filter { !keep.contains($0) }.sorted()
        guard foreign.isEmpty else {
            throw .foreignOutput(path: output.path, entries: foreign, marker: marker)
        }
    }

    /// Makes `output` (if it may be replaced) a folder this tool owns, for commands that publish
    /// into the site between builds (`keys generate`).
    public static func claim(_ output: URL) throws(PublishingError) {
        try checkReplaceable(output)
        let marked = output.appendingPathComponent(marker)
        guard !FileManager.default.fileExists(atPath: marked.path) else { return }
        do {
            try FileManager.default.createDirectory(at: output, withIntermediateDirectories: true)
            try Data(markerText.utf8).write(to: marked)
        } catch { throw .cannotWrite(path: marked.path, reason: error.localizedDescription) }
    }

    /// Staging folders of builds that were killed: their process is gone.
    static func removeAbandonedStaging(beside output: URL) {
        let parent = output.deletingLastPathComponent()
        let prefix = ".\(output.lastPathComponent).staging-"
        for name in (try? FileManager.default.contentsOfDirectory(atPath: parent.path)) ?? [] where name.hasPrefix(prefix) {
            guard let pid = Int32(name.dropFirst(prefix.count)), pid != getpid(), kill(pid, 0) != 0, errno == ESRCH else { continue }
            try? FileManager.default.removeItem(at: parent.appendingPathComponent(name))
        }
    }

    /// The first write that failed, if any: the build checks it before publishing.
    public var failure: PublishingError? { state.withLock { $0.firstFailure } }

    /// The staged file's location, for reading what was staged.
    public func url(_ path: String) -> URL { directory.appendingPathComponent(path) }

    /// Where a writer streams a new file (a bundle): its folder made, and whatever a reused
    /// site held there removed (it may be a published file: it is never written in place).
    public func fresh(_ path: String) -> URL {
        prepare(path)
        unlink(directoryPath + path)
        return url(path)
    }

    /// Whether the file at `target` is already `source` (the same inode).
    static func same(_ target: String, _ source: String) -> Bool {
        var a = stat(), b = stat()
        return stat(target, &a) == 0 && stat(source, &b) == 0 && a.st_dev == b.st_dev && a.st_ino == b.st_ino
    }

    /// Takes back a file a writer streamed but that is not published after all (the zip of a day
    /// already sealed), and its folder when that leaves it empty.
    public func withdraw(_ path: String) {
        try? FileManager.default.removeItem(at: url(path))
        let folder = (path as NSString).deletingLastPathComponent
        if rmdir(url(folder).path) == 0 { state.withLock { _ = $0.folders.remove(folder) } }
    }

    /// Creates the folders of `path` inside the staging directory.
    public func prepare(_ path: String) {
        let folder = path.lastIndex(of: "/").map { String(path[..<$0]) } ?? ""
        let known = state.withLock { $0.folders.contains(folder) }
        guard !known else { return }
        guard Self.makeFolders(directoryPath + folder) else {
            fail(.cannotCreate(path: directory.appendingPathComponent(folder).path, reason: String(cString: strerror(errno))))
            return
        }
        state.withLock { _ = $0.folders.insert(folder) }
    }

    /// mkdir -p, with the system's calls: a night makes a folder per bundle and report it publishes.
    static func makeFolders(_ path: String) -> Bool {
        if mkdir(path, 0o755) == 0 { return true }
        if errno == EEXIST {
            // A reused site may hold a file where this one has a folder.
            var info = stat()
            if stat(path, &info) == 0, (info.st_mode & S_IFMT) == S_IFDIR { return true }
            return unlink(path) == 0 && mkdir(path, 0o755) == 0
        }
        guard errno == ENOENT, let slash = path.lastIndex(of: "/"), slash != path.startIndex else { return false }
        return makeFolders(String(path[..<slash])) && (mkdir(path, 0o755) == 0 || errno == EEXIST)
    }

    /// Links the files `names` of the folder `source` in at `folder`, as `linkIn` does each;
    /// returns the names not found.
    public func linkIn(_ names: [String], of source: String, at folder: String) -> [String] {
        // Each folder opened once and each name looked up in it: a night keeps hundreds of sealed
        // bundles, and a whole path's `stat` per file, twice, grew with the archive.
        let sources = open(source, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard sources >= 0 else { return names }
        defer { close(sources) }
        let staged = reuses ? open(directoryPath + folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC) : -1
        defer { if staged >= 0 { close(staged) } }
        return names.filter { name in
            var kept = stat(), found = stat()
            guard fstatat(sources, name, &kept, 0) == 0 else { return true }
            if staged >= 0, fstatat(staged, name, &found, 0) == 0, found.st_dev == kept.st_dev, found.st_ino == kept.st_ino {
                // The reused site has it already: a sealed file is never changed (see below).
                added(folder + "/" + name, bytes: Int(found.st_size), rewritten: false)
                return false
            }
            return !linkIn(source + "/" + name, at: folder + "/" + name)
        }
    }

    /// Links `source` (a file kept outside the site, such as a sealed bundle) in at `path` and
    /// counts it; false when there is no such source.
    public func linkIn(_ source: String, at path: String) -> Bool {
        var staged = stat(), kept = stat()
        guard stat(source, &kept) == 0 else { return false }
        let target = directoryPath + path
        if reuses, stat(target, &staged) == 0, staged.st_dev == kept.st_dev, staged.st_ino == kept.st_ino {
            // The reused site has it already (its folder too): a sealed file is never changed, so
            // the published one is this one too. Two calls, for each of the hundreds a night keeps.
            added(path, bytes: Int(staged.st_size), rewritten: false)
            return true
        }
        prepare(path)
        if link(source, target) != 0 {
            if errno == EEXIST, state.withLock({ $0.written.contains(path) }) { return true }
            if errno == EEXIST, unlink(target) == 0, link(source, target) == 0 {
                adopt(path)
                return true
            }
            // Another file system (a site on its own mount): a copy.
            guard errno == EXDEV, (try? FileManager.default.copyItem(atPath: source, toPath: target)) != nil else { return false }
        }
        adopt(path)
        return true
    }

    public func write(_ path: String, _ content: [UInt8]) {
        prepare(path)
        let (target, current) = paths(path)
        var linked = false
        if Self.sameBytes(atPath: current, content) {
            linked = reuses && Self.same(target, current)
            if !linked {
                unlink(target)
                linked = link(current, target) == 0
            }
        }
        if !linked {
            let owned = reuses ? Self.openOwned(target) : nil
            let fd = owned ?? create(target)
            var done = fd >= 0 && content.withUnsafeBytes { Glibc.write(fd, $0.baseAddress, $0.count) } == content.count
            // Cut to the new length only after writing: ext4 flushes a file emptied by a truncate
            // to zero when it is closed (its `auto_da_alloc`), which was a tenth of a night.
            if done, owned != nil { done = ftruncate(fd, off_t(content.count)) == 0 }
            if fd >= 0 { close(fd) }
            guard done else { return fail(.cannotWrite(path: target, reason: String(cString: strerror(errno)))) }
        }
        added(path, bytes: content.count, rewritten: !linked)
    }

    /// A file of the reused site that nothing else shares (one link: not the published site's,
    /// not the edition store's), opened to be written again in place from its start: a new inode
    /// for every changed page was most of a night's file system time once the disk held a few
    /// years of editions. Nil for anything else.
    private static func openOwned(_ target: String) -> Int32? {
        let fd = open(target, O_WRONLY | O_NOFOLLOW | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        var info = stat()
        if fstat(fd, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG, info.st_nlink == 1 { return fd }
        close(fd)
        return nil
    }

    private func create(_ target: String) -> Int32 {
        unlink(target)
        return open(target, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
    }

    /// Carries the published file at `path` over unchanged (a hard link), for a page the build
    /// knows it would render to the same bytes.
    public func carry(_ path: String) {
        let (target, current) = paths(path)
        var info = stat(), staged = stat()
        guard stat(current, &info) == 0 else { return fail(.cannotLink(from: current, to: target)) }
        // The reused site has it already (its folder too) when it is the same inode.
        if !(reuses && stat(target, &staged) == 0 && staged.st_dev == info.st_dev && staged.st_ino == info.st_ino) {
            prepare(path)
            unlink(target)
            guard link(current, target) == 0 else { return fail(.cannotLink(from: current, to: target)) }
        }
        added(path, bytes: Int(info.st_size), rewritten: false)
    }

    /// Counts a file a writer streamed into `url(path)` itself; links the previous one instead
    /// when the bytes are the same.
    public func adopt(_ path: String) {
        let (target, current) = paths(path)
        var info = stat()
        guard stat(target, &info) == 0 else { return fail(.notWritten(path: target)) }
        var linked = false
        var published = stat()
        if stat(current, &published) == 0, published.st_dev == info.st_dev, published.st_ino == info.st_ino {
            // Already the published file (a sealed bundle linked from the edition store): nothing to compare.
            linked = true
        } else if Self.sameFiles(current, target), unlink(target) == 0 {
            linked = link(current, target) == 0
            if !linked { return fail(.cannotLink(from: current, to: target)) }
        }
        added(path, bytes: Int(info.st_size), rewritten: !linked)
    }

    private func added(_ path: String, bytes count: Int, rewritten changed: Bool) {
        state.withLock { state in
            if state.written.insert(path) {
                state.files += 1
                state.bytes += count
                if changed { state.rewritten += 1 }
            }
        }
    }

    private func fail(_ problem: PublishingError) {
        state.withLock { state in
            if state.firstFailure == nil { state.firstFailure = problem }
        }
    }

    /// Carries over the kept files and exchanges the staging directory with the output.
    public func publish() throws(PublishingError) {
        if let failure { throw failure }
        let manager = FileManager.default
        let written = state.withLock { $0.written }
        // What a reused site held that this build did not write is not part of it. A sealed
        // day's folder this build published is kept whole without reading it: its files come
        // from the edition store, which only grows.
        if reuses {
            let publishedDays = Set(written.folders.filter(Self.isSealedDay))
            FileTree.sweep(directory.path, enters: { !publishedDays.contains($0) }) { written.contains($0) }
        }
        for path in keep where !written.contains(path) {
            let existing = output.appendingPathComponent(path)
            if manager.fileExists(atPath: existing.path) {
                do { try manager.copyItem(at: existing, to: directory.appendingPathComponent(path)) } catch {
                    throw .cannotCarryOver(path: existing.path, reason: error.localizedDescription)
                }
            }
        }
        try swap()
    }

    /// Removes the staging directory: the build failed and the output stays as it was.
    public func discard() { FileTree.remove(directory.path) }

    /// A sealed day's folder of a site, `reports/DATE`, `members/TIER/reports/DATE` or
    /// `bundles/TIER/DATE`: what is in it was published with that day's edition and never changes.
    public static func isSealedDay(_ folder: String) -> Bool {
        // Every folder of the site is asked, every no-op: the date is looked at before the path is split.
        let bytes = folder.utf8
        guard bytes.count > 10, Day(isoBytes: ArraySlice(bytes.suffix(10))) != nil, bytes.dropLast(10).last == UInt8(ascii: "/") else { return false }
        // The folders above the day, by bytes: splitting the path as a `String`, once per sealed day, grew a no-op with the archive.
        let parts = Array(bytes.dropLast(11)).split(separator: UInt8(ascii: "/"))
        func named(_ index: Int, _ name: String) -> Bool { parts[index].elementsEqual(name.utf8) }
        return (parts.count == 1 && named(0, "reports")) || (parts.count == 2 && named(0, "bundles"))
            || (parts.count == 3 && named(0, "members") && named(2, "reports"))
    }

    /// Whether the file at `path` holds exactly `bytes` (size first, then content, a block at a
    /// time with `memcmp`, stopping at the first difference). Comparing through `Data`'s iterator,
    /// a byte at a time, was 15% of a night's CPU: every file a build writes is compared.
    static func sameBytes(atPath path: String, _ bytes: [UInt8]) -> Bool {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG, Int(info.st_size) == bytes.count else { return false }
        return bytes.withUnsafeBytes { expected in
            withUnsafeTemporaryAllocation(byteCount: 1 << 16, alignment: 16) { block in
                var offset = 0
                while offset < expected.count {
                    let count = read(fd, block.baseAddress!, min(block.count, expected.count - offset))
                    guard count > 0, memcmp(block.baseAddress!, expected.baseAddress! + offset, count) == 0 else { return false }
                    offset += count
                }
                return true
            }
        }
    }

    static func sameFiles(_ a: String, _ b: String) -> Bool {
        var first = stat(), second = stat()
        guard stat(a, &first) == 0, stat(b, &second) == 0, (first.st_mode & S_IFMT) == S_IFREG, first.st_size == second.st_size,
              let left = FileManager.default.contents(atPath: a), let right = FileManager.default.contents(atPath: b) else { return false }
        return left == right
    }

    /// Exchanges the staging directory and the output in one `renameat2(RENAME_EXCHANGE)` where
    /// the kernel supports it; otherwise renames the old output aside first.
    func swap() throws(PublishingError) {
        let manager = FileManager.default
        if manager.fileExists(atPath: output.path) {
            if exchange(directory.path, output.path) {
                // The site just replaced is the next build's starting point; a build that does not reuse removes it.
                if !reuses || rename(directory.path, Self.spare(of: output).path) != 0 { FileTree.remove(directory.path) }
                return
            }
            let old = output.deletingLastPathComponent().appendingPathComponent(".\(output.lastPathComponent).old-\(ProcessInfo.processInfo.processIdentifier)")
            do {
                try manager.moveItem(at: output, to: old)
                try manager.moveItem(at: directory, to: output)
                FileTree.remove(old.path)
            } catch {
                throw .cannotSwap(output: output.path, reason: error.localizedDescription)
            }
        } else {
            do { try manager.moveItem(at: directory, to: output) } catch {
                throw .cannotMove(output: output.path, reason: error.localizedDescription)
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
