import Core
import Foundation

/// An edition's file and its report's, written by hand in exactly the layout `JSONEncoder`
/// gives them with `.sortedKeys` (a test holds the two equal): a whole market's report is tens
/// of thousands of rows, and `JSONEncoder` built a tree of objects for all of them (55 MB at
/// 10,000 symbols) for each edition a build made. Nil when a text holds a control character
/// other than a line break or a tab, which the caller leaves to `JSONEncoder`.
extension EditionSnapshot {
    /// The edition with `calls` (each the JSON of one call, as the call log holds it) in place of its own.
    public func json(calls: [Data]) -> [UInt8]? {
        guard let (head, tail) = jsonAroundCalls() else { return nil }
        var out = head
        for (index, call) in calls.enumerated() {
            if index > 0 { out.append(UInt8(ascii: ",")) }
            out += call
        }
        return out + tail
    }

    /// The edition's JSON before its calls (ending in `"calls":[`) and after them (from `]`): a
    /// writer puts the calls between, each straight from the call log, never all in one buffer.
    public func jsonAroundCalls() -> (head: [UInt8], tail: [UInt8])? {
        var json = SortedJSON()
        json.out.append(UInt8(ascii: "{"))
        if let bundle {
            json.key("bundle", first: true)
            json.out += "{\"bytes\":\(bundle.bytes)".utf8
            json.key("path")
            json.string(bundle.path)
            json.key("sha256")
            json.string(bundle.sha256)
            json.out.append(UInt8(ascii: "}"))
        }
        json.key("calls", first: bundle == nil)
        json.out.append(UInt8(ascii: "["))
        let head = json.out
        json.out = [UInt8(ascii: "]")]
        json.out.reserveCapacity(4096 + report.rowCount * 320)
        json.member("date", date)
        json.member("feedSummary", feedSummary)
        json.key("format")
        json.out += "\(format)".utf8
        json.member("indexSummary", indexSummary)
        json.key("report")
        report.write(into: &json)
        json.member("tier", tier)
        json.out.append(UInt8(ascii: "}"))
        return json.plain ? (head, json.out) : nil
    }
}

extension ReportView {
    public func json() -> [UInt8]? {
        var json = SortedJSON()
        json.out.reserveCapacity(4096 + rowCount * 320)
        write(into: &json)
        return json.plain ? json.out : nil
    }

    var rowCount: Int { watchlists.reduce(0) { $0 + $1.rows.count } }

    fileprivate func write(into json: inout SortedJSON) {
        json.out.append(UInt8(ascii: "{"))
        json.key("commentary", first: true)
        json.array(commentary) { json, item in item.write(into: &json) }
        json.member("date", date)
        json.key("events")
        json.array(events) { json, item in item.write(into: &json) }
        json.member("hasCommentary", hasCommentary)
        json.member("hasEvents", hasEvents)
        if let next { json.key("next"); json.out += "{\"date\":".utf8; json.string(next.date); json.out.append(UInt8(ascii: "}")) }
        if let note {
            json.key("note")
            json.out += "{\"contentHTML\":".utf8
            json.string(note.contentHTML)
            json.member("source", note.source)
            json.member("title", note.title)
            json.out.append(UInt8(ascii: "}"))
        }
        if let previous { json.key("previous"); json.out += "{\"date\":".utf8; json.string(previous.date); json.out.append(UInt8(ascii: "}")) }
        json.member("summary", summary)
        json.key("watchlists")
        json.array(watchlists) { json, watchlist in
            json.out += "{\"rows\":".utf8
            json.array(watchlist.rows) { json, row in row.write(into: &json) }
            json.member("title", watchlist.title)
            json.out.append(UInt8(ascii: "}"))
        }
        json.out.append(UInt8(ascii: "}"))
    }
}

extension ReportView.Row {
    fileprivate func write(into json: inout SortedJSON) {
        json.out += "{\"action\":".utf8
        json.string(action)
        json.member("actionClass", actionClass)
        json.member("change", change)
        json.member("change1D", change1D)
        json.member("change1DClass", change1DClass)
        json.member("close", close)
        json.member("score", score)
        if let stale { json.member("stale", stale) }
        json.member("symbol", symbol)
        json.member("topReason", topReason)
        json.out.append(UInt8(ascii: "}"))
    }
}

extension ReportView.SymbolText {
    fileprivate func write(into json: inout SortedJSON) {
        json.out.append(UInt8(ascii: "{"))
        if let directionClass { json.key("directionClass", first: true); json.string(directionClass) }
        json.key("symbol", first: directionClass == nil)
        json.string(symbol)
        json.member("text", text)
        json.out.append(UInt8(ascii: "}"))
    }
}

/// Compact JSON as `JSONEncoder` writes it: no spaces, `/` escaped as `\/`, any other text as it is.
private struct SortedJSON {
    var out: [UInt8] = []
    /// False once a text held what `JSONEncoder` writes its own way (a control character).
    var plain = true

    /// `"name":`, after a comma unless it is the object's first member.
    mutating func key(_ name: String, first: Bool = false) {
        if !first { out.append(UInt8(ascii: ",")) }
        out.append(UInt8(ascii: "\""))
        out += name.utf8
        out += [UInt8(ascii: "\""), UInt8(ascii: ":")]
    }

    mutating func member(_ name: String, _ text: String) {
        key(name)
        string(text)
    }

    mutating func member(_ name: String, _ flag: Bool) {
        key(name)
        out += (flag ? "true" : "false").utf8
    }

    mutating func array<Item>(_ items: [Item], _ write: (inout SortedJSON, Item) -> Void) {
        out.append(UInt8(ascii: "["))
        for (index, item) in items.enumerated() {
            if index > 0 { out.append(UInt8(ascii: ",")) }
            write(&self, item)
        }
        out.append(UInt8(ascii: "]"))
    }

    mutating func string(_ text: String) {
        if !JSONWriter.appendEncoderString(text, to: &out) { plain = false }
    }
}
