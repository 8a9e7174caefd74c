import Core
import Foundation

/// Reads daily OHLCV CSV as published by Yahoo, Stooq and most vendors.
///
/// Forgiving about layout (columns by header name in any case and order, a UTF-8 BOM,
/// CRLF endings, trailing blank lines, newest-first files, Yahoo's `null` holiday rows),
/// strict about values: every defect that would change a number is an error at `file:line`.
public struct CSVReader: Sendable {
    public struct Result: Sendable {
        public var series: Series
        public var warnings: [DataIssue]
    }

    /// Which prices a file with an `Adj Close` column gives.
    public enum Prices: String, Sendable, Equatable {
        /// Open, High, Low and Close each scaled by `Adj Close / Close` of their row (Yahoo's and
        /// backtesting libraries' convention), so splits and dividends do not look like crashes.
        case adjusted
        /// The prices as traded; `Adj Close` is ignored.
        case raw
    }

    /// How dates with slashes are read: `data.date_format`.
    public enum DateFormat: String, Sendable, Equatable {
        /// `YYYY-MM-DD` (with or without a time), `YYYYMMDD` and `DD.MM.YYYY`; `DD/MM/YYYY` only
        /// under a German, French, Spanish, Italian or Dutch header. `01/02/2024` otherwise is refused.
        case automatic
        /// `DD/MM/YYYY` (and `DD.MM.YYYY`): Europe, most of the world.
        case dayFirst = "DD/MM/YYYY"
        /// `MM/DD/YYYY`: US exports (Nasdaq, Excel in a US locale).
        case monthFirst = "MM/DD/YYYY"
    }

    public var prices: Prices
    public var dates: DateFormat

    public init(prices: Prices = .adjusted, dates: DateFormat = .automatic) {
        self.prices = prices
        self.dates = dates
    }

    public func read(_ bytes: [UInt8], file: String, symbol: String) throws(DataIssue) -> Result {
        var reader = Reading(file: file, prices: prices, dates: dates)
        return try reader.run(bytes: bytes, symbol: symbol)
    }

    public func read(_ text: String, file: String, symbol: String) throws(DataIssue) -> Result {
        try read(Array(text.utf8), file: file, symbol: symbol)
    }
}

private struct Row {
    var line: Int
    var date: Day
    var open, high, low, close: Double
    var volume: Double?
    var adjustedClose: Double?
}

private struct Columns {
    var date, open, high, low, close: Int
    var volume: Int?
    var adjustedClose: Int?
    var count: Int
}

private struct Reading {
    let file: String
    let prices: CSVReader.Prices
    let dates: CSVReader.DateFormat
    var warnings: [DataIssue] = []

    init(file: String, prices: CSVReader.Prices, dates: CSVReader.DateFormat) {
        self.file = file
        self.prices = prices
        self.dates = dates
    }

    func issue(_ line: Int, _ message: String) -> DataIssue {
        DataIssue(file: file, line: line, message: message)
    }

    /// No line of a price file comes near this (a daily row is under a hundred bytes, a header
    /// of a few columns well under a kilobyte); a longer one is refused before it is split, so a
    /// hostile file costs its own size in memory, not fifty times that.
    static let maximumLineBytes = 64 * 1024

