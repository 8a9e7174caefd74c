import Core

/// A provider's answer made into the one layout every series is read in, CSV
/// `Date,Open,High,Low,Close,Adj Close,Volume`, or the provider's own way of saying it has no
/// data, or that it wants the client to slow down (Alpha Vantage says so with a 200).
enum ProviderResponse {
    enum Reading: Equatable {
        case csv([UInt8])
        /// Treated as a 429: retried after a pause.
        case throttled(String)
        case problem(String)
    }

    /// An error page where data was asked for: what a provider answers a missing key or a blocked client with.
    static func looksLikeHTML(_ body: [UInt8]) -> Bool {
        let head = String(decoding: body.prefix(512), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        return head.hasPrefix("<") || head.lowercased().contains("<html")
    }

    static func read(_ body: [UInt8], format: HTTPSource.Format, mapping: HTTPSource.JSONMapping?) -> Reading {
        let head = String(decoding: body.prefix(512), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        if looksLikeHTML(body) {
            return .problem(format == .stooq ? "Stooq answered an HTML page, not CSV: since March 2026 it needs an API key (data.api_key.env)"
                                             : "the response is an HTML page, not data")
        }
        switch format {
        case .csv, .stooq, .yahooCSV: return .csv(body)
        case .alphavantage:
            // Its throttle and its errors are JSON with a 200; its data is CSV.
            guard head.hasPrefix("{") else { return .csv(oldestFirst(body)) }
            let json = JSON.parse(body)
            if let note = (json?["Note"] ?? json?["Information"])?.text { return .throttled("Alpha Vantage: \(note)") }
            return .problem("Alpha Vantage: " + (json?["Error Message"]?.text ?? "an answer without data"))
        case .yahooChart: return yahooChart(body)
        case .json, .tiingo, .eodhd, .polygon:
            guard let mapping, let json = JSON.parse(body) else { return .problem("the response is not JSON") }
            if format == .polygon, json["resultsCount"]?.number == 0 { return .problem("Polygon has no bars for this symbol (resultsCount: 0)") }
            return records(json, mapping)
        }
    }

    /// Bars from an array of records, as `mapping` names their fields.
    static func records(_ json: JSON, _ mapping: HTTPSource.JSONMapping) -> Reading {
        guard let items = (mapping.records.isEmpty ? json : json.at(mapping.records))?.items else {
            let detail = json["detail"]?.text ?? json["error"]?.text ?? json["message"]?.text
            return .problem(detail.map { "the provider says: \($0)" } ?? "no array of bars at '\(mapping.records.isEmpty ? "(the document)" : mapping.records)'")
        }
        var rows: [Row] = []
        for (index, item) in items.enumerated() {
            guard let date = day(item[mapping.date], unit: mapping.dateUnit) else { return .problem("bar \(index + 1): no valid '\(mapping.date)'") }
            let value = { (name: String) in item[name]?.number }
            guard let open = value(mapping.open), let high = value(mapping.high), let low = value(mapping.low), let close = value(mapping.close) else {
                return .problem("bar \(index + 1) (\(date.iso)): a price is missing")
            }
            rows.append(Row(date: date, open: open, high: high, low: low, close: close,
                            adjusted: mapping.adjustedClose.flatMap(value), volume: value(mapping.volume)))
        }
        return .csv(csv(rows))
    }

    /// Yahoo's v8 chart API: columns of a `chart.result[0]`, times in seconds at the session's open.
    static func yahooChart(_ body: [UInt8]) -> Reading {
        guard let json = JSON.parse(body) else { return .problem("the response is not JSON") }
        if let error = json.at("chart.error"), error.at("description")?.text != nil {
            return .problem("Yahoo: " + (error.at("description")?.text ?? ""))
        }
        guard let result = json.at("chart.result")?.items?.first, let times = result["timestamp"]?.items,
              let quote = result.at("indicators.quote")?.items?.first else {
            return .problem("Yahoo's chart answer has no bars")
        }
        let offset = result.at("meta.gmtoffset")?.number ?? 0
        let column = { (name: String) in quote[name]?.items ?? [] }
        let (open, high, low, close, volume) = (column("open"), column("high"), column("low"), column("close"), column("volume"))
        let adjusted = result.at("indicators.adjclose")?.items?.first?["adjclose"]?.items
        var rows: [Row] = []
        for (index, time) in times.enumerated() {
            guard let seconds = time.number else { continue }
            // A row of nulls is a session without trades (a halt): left out, as Yahoo's own CSV did.
            guard index < close.count, let o = open[index].number, let h = high[index].number, let l = low[index].number, let c = close[index].number else { continue }
            rows.append(Row(date: Day(unixTime: Int(seconds + offset)), open: o, high: h, low: l, close: c,
                            adjusted: adjusted.flatMap { index < $0.count ? $0[index].number : nil }, volume: index < volume.count ? volume[index].number : nil))
        }
        return rows.isEmpty ? .problem("Yahoo's chart answer has no bars") : .csv(csv(rows))
    }

    /// A CSV answered newest first (Alpha Vantage's), its rows turned oldest first, so new bars are appended at its end.
    static func oldestFirst(_ body: [UInt8]) -> [UInt8] {
        let lines = IncrementalFetch.lines(body)
        guard let header = lines.first else { return body }
        let rows = lines.dropFirst()
        guard let first = rows.first.flatMap(IncrementalFetch.leadingDay), let last = rows.last.flatMap(IncrementalFetch.leadingDay), first > last else { return body }
        return Array(([header] + rows.reversed()).joined(separator: "\n").utf8) + [UInt8(ascii: "\n")]
    }

    static func day(_ value: JSON?, unit: HTTPSource.JSONMapping.DateUnit) -> Day? {
        switch unit {
        case .iso: value?.text.flatMap { Day(iso: $0.prefix(10)) }
        case .seconds: value?.number.map { Day(unixTime: Int($0)) }
        case .milliseconds: value?.number.map { Day(unixTime: Int(($0 / 1000).rounded(.down))) }
        }
    }

    struct Row {
        var date: Day
        var open, high, low, close: Double
        var adjusted: Double?
        var volume: Double?
    }

    /// Oldest first, one bar a day; an empty volume is a missing volume.
    static func csv(_ rows: [Row]) -> [UInt8] {
        let withAdjusted = rows.contains { $0.adjusted != nil }
        var out = "Date,Open,High,Low,Close" + (withAdjusted ? ",Adj Close" : "") + ",Volume\n"
        for row in rows.sorted(by: { $0.date < $1.date }) {
            let numbers = [row.open, row.high, row.low, row.close] + (withAdjusted ? [row.adjusted ?? row.close] : [])
            out += row.date.iso + "," + numbers.map(NumberText.shortest).joined(separator: ",") + "," + (row.volume.map(NumberText.shortest) ?? "") + "\n"
        }
        return Array(out.utf8)
    }
}
