import Core
import Foundation
import MarketData

/// The last gate before publishing: reads every byte a tier's output is about to contain and
/// refuses symbols, trading days, pages and notes the tier may not see. It looks at the bytes,
/// not at how they were made, so an edited template that leaks is caught like any other cause.
public struct LeakCheck: Sendable {
    /// What one output (the public site, or one tier's bundle) must not contain.
    public struct Boundary: Sendable {
        public var name: String
        /// Symbols only higher tiers see.
        public var symbols: Set<String>
        /// Trading days after the tier's (delayed) as-of date, as `YYYY-MM-DD`.
        public var laterDays: Set<String>
        /// Text only higher tiers see (a higher tier's page path or note body), with what it is.
        public var fragments: [(text: String, item: String)]
        /// Words SignalPress and the theme print themselves (`RSI`, `HOLD`, `CCI`...). A paid
        /// symbol spelled like one (Crown Castle is `CCI`) is looked for only where a symbol
        /// stands: a path segment, a table cell, a JSON string.
        public var vocabulary: Set<String>

        public init(name: String, symbols: Set<String>, laterDays: Set<String>, fragments: [(text: String, item: String)],
                    vocabulary: Set<String> = []) {
            self.name = name
            self.symbols = symbols
            self.laterDays = laterDays
            self.fragments = fragments
            self.vocabulary = vocabulary
        }

        var isEmpty: Bool { symbols.isEmpty && laterDays.isEmpty && fragments.isEmpty }
    }

    /// The words of the default theme (`themeFiles`) and of SignalPress's own labels, for
    /// `Boundary.vocabulary`. A project's own templates are left out on purpose: a symbol they
    /// spell out is a leak.
    public static func vocabulary<Files: Sequence>(themeFiles: Files) -> Set<String> where Files.Element == [UInt8] {
        var words = Set(["BUY", "SELL", "HOLD", "SMA", "EMA", "RSI", "MACD", "ATR", "NATR", "ADX", "DI", "CCI", "ROC", "MFI",
                         "OBV", "YTD", "CAGR", "CSV", "JSON", "HTML", "SVG", "UTC", "OHLC", "OHLCV"])
        for bytes in themeFiles {
            words.formUnion(candidates(in: bytes))
        }
        return words
    }

    public struct Leak: Error, Sendable, CustomStringConvertible, Equatable {
        public var file: String
        public var item: String
        /// Where it likely came from and how to fix it, when the build can tell.
        public var hint: String?

        public init(file: String, item: String, hint: String? = nil) {
            self.file = file
            self.item = item
            self.hint = hint
        }

        /// The symbol the output must not show, for a symbol leak.
        public var symbol: String? {
            guard item.hasPrefix(Self.symbolPrefix) else { return nil }
            return String(item.dropFirst(Self.symbolPrefix.count).prefix { $0 != "," })
        }

        static let symbolPrefix = "the symbol "

        public var description: String { "leak check: \(file) contains \(item)" + (hint.map { "\n  \($0)" } ?? "") }
    }

    public init() {}

    /// The longest stretch of a note's or page's Markdown that prints verbatim in HTML and in
    /// Markdown alike (no markup or escaped characters), if it is long enough to be telling.
    public static func distinctiveText(of markdown: String, minimumLength: Int = 20) -> String? {
        let markup = Set("*_[]()<>#`&|\"'\\!\n\r")
        let longest = markdown.split(whereSeparator: { markup.contains($0) })
            .map { $0.trimmingCharacters(in: .whitespaces) }
            .max { $0.count < $1.count }
        return longest.flatMap { $0.count >= minimumLength ? $0 : nil }
    }

    /// Every leak in `files` (path to bytes), in path order.
    public func leaks(in files: OutputFiles, prefix: String = "", boundary: Boundary) -> [Leak] {
        let scanner = Scanner(boundary: boundary)
        return files.paths.compactMap { path in scanner.leak(in: files[path]!, path: path, shownAs: prefix + path) }
    }

    /// One boundary made ready to check files one at a time as a build writes them, so the check
    /// reads every published byte without a pass or a copy of its own.
    public struct Scanner: Sendable {
        let boundary: Boundary
        let symbols: Set<ArraySlice<UInt8>>
        let days: Set<ArraySlice<UInt8>>
        let shapes: CandidateShapes

        public init(boundary: Boundary) {
            self.boundary = boundary
            symbols = Set(boundary.symbols.subtracting(boundary.vocabulary).map { ArraySlice($0.utf8) })
            days = Set(boundary.laterDays.map { ArraySlice($0.utf8) })
            shapes = CandidateShapes(symbols.union(days))
        }

