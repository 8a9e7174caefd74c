import Core
import Foundation

/// The shape of a price file, told from its first lines: the delimiter (`,`, `;` or tab), how
/// many header lines there are (yfinance writes three), the column names (Stooq's bulk files
/// write `<DATE>`, `<VOL>`), and whether numbers use a decimal comma (`;` files from
/// spreadsheets). A plain comma file with ISO dates and no quotes needs none of this and is
/// read by the fast path; any other is rewritten line by line into that plain form, keeping
/// each line's number for messages.
struct CSVLayout {
    var delimiter: UInt8 = UInt8(ascii: ",")
    /// Lines before the first data line.
    var headerLines = 1
    /// The header's fields as written (yfinance's first one read as `Date`), for `mapHeader` and messages.
    var header: [String] = []
    /// The same names, lower case, without `<>` and with `_` as a space.
    var names: [String] { header.map(CSVLayout.canonical) }
    var decimalComma = false
    /// A header in a European language (or `data.date_format: DD/MM/YYYY`): `03/06/2024` is 3 June.
    var dayFirst = false
    /// `data.date_format: MM/DD/YYYY`: `03/06/2024` is 6 March.
    var monthFirst = false
    /// Stooq bulk files: the ticker column, whose rows for other tickers are left out.
    var ticker: Int?
    /// Whether the fast path can read the data lines as they are.
    var isPlain = true

    static let comma = UInt8(ascii: ","), semicolon = UInt8(ascii: ";"), tab = UInt8(ascii: "\t"), quote = UInt8(ascii: "\"")

    /// What a header name means, for the names vendors use, in English or in the languages of
    /// European exports (`localized`).
    static func canonical(_ raw: String) -> String {
        var name = raw.trimmedOfSpaces.lowercased()
        if name.utf8.contains(UInt8(ascii: "_")) { name = String(String.UnicodeScalarView(name.unicodeScalars.map { $0 == "_" ? " " : $0 })) }
        if name.hasPrefix("<") && name.hasSuffix(">") { name = String(name.dropFirst().dropLast()) }
        switch name {
        case "datetime", "timestamp", "time stamp": return "date"
        case "vol", "volume": return "volume"
        case "adj close", "adjclose", "adjusted close", "adj. close": return "adj close"
        case "ticker", "symbol": return "ticker"
        default: return localized[name] ?? name
        }
    }

    /// The column names of European brokers' and banks' exports: German, French, Spanish,
    /// Italian and Dutch. A header in one of these languages also means its dates are day first.
    static let localized: [String: String] = {
        let names: [String: [String]] = [
            "date": ["datum", "fecha", "data"],
            "open": ["eröffnung", "eroeffnung", "erster", "erster kurs", "ouverture", "apertura", "opening", "openingskoers"],
            "high": ["hoch", "tageshoch", "plus haut", "haut", "máximo", "maximo", "massimo", "hoog", "hoogste"],
            "low": ["tief", "tagestief", "plus bas", "bas", "mínimo", "minimo", "laag", "laagste"],
            "close": ["schluss", "schlusskurs", "letzter", "clôture", "cloture", "dernier", "cierre", "último", "ultimo", "chiusura", "slot", "slotkoers"],
            "volume": ["volumen", "umsatz", "stück", "volume échangé", "volumen negociado", "volume scambiato", "omzet"],
        ]
        return Dictionary(names.flatMap { key, words in words.map { ($0, key) } }, uniquingKeysWith: { first, _ in first })
    }()

    /// Whether a header is in one of the `localized` languages: its dates are then day first.
    static func isLocalized(_ header: [String]) -> Bool {
        header.contains { localized[$0.trimmedOfSpaces.lowercased()] != nil }
    }

