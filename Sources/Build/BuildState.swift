import Core
import Crypto
import Foundation
import MarketData
import Project
import Publishing

/// What the last successful build read and wrote, in `.signalpress/build-state.json`. When the
/// inputs hash the same and the output is still exactly what that build left (every file's
/// size and modification time), a new build has nothing to do and touches nothing.
struct BuildState: Codable, Equatable {
    var fingerprint: String
    var output: String
    var asOf: Day
    /// pages, charts, bundles, files, bytes of that build, for the summary of one that is skipped.
    var counts: [String: Int]
    /// SHA-256 over every output file's relative path, size and modification time (`scan`).
    var outputDigest: String

    static func load(_ state: StateDirectory) -> BuildState? {
        guard let data = FileManager.default.contents(atPath: state.buildState.path) else { return nil }
        return try? JSONDecoder().decode(BuildState.self, from: data)
    }

    func save(_ state: StateDirectory) {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        guard let data = try? encoder.encode(self) else { return }
        let target = state.buildState
        let temporary = target.deletingLastPathComponent().appendingPathComponent(".build-state.\(getpid()).tmp")
        if (try? data.write(to: temporary)) != nil { rename(temporary.path, target.path) }
    }

    /// The sizes and modification times of every file under `output`, with their paths, as one
    /// SHA-256: all a no-op check compares, and the same size however many files the site has.
    /// A sealed day's folder (`reports/DATE`, `bundles/TIER/DATE`) counts as itself, not file by
    /// file: its files are hard links to the edition store, which no build rewrites, and a file
    /// added, removed or renamed in it changes the folder's own time. Walking every file of
    /// every past edition made the scan grow with the archive.
    static func scan(_ output: URL) -> String {
        // Hashed as the walk goes (it comes in the same order for the same tree), as bytes: path
        // and four numbers each. Formatting a line per entry, and then collecting and sorting
        // the paths, was most of a no-op's cost at 250 editions (1,500 sealed folders).
        var hasher = SHA256()
        FileTree.forEachFile(under: output.standardizedFileURL.path, descends: { !StagingSite.isSealedDay($0) }) { relative, info in
            // A folder (a sealed day) counts by its inode too; a file's is 0: it may be a hard link anyone replaces in place.
            let inode = (info.st_mode & S_IFMT) == S_IFDIR ? UInt64(info.st_ino) : 0
            var path = relative
            path.withUTF8 { hasher.update(bufferPointer: UnsafeRawBufferPointer($0)) }
            withUnsafeBytes(of: UInt8(0)) { hasher.update(bufferPointer: $0) }
            // Four whole words: no padding, whose bytes would be anything.
            withUnsafeBytes(of: (Int(info.st_size), info.st_mtim.tv_sec, info.st_mtim.tv_nsec, inode)) { hasher.update(bufferPointer: $0) }
        }
        return Hex.string(hasher.finalize())
    }

    /// SHA-256 over the build's inputs: every file below `folders` (path and bytes), the signing
    /// key ids, the options that change output, and the executable itself (size and time).
    static func fingerprint(folders: [URL], keys: URL, options: [String]) -> String {
        fingerprint(files: filesDigest(folders), keys: keys, options: options)
    }

    /// `fingerprint` over the `filesDigest` of the input folders, taken before.
    static func fingerprint(files: String, keys: URL, options: [String]) -> String {
        var hasher = SHA256()
        func feed(_ text: String) { hasher.update(data: Data((text + "\u{0}").utf8)) }
        options.forEach(feed)
        var exe = stat()
        if stat("/proc/self/exe", &exe) == 0 { feed("exe \(exe.st_size) \(exe.st_mtim.tv_sec).\(exe.st_mtim.tv_nsec)") }
        feed("keys " + ((try? FileManager.default.contentsOfDirectory(atPath: keys.path)) ?? []).sorted().joined(separator: ","))
        feed("files " + files)
        return Hex.string(hasher.finalize())
    }

    /// SHA-256 over every file below `folders`: its path, size, mode bits and bytes.
    static func filesDigest(_ folders: [URL]) -> String {
        var hasher = SHA256()
        func feed(_ text: String) { hasher.update(data: Data((text + "\u{0}").utf8)) }
        for folder in folders {
            let base = folder.standardizedFileURL.path
            guard let enumerator = FileManager.default.enumerator(atPath: base) else { feed("absent \(base)"); continue }
            var paths: [String] = []
            for case let relative as String in enumerator { paths.append(relative) }
            for relative in paths.sorted() {
                var info = stat()
                guard stat(base + "/" + relative, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG,
                      let data = FileManager.default.contents(atPath: base + "/" + relative) else { continue }
                feed("\(folder.lastPathComponent)/\(relative) \(data.count) \(info.st_mode & 0o111)")
                hasher.update(data: data)
            }
        }
        return Hex.string(hasher.finalize())
    }
}
