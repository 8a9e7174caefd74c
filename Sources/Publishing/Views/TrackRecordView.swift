import Project
import Signals

/// `track-record.mustache`: the tier's calls and how they turned out, formatted.
public struct TrackRecordView: TemplateView {
    struct Summary: TemplateView {
        let name: String
        let calls: Int
        let hitRate: String
        let averageReturn: String
        let averageReturnClass: String
        let medianReturn: String
        let buyAndHold: String
        /// Calls from editions made after the fact, counted apart.
        let notLive: Int
    }

    struct Call: TemplateView {
        let symbol: String
        let date: String
        let action: String
        let actionClass: String
        let close: String
        let endDate: String
        let endClose: String
        let open: Bool
        let daysHeld: Int
        let result: String
        let resultClass: String
        let right: String
        let buyAndHold: String
        let notLive: Bool
    }

    let asOf: String
    /// "the signal is no longer the call's" or "the opposite signal".
    let closesOn: String
    let disclosure: String
    let overall: Summary
    let worstDrawdown: String
    let hasCalls: Bool
    let watchlists: [Summary]
    let symbols: [Summary]
    /// Every call, newest first, as the record has it; formatted only when a theme asks for `calls`.
    let newestFirst: [TrackRecord.Call]
    var calls: [Call] { newestFirst.map(Call.init) }
    /// `calls`, each rendered with `track-record-call.mustache`, as one piece of HTML with where
    /// each row ends: the page lists every call ever published, and an ended call's row is
    /// written once and reused (`TrackRecord.EndedCallOutput`).
    private(set) var rows = Rows()
    /// The rows one by one (a theme's `{{#callRows}}{{{html}}}{{/callRows}}` renders the same as
    /// `callRowsHTML`).
    var callRows: [CallRow] {
        zip([0] + rows.ends.dropLast(), rows.ends).map { CallRow(html: String(decoding: rows.bytes[$0..<$1], as: UTF8.self)) }
    }
    /// The rows joined: a section over thousands of rows cost a lookup and its casts per row each
    /// night, so the page grew with the archive.
    var callRowsHTML: String { String(decoding: rows.bytes, as: UTF8.self) }

    struct Rows: Sendable {
        var bytes: [UInt8] = []
        var ends: [Int] = []
    }

    struct CallRow: TemplateView {
        let html: String
    }

    /// The next row of the page, newest call first.
    mutating func append(row: some Collection<UInt8>) {
        rows.bytes += row
        rows.ends.append(rows.bytes.count)
    }

    /// `titles`: each watchlist's title by id; the page names watchlists as readers know them.
    init(_ record: TrackRecord, titles: [String: String] = [:]) {
        func summary(_ item: TrackRecord.Summary) -> Summary {
            Summary(name: titles[item.name] ?? item.name, calls: item.calls, hitRate: item.hitRate.map { Format.percent($0, 0) } ?? "n/a",
                    averageReturn: item.averageReturn.map { Format.signedPercent($0) } ?? "n/a", averageReturnClass: percentClass(item.averageReturn),
                    medianReturn: item.medianReturn.map { Format.signedPercent($0) } ?? "n/a",
                    buyAndHold: item.buyAndHoldAverageReturn.map { Format.signedPercent($0) } ?? "n/a", notLive: item.notPublishedLive)
        }
        asOf = record.asOf
        closesOn = record.method.closeOn == "opposite" ? "the opposite signal" : "the first edition whose signal is no longer the call's (HOLD or the opposite)"
        disclosure = TrackRecord.disclosure
        overall = summary(record.overall)
        worstDrawdown = Format.signedPercent(record.worstDrawdown)
        hasCalls = !record.calls.isEmpty
        watchlists = record.watchlists.map(summary)
        symbols = record.symbols.map(summary)
        newestFirst = record.calls.reversed()
    }
}

extension TrackRecordView.Call {
    init(_ call: TrackRecord.Call) {
        self.init(symbol: call.symbol, date: call.date, action: call.action, actionClass: call.action.lowercased(), close: Format.price(call.close),
                  endDate: call.endDate, endClose: Format.price(call.endClose), open: call.endedBy == "open", daysHeld: call.daysHeld,
                  result: Format.signedPercent(call.return), resultClass: percentClass(call.return), right: call.right ? "right" : "wrong",
                  buyAndHold: Format.signedPercent(call.buyAndHoldReturn), notLive: !call.publishedLive)
    }
}

// Every row of the by-symbol table looks `root` up through the page's view: answered by name,
// not by reflection, since a reflected miss mirrors the whole view once per symbol.
extension TrackRecordView {
    public func child(named name: String) -> Any? {
        switch name {
        case "asOf": asOf
        case "closesOn": closesOn
        case "disclosure": disclosure
        case "overall": overall
        case "worstDrawdown": worstDrawdown
        case "hasCalls": hasCalls
        case "watchlists": watchlists
        case "symbols": symbols
        case "calls": calls
        case "newestFirst": newestFirst
        case "callRows", "rows": callRows
        case "callRowsHTML": callRowsHTML
        default: nil
        }
    }
}

extension TrackRecordView.CallRow {
    public func child(named name: String) -> Any? { name == "html" ? html : nil }
}

// Answered by hand, not by reflection: the page lists every call, and a reflected lookup per
// key per call was most of a night's rendering once the archive held a few hundred calls.
extension TrackRecordView.Call {
    public func child(named name: String) -> Any? {
        switch name {
        case "symbol": symbol
        case "date": date
        case "action": action
        case "actionClass": actionClass
        case "close": close
        case "endDate": endDate
        case "endClose": endClose
        case "open": open
        case "daysHeld": daysHeld
        case "result": result
        case "resultClass": resultClass
        case "right": right
        case "buyAndHold": buyAndHold
        case "notLive": notLive
        default: nil
        }
    }
}

extension TrackRecordView.Summary {
    public func child(named name: String) -> Any? {
        switch name {
        case "name": self.name
        case "calls": calls
        case "hitRate": hitRate
        case "averageReturn": averageReturn
        case "averageReturnClass": averageReturnClass
        case "medianReturn": medianReturn
        case "buyAndHold": buyAndHold
        case "notLive": notLive
        default: nil
        }
    }
}