    /// `bytes` is the whole file, `lines` its lines (slices of it).
    static func detect(_ lines: [ArraySlice<UInt8>], in bytes: [UInt8]) -> CSVLayout {
        var layout = CSVLayout()
        guard let header = lines.first else { return layout }
        let counts = [comma, semicolon, tab].map { mark in (mark, header.filter { $0 == mark }.count) }
        layout.delimiter = counts.max { $0.1 < $1.1 }.map { $0.1 > 0 ? $0.0 : comma } ?? comma
        layout.header = fields(header, delimiter: layout.delimiter)
        // yfinance >= 0.2.51: "Price,Close,...", then "Ticker,AAPL,...", then "Date,,,,,".
        if layout.header.first.map(canonical) == "price", lines.count > 2,
           fields(lines[1], delimiter: layout.delimiter).first.map(canonical) == "ticker",
           fields(lines[2], delimiter: layout.delimiter).first.map(canonical) == "date" {
            layout.header[0] = "Date"
            layout.headerLines = 3
        }
        // pandas' df.to_csv() with an unnamed DatetimeIndex: ",open,high,...": the nameless first column is the date.
        if layout.header.count > 1, layout.header[0].isEmpty, !layout.header.map(canonical).contains("date") {
            layout.header[0] = "Date"
        }
        layout.dayFirst = isLocalized(layout.header)
        let names = layout.names
        if names.contains("ticker") && names.contains("per") { layout.ticker = names.firstIndex(of: "ticker") }
        // A decimal comma: a ';' or tab file whose price or volume fields hold commas (a comma in
        // a text column, "Acme, Inc.", says nothing about the numbers).
        if layout.delimiter != comma, lines.count > layout.headerLines {
            let numeric = names.indices.filter { numericNames.contains(names[$0]) }
            let first = fields(lines[layout.headerLines], delimiter: layout.delimiter)
            layout.decimalComma = numeric.isEmpty
                ? lines[layout.headerLines].contains(comma)
                : numeric.contains { $0 < first.count && first[$0].contains(",") }
        }
        let plainNames = names.allSatisfy { !$0.isEmpty }
        let sample = lines.dropFirst(layout.headerLines).prefix(3)
        let isoDates = names.firstIndex(of: "date").map { column in
            sample.allSatisfy { line in
                let values = fields(line, delimiter: layout.delimiter)
                return column < values.count && values[column].utf8.count == 10 && Day(iso: values[column]) != nil
            }
        } ?? true
        layout.isPlain = layout.delimiter == comma && layout.headerLines == 1 && !layout.decimalComma && layout.ticker == nil
            && plainNames && isoDates && !hasQuote(bytes, from: lines.count > 1 ? lines[1].startIndex : bytes.count)
        return layout
    }

    /// Whether a quote appears at or after `start`: `memchr`, since plain files are read on every build.
    static func hasQuote(_ bytes: [UInt8], from start: Int) -> Bool {
        guard start < bytes.count else { return false }
        return bytes.withUnsafeBufferPointer { buffer in memchr(buffer.baseAddress! + start, Int32(quote), buffer.count - start) != nil }
    }

    /// The fields of one line, RFC 4180: a quoted field may hold the delimiter and doubled
    /// quotes; `nil` when a quote is left open (a quoted line break, which is not supported).
    static func fields(_ line: ArraySlice<UInt8>, delimiter: UInt8) -> [String] {
        splitQuoted(line, delimiter: delimiter)?.map(\.text) ?? []
    }

    /// `atMost`: splitting stops once that many fields are read (a row with more is refused anyway).
    static func splitQuoted(_ line: ArraySlice<UInt8>, delimiter: UInt8, atMost limit: Int = .max) -> [(text: String, quoted: Bool)]? {
        var result: [(String, Bool)] = []
        var field: [UInt8] = []
        var quoted = false, inQuotes = false
        var index = line.startIndex
        while index < line.endIndex {
            let byte = line[index]
            if inQuotes {
                if byte == quote {
                    if index + 1 < line.endIndex && line[index + 1] == quote {
                        field.append(quote)
                        index += 1
                    } else {
                        inQuotes = false
                    }
                } else {
                    field.append(byte)
                }
            } else if byte == quote && field.allSatisfy({ $0 == 32 }) {
                field.removeAll()
                inQuotes = true
                quoted = true
            } else if byte == delimiter {
                result.append((String(decoding: field, as: UTF8.self).trimmedOfSpaces, quoted))
                if result.count >= limit { return result }
                field.removeAll()
                quoted = false
            } else {
                field.append(byte)
            }
            index += 1
        }
        guard !inQuotes else { return nil }
        result.append((String(decoding: field, as: UTF8.self).trimmedOfSpaces, quoted))
        return result
    }

