import Core

/// `track-record.json`, written by hand in exactly the layout `JSONEncoder` gives it with
/// `[.sortedKeys, .prettyPrinted]` (a test holds the two equal): the file lists every call ever
/// published, and encoding it through `Codable` was a growing part of every night. Keys are
/// written in sorted order; a number that is not finite is `null` (`JSONEncoder` refused the
/// whole file).
extension TrackRecord {
    /// `ended`: an ended call's member of `calls` by its place in `Fold.ended`, as
    /// `jsonObject(_:)` wrote it for an earlier build; nil to write it anew.
    public func json(ended: (Int) -> ArraySlice<UInt8>? = { _ in nil }) -> [UInt8] {
        var json = PrettyJSON()
        json.open("{")
        json.string(asOf, at: "as_of")
        json.open("[", at: "calls")
        for (index, call) in calls.enumerated() {
            if let place = endedIndex.indices.contains(index) ? endedIndex[index] : nil, let object = ended(place) {
                json.element(object)
            } else {
                json.write(call)
            }
        }
        json.close("]")
        if let chainHead { json.string(chainHead, at: "chain_head") }
        json.open("{", at: "method")
        json.string(method.closeOn, at: "close_on")
        json.string(method.daysHeld, at: "days_held")
        json.string(method.disclosure, at: "disclosure")
        json.string(method.priceBasis, at: "price_basis")
        json.close("}")
        json.write(overall, at: "overall")
        json.open("[", at: "symbols")
        for summary in symbols { json.write(summary) }
        json.close("]")
        json.string(tier, at: "tier")
        json.open("[", at: "watchlists")
        for summary in watchlists { json.write(summary) }
        json.close("]")
        json.number(worstDrawdown, at: "worst_drawdown")
        json.close("}")
        json.out.append(10)
        return json.out
    }

    /// A call's member of `calls`, byte for byte as `json()` writes it there.
    public static func jsonObject(_ call: Call) -> [UInt8] {
        var json = PrettyJSON.inCalls()
        json.write(call)
        return json.out
    }
}

private struct PrettyJSON {
    var out: [UInt8] = []
    /// Per open container: whether it has a member yet.
    private var filled: [Bool] = []

    /// A writer whose next value is an element of `json()`'s `calls` array.
    static func inCalls() -> PrettyJSON {
        var json = PrettyJSON()
        json.filled = [true, false]
        return json
    }

    /// An element of the open array, written before (`jsonObject(_:)`), indentation and all.
    mutating func element(_ bytes: some Collection<UInt8>) {
        if filled[filled.count - 1] { out += ",\n".utf8 }
        filled[filled.count - 1] = true
        out += bytes
    }

    /// Each value is a member of the open object (`at` its key) or an element of the open
    /// array (`at: nil`); the top-level object has no container.
    mutating func open(_ bracket: Character, at key: String? = nil) {
        begin(key)
        out.append(UInt8(ascii: bracket == "{" ? "{" : "["))
        out.append(10)
        filled.append(false)
    }

    mutating func close(_ bracket: Character) {
        out.append(10)
        filled.removeLast()
        indent()
        out.append(UInt8(ascii: bracket == "}" ? "}" : "]"))
    }

    private mutating func begin(_ key: String?) {
        guard !filled.isEmpty else { return }
        if filled[filled.count - 1] { out += ",\n".utf8 }
        filled[filled.count - 1] = true
        indent()
        guard let key else { return }
        quoted(key)
        out += " : ".utf8
    }

    private mutating func indent() { out += repeatElement(UInt8(ascii: " "), count: 2 * filled.count) }

    mutating func string(_ text: String, at key: String? = nil) {
        begin(key)
        quoted(text)
    }

    mutating func number(_ value: Double, at key: String? = nil) {
        begin(key)
        guard value.isFinite else { out += "null".utf8; return }
        var text = "\(value)"
        if text.hasSuffix(".0") { text.removeLast(2) }
        out += text.utf8
    }

    mutating func integer(_ value: Int, at key: String) {
        begin(key)
        out += String(value).utf8
    }

    mutating func boolean(_ value: Bool, at key: String) {
        begin(key)
        out += (value ? "true" : "false").utf8
    }

    private mutating func quoted(_ text: String) {
        out.append(UInt8(ascii: "\""))
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "\""): out += "\\\"".utf8
            case UInt8(ascii: "\\"): out += "\\\\".utf8
            case UInt8(ascii: "/"): out += "\\/".utf8
            case 0x0A: out += "\\n".utf8
            case 0x0D: out += "\\r".utf8
            case 0x09: out += "\\t".utf8
            case 0x08: out += "\\b".utf8
            case 0x0C: out += "\\f".utf8
            case 0..<0x20:
                out += "\\u00".utf8
                Hex.append(byte, to: &out)
            default: out.append(byte)
            }
        }
        out.append(UInt8(ascii: "\""))
    }

    mutating func write(_ call: TrackRecord.Call) {
        open("{", at: nil)
        string(call.action, at: "action")
        number(call.adjustedClose, at: "adjusted_close")
        number(call.buyAndHoldReturn, at: "buy_and_hold_return")
        number(call.close, at: "close")
        string(call.date, at: "date")
        integer(call.daysHeld, at: "days_held")
        if let sha = call.editionSHA256 { string(sha, at: "edition_sha256") }
        number(call.endClose, at: "end_close")
        string(call.endDate, at: "end_date")
        string(call.endedBy, at: "ended_by")
        boolean(call.publishedLive, at: "published_live")
        number(call.return, at: "return")
        boolean(call.right, at: "right")
        string(call.symbol, at: "symbol")
        close("}")
    }

    mutating func write(_ summary: TrackRecord.Summary, at key: String? = nil) {
        open("{", at: key)
        if let value = summary.averageReturn { number(value, at: "average_return") }
        if let value = summary.buyAndHoldAverageReturn { number(value, at: "buy_and_hold_average_return") }
        integer(summary.calls, at: "calls")
        if let value = summary.excessReturn { number(value, at: "excess_return") }
        if let value = summary.hitRate { number(value, at: "hit_rate") }
        integer(summary.hits, at: "hits")
        if let value = summary.medianReturn { number(value, at: "median_return") }
        string(summary.name, at: "name")
        integer(summary.notPublishedLive, at: "not_published_live")
        close("}")
    }
}