    mutating func run(bytes: [UInt8], symbol: String) throws(DataIssue) -> CSVReader.Result {
        let lines = splitLines(bytes)
        if let long = lines.firstIndex(where: { $0.count > Self.maximumLineBytes }) {
            throw issue(long + 1, "line is \(lines[long].count) bytes long, more than \(Self.maximumLineBytes / 1024) KiB: "
                + "not a file of daily prices (is it a binary file, or one without line breaks?)")
        }
        guard let headerLine = lines.first, !headerLine.allSatisfy({ $0 == 32 || $0 == 9 }) else {
            throw issue(1, "empty file: expected a header line such as Date,Open,High,Low,Close,Volume")
        }
        var layout = CSVLayout.detect(lines, in: bytes)
        if dates == .dayFirst { layout.dayFirst = true }
        if dates == .monthFirst { (layout.dayFirst, layout.monthFirst) = (false, true) }
        let columns = try mapHeader(layout.header)
        var lastContent = lines.count - 1
        while lastContent > 0 && lines[lastContent].isEmpty { lastContent -= 1 }
        guard lastContent >= layout.headerLines else { throw issue(layout.headerLines, "no data rows after the header") }

        var rows: [Row] = []
        rows.reserveCapacity(lastContent)
        var ranges: [Range<Int>] = []
        let plain = Columns(date: 0, open: 1, high: 2, low: 3, close: 4, volume: columns.volume.map { _ in 5 },
                            adjustedClose: columns.adjustedClose.map { _ in columns.volume == nil ? 5 : 6 },
                            count: 5 + (columns.volume == nil ? 0 : 1) + (columns.adjustedClose == nil ? 0 : 1))
        for index in layout.headerLines...lastContent {
            let lineNumber = index + 1
            let line = lines[index]
            if line.isEmpty { throw issue(lineNumber, "empty line inside the data") }
            if layout.isPlain {
                if let row = try parseRow(line, lineNumber: lineNumber, columns: columns, ranges: &ranges) { rows.append(row) }
            } else if let rewritten = try plainLine(line, lineNumber: lineNumber, layout: layout, columns: columns, symbol: symbol),
                      let row = try parseRow(rewritten[...], lineNumber: lineNumber, columns: plain, ranges: &ranges) {
                rows.append(row)
            }
        }
        if layout.ticker != nil && rows.isEmpty { throw issue(1, "no rows for \(symbol) in this Stooq bulk file") }
        guard !rows.isEmpty else { throw issue(lastContent + 1, "no usable data rows (every row is null)") }
        let ordered = try order(rows)
        // Yahoo's indices carry a Volume column of zeros: no volume, not a volume of 0 (MFI 0 reads as deeply oversold).
        var hasVolume = columns.volume != nil
        let missing = ordered.filter { $0.volume?.isNaN == true }
        if hasVolume && ordered.allSatisfy({ $0.volume.map { $0 == 0 || $0.isNaN } ?? true }) {
            hasVolume = false
            let what = missing.count == ordered.count ? "empty" : missing.isEmpty ? "0" : "0 or empty"
            warnings.append(issue(1, "Volume is \(what) on every row: read as no volume (OBV, MFI and relative volume are left out, the volume rule abstains)"))
        } else if let first = missing.map(\.line).min() {
            warnings.append(issue(first, "Volume is empty on \(missing.count == 1 ? "1 row" : "\(missing.count) rows") (the first here): "
                + "read as a missing volume, not 0; OBV, MFI and relative volume are n/a where their window holds such a day"))
        }
        return CSVReader.Result(series: makeSeries(ordered, symbol: symbol, hasVolume: hasVolume), warnings: warnings)
    }

    /// A line of any other layout as the plain layout writes it (`date,open,high,low,close[,volume]`),
    /// or `nil` for a row of another ticker in a bulk file.
    func plainLine(_ line: ArraySlice<UInt8>, lineNumber: Int, layout: CSVLayout, columns: Columns, symbol: String) throws(DataIssue) -> [UInt8]? {
        guard let values = CSVLayout.splitQuoted(line, delimiter: layout.delimiter, atMost: columns.count + 1) else {
            throw issue(lineNumber, "a quoted field is not closed on this line (line breaks inside quotes are not supported)")
        }
        if let ticker = layout.ticker, ticker < values.count {
            let name = values[ticker].text.uppercased()
            guard name == symbol.uppercased() || name.split(separator: ".").first.map(String.init) == symbol.uppercased() else { return nil }
        }
        guard values.count == columns.count else {
            let count = values.count > columns.count ? "more than \(columns.count) fields" : "\(values.count) fields"
            throw issue(lineNumber, "row has \(count), the header has \(columns.count)")
        }
        let dateText = values[columns.date].text
        guard let date = CSVLayout.isoDate(dateText) ?? CSVLayout.slashedDate(dateText, layout: layout) else {
            let hint = !dateText.contains("/") || layout.monthFirst || layout.dayFirst
                ? ": the dates read are YYYY-MM-DD (with or without a time), YYYYMMDD, DD.MM.YYYY"
                    + (layout.monthFirst ? " and MM/DD/YYYY (data.date_format)" : layout.dayFirst ? " and DD/MM/YYYY" : "")
                : ": dates must be year first (YYYY-MM-DD), or DD.MM.YYYY; 01/02/2024 is 2 January in the US and 1 February in Europe, "
                    + "so DD/MM/YYYY is read only under a German, French, Spanish, Italian or Dutch header, or with data.date_format: DD/MM/YYYY or MM/DD/YYYY"
            throw issue(lineNumber, "date '\(dateText)' is not a date in a format read here\(hint)")
        }
        var text = date
        for column in [columns.open, columns.high, columns.low, columns.close] + [columns.volume, columns.adjustedClose].compactMap({ $0 }) {
            guard let number = layout.number(values[column]) else {
                let separators = layout.decimalComma ? "'.' groups thousands and ',' is the decimal comma" : "',' groups thousands and '.' is the decimal point"
                throw issue(lineNumber, "\(layout.header[column]) '\(values[column].text)' is ambiguous: in this file \(separators), "
                    + "and a group of thousands has three digits; write the number without grouping")
            }
            text += "," + number
        }
        return Array(text.utf8)
    }