    /// `2004-08-19`, `2004-08-19 00:00:00-05:00`, `2004-08-19T00:00:00Z` or Stooq's `20040819`, as
    /// `2004-08-19`: the date as written, the exchange's own, whatever the time zone says.
    static func isoDate(_ text: String) -> String? {
        let bytes = Array(text.utf8)
        if bytes.count == 8, bytes.allSatisfy({ $0 &- 48 < 10 }) {
            return String(decoding: bytes[0..<4] + [45] + bytes[4..<6] + [45] + bytes[6..<8], as: UTF8.self)
        }
        guard bytes.count >= 10, Day(isoBytes: bytes[0..<10]) != nil else { return nil }
        guard bytes.count == 10 || bytes[10] == 32 || bytes[10] == UInt8(ascii: "T") else { return nil }
        return String(decoding: bytes[0..<10], as: UTF8.self)
    }

    /// `03.06.2024` (day first wherever dots are used), and `03/06/2024` as the layout reads
    /// slashes (day first, month first, or not at all), as an ISO date; nil for anything else.
    static func slashedDate(_ text: String, layout: CSVLayout) -> String? {
        let dotted = text.contains(".")
        guard dotted || layout.dayFirst || layout.monthFirst else { return nil }
        let parts = text.split(separator: dotted ? "." : "/", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[2].count == 4, (1...2).contains(parts[0].count), (1...2).contains(parts[1].count),
              let first = Int(parts[0]), let second = Int(parts[1]), let year = Int(parts[2]) else { return nil }
        let (day, month) = layout.monthFirst && !dotted ? (second, first) : (first, second)
        return Day(year: year, month: month, day: day)?.iso
    }

    static let numericNames: Set<String> = ["open", "high", "low", "close", "adj close", "volume"]

    /// A number as the plain form writes it: a decimal comma made a point, and grouping
    /// separators (`"108,126,800"`, `1.234,5`) dropped; nil when the separators are ambiguous
    /// (`"100,50"` in a comma file, `100.50` in a decimal-comma file): a price read 100 times too
    /// large is worse than a refusal.
    func number(_ field: (text: String, quoted: Bool)) -> String? {
        if decimalComma { return Self.ungrouped(field.text, group: ".", decimal: ",") }
        if field.quoted && delimiter == CSVLayout.comma { return Self.ungrouped(field.text, group: ",", decimal: ".") }
        return field.text
    }

    /// `text` with its grouping separators removed and its decimal separator made a point,
    /// when every group after the first has exactly three digits; otherwise nil.
    static func ungrouped(_ text: String, group: Character, decimal: Character) -> String? {
        let parts = text.split(separator: decimal, omittingEmptySubsequences: false)
        guard parts.count <= 2, let whole = parts.first else { return nil }
        if parts.count == 2, parts[1].contains(group) { return nil }
        var digits = Substring(whole)
        var sign = ""
        if let first = digits.first, first == "-" || first == "+" { sign = String(first); digits = digits.dropFirst() }
        if digits.contains(group) {
            let groups = digits.split(separator: group, omittingEmptySubsequences: false)
            guard (1...3).contains(groups[0].count), groups.dropFirst().allSatisfy({ $0.count == 3 }),
                  groups.allSatisfy({ $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) }) else { return nil }
            digits = Substring(groups.joined())
        }
        return sign + digits + (parts.count == 2 ? "." + parts[1] : "")
    }
}

extension String {
    /// `trimmingCharacters(in: .whitespaces)`: spaces and tabs taken off each end here, and
    /// Foundation asked only when an end is not ASCII (a no-break space, say). Foundation's
    /// trim goes through `NSString` and was a third of telling a file's layout, once per file.
    var trimmedOfSpaces: String {
        let bytes = utf8
        var start = bytes.startIndex, end = bytes.endIndex
        while start < end, bytes[start] == 32 || bytes[start] == 9 { start = bytes.index(after: start) }
        while start < end, bytes[bytes.index(before: end)] == 32 || bytes[bytes.index(before: end)] == 9 { end = bytes.index(before: end) }
        guard start < end else { return "" }
        let trimmed = String(self[start..<end])
        return bytes[start] < 0x80 && bytes[bytes.index(before: end)] < 0x80 ? trimmed : trimmed.trimmingCharacters(in: .whitespaces)
    }
}
