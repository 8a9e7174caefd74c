import Foundation

/// A folder tree walked and removed with the system's calls on paths as strings: a site of
/// thousands of files is scanned, linked and removed every night, and Foundation's enumerator
/// and `removeItem` cost several times the system calls they make.
public enum FileTree {
    /// Calls `body` with every regular file under `base`: its path relative to `base`, its
    /// status. A folder `descends` turns down (given its relative path) is not entered: `body`
    /// gets the folder itself instead. Each folder's names come in byte order, so the same tree
    /// is always walked in the same order.
    public static func forEachFile(under base: String, descends: (String) -> Bool = { _ in true }, _ body: (String, stat) -> Void) {
        let descriptor = open(base, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard descriptor >= 0 else { return }
        walk(descriptor, prefix: "", descends, body)
    }

    /// `descriptor` is an open folder; closed here.
    private static func walk(_ descriptor: Int32, prefix: String, _ descends: (String) -> Bool, _ body: (String, stat) -> Void) {
        guard let folder = fdopendir(descriptor) else { close(descriptor); return }
        defer { closedir(folder) }
        for (name, _) in entries(folder).sorted(by: { bytesPrecede($0.0, $1.0) }) {
            var info = stat()
            guard fstatat(descriptor, name, &info, AT_SYMLINK_NOFOLLOW) == 0 else { continue }
            switch info.st_mode & S_IFMT {
            case S_IFREG: body(prefix + name, info)
            case S_IFDIR:
                let path = prefix + name
                guard descends(path) else { body(path, info); continue }
                let child = openat(descriptor, name, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
                if child >= 0 { walk(child, prefix: path + "/", descends, body) }
            default: continue
            }
        }
    }

    /// Whether `a` comes before `b` in byte order, by `memcmp`: the generic
    /// `lexicographicallyPrecedes` of two `UTF8View`s was the largest thing a no-op's scan added
    /// per sealed day (a folder of 250 days is sorted for every tier, every night).
    static func bytesPrecede(_ a: String, _ b: String) -> Bool {
        var (a, b) = (a, b)
        return a.withUTF8 { first in
            b.withUTF8 { second in
                let common = min(first.count, second.count)
                let order = common == 0 ? 0 : memcmp(first.baseAddress!, second.baseAddress!, common)
                return order != 0 ? order < 0 : first.count < second.count
            }
        }
    }

    /// Removes `path` and everything below it; what cannot be removed is left.
    public static func remove(_ path: String) {
        if unlink(path) == 0 || errno == ENOENT { return }
        sweep(path) { _ in false }
        rmdir(path)
    }

    /// Removes every file under `base` that `keeps` (given its relative path) does not keep, and
    /// every folder that leaves empty. A folder `enters` turns down is kept whole, unread.
    public static func sweep(_ base: String, enters: (String) -> Bool = { _ in true }, keeps: (String) -> Bool) {
        let descriptor = open(base, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard descriptor >= 0 else { return }
        _ = sweep(descriptor, prefix: "", enters, keeps)
    }

    /// Whether the folder kept anything.
    private static func sweep(_ descriptor: Int32, prefix: String, _ enters: (String) -> Bool, _ keeps: (String) -> Bool) -> Bool {
        guard let folder = fdopendir(descriptor) else { close(descriptor); return true }
        defer { closedir(folder) }
        var kept = false
        for (name, type) in entries(folder) {
            var isFolder = type == UInt8(DT_DIR)
            if type == UInt8(DT_UNKNOWN) {
                var info = stat()
                isFolder = fstatat(descriptor, name, &info, AT_SYMLINK_NOFOLLOW) == 0 && (info.st_mode & S_IFMT) == S_IFDIR
            }
            if isFolder {
                guard enters(prefix + name) else { kept = true; continue }
                let child = openat(descriptor, name, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
                if child >= 0, !sweep(child, prefix: prefix + name + "/", enters, keeps), unlinkat(descriptor, name, AT_REMOVEDIR) == 0 { continue }
                kept = true
            } else if keeps(prefix + name) || unlinkat(descriptor, name, 0) != 0 {
                kept = true
            }
        }
        return kept
    }

    /// The names in an open folder (`.` and `..` aside) with their types, read before any is
    /// changed.
    private static func entries(_ folder: OpaquePointer) -> [(String, UInt8)] {
        var result: [(String, UInt8)] = []
        while let entry = readdir(folder) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
            if name != "." && name != ".." { result.append((name, entry.pointee.d_type)) }
        }
        return result
    }
}