    func splitLines(_ bytes: [UInt8]) -> [ArraySlice<UInt8>] {
        var start = 0
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { start = 3 }
        var lines: [ArraySlice<UInt8>] = []
        var lineStart = start
        var index = start
        while index < bytes.count {
            if bytes[index] == 10 {
                var end = index
                if end > lineStart && bytes[end - 1] == 13 { end -= 1 }
                lines.append(bytes[lineStart..<end])
                lineStart = index + 1
            }
            index += 1
        }
        if lineStart < bytes.count {
            var end = bytes.count
            if bytes[end - 1] == 13 { end -= 1 }
            lines.append(bytes[lineStart..<end])
        }
        return lines
    }

    /// A hint for the common causes of a header that is not understood.
    static func hint(_ header: String) -> String {
        let lower = header.lowercased()
        if lower.contains("adj") && !lower.contains("close") { return "; is this a price file?" }
        if lower.hasPrefix("{") || lower.hasPrefix("<!doctype") || lower.hasPrefix("<html") { return "; this is not CSV (JSON or an HTML page?)" }
        if lower.contains("|") { return "; '|' is not a delimiter read here: use ',', ';' or tab" }
        return ""
    }

    func mapHeader(_ names: [String]) throws(DataIssue) -> Columns {
        var found: [String: Int] = [:]
        for (position, name) in names.enumerated() {
            let key = CSVLayout.canonical(name)
            if found[key] != nil { throw issue(1, "column '\(name)' appears twice in the header") }
            found[key] = position
        }
        func required(_ name: String) throws(DataIssue) -> Int {
            guard let position = found[name.lowercased()] else {
                let header = names.joined(separator: ", ")
                throw issue(1, "missing \(name) column (the header's columns are \(header); need Date, Open, High, Low, Close, "
                    + "or their German, French, Spanish, Italian or Dutch names)\(Self.hint(header))")
            }
            return position
        }
        return Columns(date: try required("Date"), open: try required("Open"), high: try required("High"),
                       low: try required("Low"), close: try required("Close"), volume: found["volume"],
                       adjustedClose: prices == .adjusted ? found["adj close"] : nil, count: names.count)
    }

    /// The fields of a data row as byte ranges of the line, trimmed of blanks: rows are read
    /// without making a String per field (most of a build's reading time, before). Lines here
    /// hold no quotes: a file with any is rewritten by `CSVLayout` first.
    /// Splitting stops at `limit` fields: a row with more is refused whatever the rest holds.
    func fieldRanges(_ line: ArraySlice<UInt8>, into ranges: inout [Range<Int>], atMost limit: Int = .max) {
        ranges.removeAll(keepingCapacity: true)
        var start = line.startIndex
        var index = line.startIndex
        func close(_ end: Int) {
            var lower = start, upper = end
            while lower < upper, line[lower] == 32 || line[lower] == 9 { lower += 1 }
            while upper > lower, line[upper - 1] == 32 || line[upper - 1] == 9 { upper -= 1 }
            ranges.append(lower..<upper)
        }
        while index < line.endIndex {
            if line[index] == 44 {
                close(index)
                if ranges.count >= limit { return }
                start = index + 1
            }
            index += 1
        }
        close(line.endIndex)
    }

    func text(_ line: ArraySlice<UInt8>, _ range: Range<Int>) -> String { String(decoding: line[range], as: UTF8.self) }

    /// The field as a number, as `Double(String)` reads it (C locale `strtod`, whole field).
    func number(_ line: ArraySlice<UInt8>, _ range: Range<Int>) -> Double? {
        if let value = Self.plainDecimal(line, range) { return value }
        // strtod reads hexadecimal floats (0x1p7); no price file writes them.
        guard !line[range].contains(where: { $0 | 0x20 == UInt8(ascii: "x") }) else { return nil }
        guard !range.isEmpty, range.count < 64 else { return range.isEmpty ? nil : Double(text(line, range)) }
        return withUnsafeTemporaryAllocation(of: CChar.self, capacity: 64) { buffer in
            var position = 0
            for index in range {
                buffer[position] = CChar(bitPattern: line[index])
                position += 1
            }
            buffer[position] = 0
            var end: UnsafeMutablePointer<CChar>?
            let value = strtod(buffer.baseAddress!, &end)
            guard let end, end == buffer.baseAddress! + position, !(buffer[0] == 32 || buffer[0] == 9) else { return nil }
            return value
        }
    }

