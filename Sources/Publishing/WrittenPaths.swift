/// The paths a build staged, by folder, each distinct file name stored once for the whole site:
/// a whole market's site is hundreds of thousands of files in tens of thousands of folders
/// that hold the same dozen names (`index.html`, `chart.svg`), and one string per path was
/// 28 MB at 10,000 symbols.
struct WrittenPaths: Sendable {
    private var names: [String: Int32] = [:]
    private var byFolder: [String: Set<Int32>] = [:]
    private(set) var count = 0

    /// Adds `path`; false when it was there already.
    mutating func insert(_ path: String) -> Bool {
        let (folder, name) = Self.split(path)
        let id: Int32
        if let known = names[name] {
            id = known
        } else {
            id = Int32(names.count)
            names[name] = id
        }
        guard byFolder[folder, default: []].insert(id).inserted else { return false }
        count += 1
        return true
    }

    func contains(_ path: String) -> Bool {
        let (folder, name) = Self.split(path)
        guard let id = names[name] else { return false }
        return byFolder[folder]?.contains(id) ?? false
    }

    /// The folders that hold a staged file ("" for the site's top).
    var folders: Dictionary<String, Set<Int32>>.Keys { byFolder.keys }

    /// By bytes: every file a build stages is split here, and looking for `/` by `Character`
    /// checked each index it passed.
    private static func split(_ path: String) -> (folder: String, name: String) {
        guard let slash = path.utf8.lastIndex(of: UInt8(ascii: "/")) else { return ("", path) }
        return (String(path[..<slash]), String(path[path.utf8.index(after: slash)...]))
    }
}