        /// The file's leak, if it has one; `shownAs` is how the file is named in the message.
        public func leak(in bytes: [UInt8], path: String, shownAs: String? = nil) -> Leak? {
            guard !boundary.isEmpty else { return nil }
            return LeakCheck().firstLeak(in: bytes, path: path, boundary: boundary, symbols: symbols, days: days, shapes: shapes)
                .map { Leak(file: shownAs ?? path, item: $0) }
        }
    }

    /// The first bytes and lengths of the words a scanner looks for: most words of a page have
    /// neither, and are passed over without hashing (hashing every word was most of the check).
    struct CandidateShapes: Sendable {
        private var firstBytes = [Bool](repeating: false, count: 256)
        private var lengths: UInt64 = 0

        init(_ words: Set<ArraySlice<UInt8>>) {
            for word in words {
                guard let first = word.first else { continue }
                firstBytes[Int(first)] = true
                lengths |= word.count < 64 ? 1 << UInt64(word.count) : 1 << 63
            }
        }

        func mayBeOne(_ candidate: ArraySlice<UInt8>) -> Bool {
            guard let first = candidate.first, firstBytes[Int(first)] else { return false }
            return lengths & (candidate.count < 64 ? 1 << UInt64(candidate.count) : 1 << 63) != 0
        }
    }

    func firstLeak(in bytes: [UInt8], path: String, boundary: Boundary,
                   symbols: Set<ArraySlice<UInt8>>, days: Set<ArraySlice<UInt8>>, shapes: CandidateShapes) -> String? {
        for source in [Array(path.utf8), bytes] {
            var leak: String?
            Self.forEachCandidate(in: source) { candidate in
                guard shapes.mayBeOne(candidate) else { return true }
                if symbols.contains(candidate) {
                    leak = "the symbol \(String(decoding: candidate, as: UTF8.self)), which only tiers above \(boundary.name) may see"
                } else if days.contains(candidate) {
                    leak = "the date \(String(decoding: candidate, as: UTF8.self)), newer than \(boundary.name)'s delay allows"
                }
                return leak == nil
            }
            if let leak { return leak }
        }
        let text = String(decoding: bytes, as: UTF8.self)
        for symbol in boundary.symbols.intersection(boundary.vocabulary).sorted() {
            let places = ["/\(symbol)/", "/\(symbol).", ">\(symbol)<", "\"\(symbol)\"", "| \(symbol) |"]
            if places.contains(where: { text.contains($0) }) || ("/" + path).contains("/\(symbol)/") || ("/" + path).contains("/\(symbol).") {
                return "the symbol \(symbol), which only tiers above \(boundary.name) may see"
            }
        }
        for fragment in boundary.fragments where text.contains(fragment.text) || path.contains(fragment.text) {
            return fragment.item
        }
        return nil
    }

    /// Words as a symbol or a date could appear: runs of letters, digits and `. - ^ =` split at
    /// that punctuation every possible way, so `exports/CCCX.csv` yields `CCCX` and `BRK.B.` yields `BRK.B`.
    static func candidates(in bytes: [UInt8]) -> [String] {
        var result: [String] = []
        forEachCandidate(in: bytes) { result.append(String(decoding: $0, as: UTF8.self)); return true }
        return result
    }

    /// Calls `body` with each candidate until it returns false; slices, so nothing is allocated per word.
    static func forEachCandidate(in bytes: [UInt8], _ body: (ArraySlice<UInt8>) -> Bool) {
        var index = 0
        var pieces: [Range<Int>] = []
        while index < bytes.count {
            guard isTokenByte(bytes[index]) else { index += 1; continue }
            var end = index
            while end < bytes.count, isTokenByte(bytes[end]) { end += 1 }
            // Pieces are the alphanumeric runs; a candidate spans one or more consecutive pieces.
            pieces.removeAll(keepingCapacity: true)
            var start: Int? = nil
            for position in index..<end {
                if isAlphanumeric(bytes[position]) {
                    if start == nil { start = position }
                } else if let open = start {
                    pieces.append(open..<position)
                    start = nil
                }
            }
            if let open = start { pieces.append(open..<end) }
            for first in pieces.indices {
                for last in first..<min(pieces.count, first + 4)
                where pieces[last].upperBound - pieces[first].lowerBound <= Symbol.maximumLength {
                    if !body(bytes[pieces[first].lowerBound..<pieces[last].upperBound]) { return }
                }
            }
            index = end
        }
    }

    static func isAlphanumeric(_ byte: UInt8) -> Bool {
        (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
    }

    static func isTokenByte(_ byte: UInt8) -> Bool {
        isAlphanumeric(byte) || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "^") || byte == UInt8(ascii: "=")
    }
}