    static let exactPowersOfTen: [Double] = (0...15).map { pow(10, Double($0)) }

    /// `-?digits[.digits]` with at most 15 digits in all, the shape of nearly every price and
    /// volume: the digits and the power of ten are both exact doubles, so one division gives the
    /// correctly rounded value, the same one `strtod` returns. Anything else is left to `strtod`.
    @inline(__always)
    static func plainDecimal(_ line: ArraySlice<UInt8>, _ range: Range<Int>) -> Double? {
        var index = range.lowerBound
        let negative = index < range.upperBound && line[index] == UInt8(ascii: "-")
        if negative { index += 1 }
        var mantissa: UInt64 = 0, digits = 0, fraction = 0, point = false
        while index < range.upperBound {
            let byte = line[index]
            if byte == UInt8(ascii: ".") {
                guard !point else { return nil }
                point = true
            } else {
                guard byte &- UInt8(ascii: "0") < 10 else { return nil }
                mantissa = mantissa * 10 + UInt64(byte &- UInt8(ascii: "0"))
                digits += 1
                if point { fraction += 1 }
            }
            index += 1
        }
        // A lone sign or point, a point at either end, or too many digits: not the plain shape.
        guard digits > 0, digits <= 15, !(point && fraction == 0), line[range.lowerBound + (negative ? 1 : 0)] != UInt8(ascii: ".") else { return nil }
        let magnitude = Double(mantissa) / exactPowersOfTen[fraction]
        return negative ? -magnitude : magnitude
    }

    func isNull(_ line: ArraySlice<UInt8>, _ range: Range<Int>) -> Bool {
        guard range.count == 4 else { return false }
        return zip(line[range], "null".utf8).allSatisfy { $0 | 0x20 == $1 }
    }

    /// The years 1900 to 2100, as days: a comparison, where asking a day its year is a calendar conversion on every row.
    static let readableDays = Day(year: 1900, month: 1, day: 1)!...Day(year: 2100, month: 12, day: 31)!

    /// One price or volume field: a finite number below 10^15.
    @inline(__always)
    func field(_ name: StaticString, _ line: ArraySlice<UInt8>, _ range: Range<Int>, _ lineNumber: Int) throws(DataIssue) -> Double {
        guard let value = number(line, range) else {
            throw issue(lineNumber, "\(name) '\(text(line, range))' is not a number")
        }
        // Far beyond any price or volume, and sums of such values overflow to infinity.
        guard value.isFinite, value.magnitude < 1e15 else {
            if !value.isFinite { throw issue(lineNumber, "\(name) is \(text(line, range)): every value must be a finite number") }
            throw issue(lineNumber, "\(name) \(text(line, range)) is out of range (at most 10^15)")
        }
        return value
    }

    mutating func parseRow(_ line: ArraySlice<UInt8>, lineNumber: Int, columns: Columns, ranges values: inout [Range<Int>]) throws(DataIssue) -> Row? {
        fieldRanges(line, into: &values, atMost: columns.count + 1)
        guard values.count == columns.count else {
            let count = values.count > columns.count ? "more than \(columns.count) fields" : "\(values.count) fields"
            throw issue(lineNumber, "row has \(count), the header has \(columns.count)")
        }
        guard let date = Day(isoBytes: line[values[columns.date]]) else {
            throw issue(lineNumber, "date '\(text(line, values[columns.date]))' is not an ISO date (YYYY-MM-DD)")
        }
        guard Self.readableDays.contains(date) else { throw issue(lineNumber, "date \(date) is out of range (1900 to 2100)") }
        if isNull(line, values[columns.open]) && isNull(line, values[columns.high]) && isNull(line, values[columns.low])
            && isNull(line, values[columns.close]) {
            warnings.append(issue(lineNumber, "skipped \(date): no prices (null row, market closed)"))
            return nil
        }
        let open = try field("Open", line, values[columns.open], lineNumber)
        let high = try field("High", line, values[columns.high], lineNumber)
        let low = try field("Low", line, values[columns.low], lineNumber)
        let close = try field("Close", line, values[columns.close], lineNumber)
        if open <= 0 || high <= 0 || low <= 0 || close <= 0 {
            for (name, column, value) in [("Open", columns.open, open), ("High", columns.high, high), ("Low", columns.low, low), ("Close", columns.close, close)]
            where value <= 0 {
                throw issue(lineNumber, "\(name) \(text(line, values[column])) is not a positive price")
            }
        }
        var volume: Double?
        if let column = columns.volume, values[column].isEmpty {
            // An empty cell is a volume the source does not have for that bar, not a zero.
            volume = .nan
        } else if let column = columns.volume {
            let value = try field("Volume", line, values[column], lineNumber)
            if value < 0 { throw issue(lineNumber, "Volume \(text(line, values[column])) is negative") }
            volume = value
        }
        var adjustedClose: Double?
        if let column = columns.adjustedClose {
            let value = try field("Adj Close", line, values[column], lineNumber)
            if value <= 0 { throw issue(lineNumber, "Adj Close \(text(line, values[column])) is not a positive price") }
            adjustedClose = value
        }
        if high < low {
            throw issue(lineNumber, "High \(text(line, values[columns.high])) is below Low \(text(line, values[columns.low]))")
        }
        if open < low || open > high || close < low || close > high {
            warnings.append(issue(lineNumber, "\(date): Open or Close lies outside [Low, High]; kept as published"))
        }
        return Row(line: lineNumber, date: date, open: open, high: high, low: low, close: close, volume: volume, adjustedClose: adjustedClose)
    }

    /// Accepts a strictly ascending or strictly descending file (identical duplicates dropped);
    /// returns the rows oldest first.
    mutating func order(_ rows: [Row]) throws(DataIssue) -> [Row] {
        let descending = rows.count > 1 && rows[rows.count - 1].date < rows[0].date
        var result: [Row] = []
        result.reserveCapacity(rows.count)
        for row in rows {
            guard let previous = result.last else { result.append(row); continue }
            if row.date == previous.date {
                let same = row.open == previous.open && row.high == previous.high && row.low == previous.low
                    && row.close == previous.close && (row.volume == previous.volume || row.volume?.isNaN == true && previous.volume?.isNaN == true)
                    && row.adjustedClose == previous.adjustedClose
                guard same else {
                    throw issue(row.line, "duplicate date \(row.date) with different values (first at line \(previous.line))")
                }
                warnings.append(issue(row.line, "dropped duplicate of \(row.date) (identical to line \(previous.line))"))
                continue
            }
            if (row.date < previous.date) != descending {
                let direction = descending ? "descending" : "ascending"
                throw issue(row.line, "date \(row.date) is out of order after \(previous.date) in an \(direction) file")
            }
            result.append(row)
        }
        return descending ? result.reversed() : result
    }

    func makeSeries(_ rows: [Row], symbol: String, hasVolume: Bool) -> Series {
        // Adjusted: each price of a row times that row's Adj Close / Close (the close becomes Adj Close).
        let factor = { (row: Row) in row.adjustedClose.map { $0 / row.close } ?? 1 }
        var series = Series(symbol: symbol, dates: rows.map(\.date), open: rows.map { $0.open * factor($0) }, high: rows.map { $0.high * factor($0) },
                            low: rows.map { $0.low * factor($0) }, close: rows.map { $0.adjustedClose ?? $0.close },
                            volume: hasVolume ? rows.map { $0.volume ?? 0 } : nil)
        series.adjusted = rows.contains { $0.adjustedClose != nil }
        return series
    }
}

extension CSVReader {
    /// The dates of a file's newest rows from its two ends alone: `head`, its first bytes (the
    /// header and the rows the layout is read from), and `tail`, its last (from anywhere: the
    /// partial first line is dropped). A calendar needs only the newest days, and reading every
    /// row for it before every row is read again to stream was 8% of a build. Nil when the
    /// ends cannot answer as the whole file would: not a plain comma file with ISO dates, oldest
    /// row first; a row either end refuses (the whole file's read then names it at its line).
    public func datesAtEnd(head: [UInt8], tail: [UInt8], file: String, symbol: String) -> [Day]? {
        let reading = Reading(file: file, prices: prices, dates: dates)
        let headLines = reading.splitLines(head)
        // The header and three whole rows: what the layout is told from (the last line may be cut).
        guard headLines.count > 4, CSVLayout.detect(Array(headLines.prefix(4)), in: head).isPlain,
              let cut = tail.firstIndex(of: 10), cut + 1 < tail.count else { return nil }
        let start = Array(headLines.prefix(4).joined(separator: [10])) + [10]
        guard let first = try? read(start, file: file, symbol: symbol).series.dates,
              let ends = try? read(start + tail[(cut + 1)...], file: file, symbol: symbol).series.dates,
              ends.starts(with: first), let newestOfHead = first.last else { return nil }
        return Array(ends.drop { $0 <= newestOfHead })
    }
}
