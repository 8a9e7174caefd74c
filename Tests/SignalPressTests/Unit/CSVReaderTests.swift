import Core
import Foundation
import Indicators
@testable import MarketData
import Project
import Signals
import Testing

private let header = "Date,Open,High,Low,Close,Volume\n"

private let defectCases: [(String, String)] = [
        ("", "T.csv:1: empty file"),
        (header, "T.csv:1: no data rows"),
        ("Date,Open,High,Low,Volume\n2024-01-02,1,2,1,5\n", "T.csv:1: missing Close column"),
        (header + "2024-01-02,10,11,9\n", "T.csv:2: row has 4 fields"),
        (header + "2024-01-02,10,11,9,1O.5,1000\n", "T.csv:2: Close '1O.5' is not a number"),
        (header + "2024-01-02,10,11,9,NaN,1000\n", "T.csv:2: Close is NaN"),
        (header + "01/02/2024,10,11,9,10,1000\n", "T.csv:2: date '01/02/2024' is not a date in a format read here"),
        (header + "2024-01-02,10,11,-9,10,1000\n", "T.csv:2: Low -9 is not a positive price"),
        (header + "2024-01-02,0,11,9,10,1000\n", "T.csv:2: Open 0 is not a positive price"),
        (header + "2024-01-02,10,11,9,10,-5\n", "T.csv:2: Volume -5 is negative"),
        (header + "2024-01-02,10,9,11,10,5\n", "T.csv:2: High 9 is below Low 11"),
        (header + "2024-01-02,10,11,9,10,1\n2024-01-04,10,11,9,10,1\n2024-01-03,10,11,9,10,1\n2024-01-05,10,11,9,10,1\n",
         "T.csv:4: date 2024-01-03 is out of order"),
        (header + "2024-01-02,10,11,9,10,1\n2024-01-02,10,11,9,10.5,1\n", "T.csv:3: duplicate date 2024-01-02 with different values"),
        (header + "2024-01-02,10,11,9,10,1\n\n2024-01-03,10,11,9,10,1\n", "T.csv:3: empty line"),
        (header + "2024-01-02,10,11,9,1.7976931348623157e308,1\n", "T.csv:2: Close 1.7976931348623157e308 is out of range (at most 10^15)"),
        (header + "2024-01-02,10,11,9,0x1.4p3,1\n", "T.csv:2: Close '0x1.4p3' is not a number"),
        (header + "2200-01-02,10,11,9,10,1\n", "T.csv:2: date 2200-01-02 is out of range (1900 to 2100)"),
        (header + "2024-01-02,10,11,9,10,1,7,8\n", "T.csv:2: row has more than 6 fields, the header has 6"),
        (header + "2024-01-02,\"10\",11,9,10,1,7,8\n", "T.csv:2: row has more than 6 fields, the header has 6"),
]

@Suite("CSV reader")
struct CSVReaderTests {
    @Test("a hostile file of one endless row is refused at its line, in memory near its own size")
    func endlessRow() throws {
        for body in [header + "2024-01-02" + String(repeating: ",", count: 2_000_000) + "\n",
                     String(repeating: ",", count: 2_000_000) + "\n" + "2024-01-02,10,11,9,10,1\n",
                     header + "2024-01-02,\"" + String(repeating: "\",\"", count: 700_000) + "\"\n"] {
            #expect {
                _ = try CSVReader().read(Array(body.utf8), file: "T.csv", symbol: "T")
            } throws: { error in
                let text = "\(error)"
                return text.contains("T.csv:") && text.contains("more than 64 KiB: not a file of daily prices")
            }
        }
        // A row just under the cap with too many fields stops being split at the seventh.
        let wide = header + "2024-01-02,10,11,9,10,1" + String(repeating: ",1", count: 30_000) + "\n"
        #expect(throws: DataIssue.self) { try CSVReader().read(Array(wide.utf8), file: "T.csv", symbol: "T") }
    }

    let rows = ["2024-01-02,10,11,9,10.5,1000", "2024-01-03,10.5,12,10,11,1200", "2024-01-04,11,11.5,10.2,10.4,900"]

    func read(_ text: String) throws(DataIssue) -> CSVReader.Result {
        try CSVReader().read(text, file: "T.csv", symbol: "T")
    }

    func error(_ text: String) -> DataIssue? {
        do { _ = try read(text); return nil } catch { return error }
    }

    @Test("a plain file reads every bar, oldest first")
    func plain() throws {
        let result = try read(header + rows.joined(separator: "\n") + "\n")
        #expect(result.series.count == 3)
        #expect(result.series.close == [10.5, 11, 10.4])
        #expect(result.series.volume == [1000, 1200, 900])
        #expect(result.warnings.isEmpty)
    }

    @Test("layout quirks are accepted: BOM, CRLF, trailing blank lines, any column order and case, Adj Close")
    func layouts() throws {
        let crlf = (header + rows.joined(separator: "\n") + "\n").replacingOccurrences(of: "\n", with: "\r\n")
        #expect(try read("\u{FEFF}" + crlf).series.count == 3)
        #expect(try read(header + rows.joined(separator: "\n") + "\n\n\n").series.count == 3)
        let yahoo = "date,OPEN,high,Low,close,Adj Close,volume\n2024-01-02,10,11,9,10.5,10.4,1000\n"
        // Adjusted by default: the close becomes Adj Close, the other prices scale with it.
        #expect(try read(yahoo).series.close == [10.4] && read(yahoo).series.high == [11 * (10.4 / 10.5)])
        #expect(try CSVReader(prices: .raw).read(yahoo, file: "T.csv", symbol: "T").series.close == [10.5])
        let reordered = "Close,Date,Low,High,Open\n10.5,2024-01-02,9,11,10\n"
        let series = try read(reordered).series
        #expect(series.open == [10] && series.high == [11] && series.volume == nil)
    }

    @Test("a newest-first file is sorted oldest first")
    func descending() throws {
        let series = try read(header + rows.reversed().joined(separator: "\n")).series
        #expect(series.dates.map(\.iso) == ["2024-01-02", "2024-01-03", "2024-01-04"])
    }

    @Test("null rows are skipped and identical duplicates dropped, each with a warning")
    func warnings() throws {
        let nulls = try read(header + rows[0] + "\n2024-01-03,null,null,null,null,null\n" + rows[2])
        #expect(nulls.series.count == 2)
        #expect(nulls.warnings.map(\.line) == [3])
        let duplicate = try read(header + rows[0] + "\n" + rows[0] + "\n" + rows[1])
        #expect(duplicate.series.count == 2)
        #expect(duplicate.warnings.first?.description.hasPrefix("T.csv:3: dropped duplicate") == true)
        let outside = try read(header + "2024-01-02,12,11,9,10.5,1000\n")
        #expect(outside.warnings.first?.message.contains("outside [Low, High]") == true)
    }

    @Test("every defect is an error at file:line", arguments: defectCases)
    func defects(input: String, expected: String) {
        let found = error(input)
        #expect(found?.description.hasPrefix(expected) == true, "got \(String(describing: found))")
    }

    @Test("writing and reading a series gives the same numbers")
    func roundTrip() throws {
        let series = SampleData(days: 300, seed: 3).series(symbol: "RTX")
        let again = try read(CSVWriter.csv(series)).series
        #expect(again.close == series.close && again.high == series.high && again.volume == series.volume)
        #expect(again.dates == series.dates)
    }
}

@Suite("Malformed files in ../shared/data/bad", .sharedData)
struct BadFileTests {
    func read(_ name: String) -> Result<CSVReader.Result, DataIssue> {
        let data = try! Data(contentsOf: SharedData.url("data/bad/\(name)"))
        do { return .success(try CSVReader().read([UInt8](data), file: name, symbol: "AAPL")) } catch { return .failure(error) }
    }

    @Test("defective files fail with the documented message at the right line", arguments: [
        ("empty.csv", "empty.csv:1: empty file"),
        ("header_only.csv", "header_only.csv:1: no data rows"),
        ("non_monotonic_dates.csv", "non_monotonic_dates.csv:"),
        ("duplicate_date_conflicting.csv", "duplicate_date_conflicting.csv:"),
        ("missing_close_column.csv", "missing_close_column.csv:1: missing Close column"),
        ("non_numeric_close.csv", "non_numeric_close.csv:"),
        ("nan_close.csv", "nan_close.csv:"),
        ("negative_low.csv", "negative_low.csv:"),
        ("zero_open_low.csv", "zero_open_low.csv:"),
        ("negative_volume.csv", "negative_volume.csv:"),
        ("high_below_low.csv", "high_below_low.csv:"),
        ("ragged_row.csv", "ragged_row.csv:"),
        ("bad_date_format.csv", "bad_date_format.csv:"),
    ])
    func rejected(name: String, prefix: String) throws {
        guard case let .failure(issue) = read(name) else { Issue.record("\(name) was accepted"); return }
        #expect(issue.description.hasPrefix(prefix))
        // The line named must be the defective row: a data line (not the header) for row defects.
        if !["empty.csv", "header_only.csv", "missing_close_column.csv"].contains(name) {
            let lines = try String(contentsOf: SharedData.url("data/bad/\(name)"), encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false)
            #expect(issue.line >= 2 && issue.line <= lines.count)
        }
    }

    @Test("the named defective rows are the ones the README describes")
    func lines() {
        func line(_ name: String) -> Int? { if case let .failure(issue) = read(name) { return issue.line }; return nil }
        func text(_ name: String, _ line: Int) -> String {
            String(try! String(contentsOf: SharedData.url("data/bad/\(name)"), encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false)[line - 1])
        }
        #expect(text("non_numeric_close.csv", line("non_numeric_close.csv")!).hasPrefix("2004-09-07"))
        #expect(text("nan_close.csv", line("nan_close.csv")!).hasPrefix("2004-09-15"))
        #expect(text("negative_low.csv", line("negative_low.csv")!).hasPrefix("2004-09-21"))
        #expect(text("zero_open_low.csv", line("zero_open_low.csv")!).hasPrefix("2004-10-01"))
        #expect(text("negative_volume.csv", line("negative_volume.csv")!).hasPrefix("2004-10-06"))
        #expect(text("high_below_low.csv", line("high_below_low.csv")!).hasPrefix("2004-08-31"))
        #expect(text("ragged_row.csv", line("ragged_row.csv")!).hasPrefix("2004-09-09"))
        #expect(text("bad_date_format.csv", line("bad_date_format.csv")!).hasPrefix("08/27/2004"))
        #expect(text("duplicate_date_conflicting.csv", line("duplicate_date_conflicting.csv")!).hasPrefix("2004-09-24"))
    }

    @Test("awkward but valid files are accepted with the right bars", arguments: [
        ("too_short_5_rows.csv", 5), ("descending_dates.csv", 40), ("duplicate_date_identical.csv", 40),
        ("missing_volume_column.csv", 40), ("yahoo_null_row.csv", 40), ("yahoo_adj_close_layout.csv", 40),
        ("utf8_bom.csv", 40), ("crlf_line_endings.csv", 40), ("trailing_blank_lines.csv", 40),
    ])
    func accepted(name: String, bars: Int) throws {
        guard case let .success(result) = read(name) else { Issue.record("\(name) was rejected: \(read(name))"); return }
        #expect(result.series.count == bars)
        #expect(result.series.dates == result.series.dates.sorted())
        #expect(result.series.close.first == 2.193571)
        if name == "missing_volume_column.csv" { #expect(result.series.volume == nil) }
        if name == "yahoo_null_row.csv" || name == "duplicate_date_identical.csv" { #expect(result.warnings.count == 1) }
    }

    @Test("descending and BOM layouts read the same numbers as the clean file")
    func sameNumbers() throws {
        guard case let .success(bom) = read("utf8_bom.csv"), case let .success(descending) = read("descending_dates.csv"),
              case let .success(crlf) = read("crlf_line_endings.csv") else { Issue.record("rejected"); return }
        #expect(bom.series == descending.series)
        #expect(bom.series == crlf.series)
    }
}

@Suite("Number text")
struct NumberTextTests {
    @Test("fixed decimals print like %.Nf: padding, signs, rounding, zero that is not negative")
    func fixedDecimals() {
        let cases: [(Double, Int, String)] = [
            (123.456, 2, "123.46"), (0.05, 2, "0.05"), (0, 0, "0"), (0, 2, "0.00"), (7, 0, "7"),
            (-1.5, 1, "-1.5"), (-0.001, 2, "0.00"), (2.5, 0, "2"), (3.5, 0, "4"), (0.000001, 6, "0.000001"),
            (98765.4321, 3, "98765.432"), (1e20, 2, "100000000000000000000.00"), (.nan, 2, "nan"),
        ]
        for (value, decimals, expected) in cases {
            #expect(NumberText.fixed(value, decimals) == expected, "\(value) with \(decimals) decimals")
        }
        // Values a hair off a tie (7.35 is 7.3499999...), as accumulated sums give them.
        for value in stride(from: -50.0, through: 50.0, by: 0.05) {
            for decimals in 0...4 {
                var printed = String(format: "%.\(decimals)f", value)
                if printed.allSatisfy({ "-0.".contains($0) }) { printed = printed.replacingOccurrences(of: "-", with: "") }
                #expect(NumberText.fixed(value, decimals) == printed, "\(value)")
            }
        }
    }
}

extension NumberTextTests {
    @Test("prices read from a file are the doubles strtod gives, whatever their shape")
    func pricesReadExactly() throws {
        var generator = SystemRandomNumberGenerator()
        var texts: [String] = ["0.1", "0.30000000000000004", "123456789012345", "999999999999999.9", "1e2", "5.", ".5", "+3",
                               "000.0100", "99999999999999.9", "0.000000000000001", "1.5e14"]
        for _ in 0..<3000 {
            let digits = Int.random(in: 1...18, using: &generator), point = Int.random(in: 0...min(digits, 15), using: &generator)
            var text = String((0..<digits).map { _ in Character(String(Int.random(in: 0...9, using: &generator))) })
            if point < digits { text.insert(".", at: text.index(text.startIndex, offsetBy: point)) }
            texts.append(text)
        }
        texts = texts.filter { (Double($0) ?? 0) > 0 }
        let csv = "Date,Open,High,Low,Close\n" + texts.enumerated().map { index, text in
            "\(Day(daysSinceEpoch: 10_000 + index).iso),\(text),\(text),\(text),\(text)"
        }.joined(separator: "\n")
        let series = try CSVReader().read(csv, file: "T.csv", symbol: "T").series
        for (index, text) in texts.enumerated() {
            #expect(series.close[index].bitPattern == Double(text)!.bitPattern, "\(text)")
        }
    }
}

/// The files users actually have, each made from one series and read to the same bars as the plain file.
@Suite("Real-world CSV layouts")
struct CSVLayoutTests {
    var series = SampleData(days: 60, seed: 21).series(symbol: "LAYX")

    func rows(_ body: (Int, String, [String]) -> String) -> [String] {
        series.dates.indices.map { index in
            let values = [series.open[index], series.high[index], series.low[index], series.close[index], series.volume![index]].map(NumberText.shortest)
            return body(index, series.dates[index].iso, values)
        }
    }

    func read(_ text: String) throws(DataIssue) -> Series { try CSVReader().read(text, file: "LAYX.csv", symbol: "LAYX").series }

    var layouts: [(String, String)] {
        let plain = "Date,Open,High,Low,Close,Volume\n" + rows { _, date, v in "\(date),\(v.joined(separator: ","))" }.joined(separator: "\n")
        let pandasZone = "Date,Open,High,Low,Close,Adj Close,Volume\n"
            + rows { _, date, v in "\(date) 00:00:00-05:00,\(v[0]),\(v[1]),\(v[2]),\(v[3]),\(v[3]),\(v[4])" }.joined(separator: "\n")
        let pandasIndex = ",Date,Open,High,Low,Close,Volume\n" + rows { i, date, v in "\(i),\(date),\(v.joined(separator: ","))" }.joined(separator: "\n")
        let yfinance = "Price,Close,High,Low,Open,Volume\nTicker,LAYX,LAYX,LAYX,LAYX,LAYX\nDate,,,,,\n"
            + rows { _, date, v in "\(date),\(v[3]),\(v[1]),\(v[2]),\(v[0]),\(v[4])" }.joined(separator: "\n")
        let stooqBulk = "<TICKER>,<PER>,<DATE>,<TIME>,<OPEN>,<HIGH>,<LOW>,<CLOSE>,<VOL>,<OPENINT>\n"
            + rows { _, date, v in
                "OTHER.US,D,20200101,000000,1,1,1,1,1,0\nLAYX.US,D,\(date.replacingOccurrences(of: "-", with: "")),000000,\(v.joined(separator: ",")),0"
            }.joined(separator: "\n")
        let semicolon = "Date;Open;High;Low;Close;Volume\n"
            + rows { _, date, v in "\(date);" + v.map { $0.replacingOccurrences(of: ".", with: ",") }.joined(separator: ";") }.joined(separator: "\n")
        let tabs = "Date\tOpen\tHigh\tLow\tClose\tVolume\n" + rows { _, date, v in "\(date)\t\(v.joined(separator: "\t"))" }.joined(separator: "\n")
        let quoted = "\"Date\",\"Open\",\"High\",\"Low\",\"Close\",\"Volume\"\n" + rows { _, date, v in
            let volume = Int(v[4])!.formatted(.number.grouping(.automatic).locale(Locale(identifier: "en_US")))
            return "\"\(date)\",\(v[0]),\(v[1]),\(v[2]),\(v[3]),\"\(volume)\""
        }.joined(separator: "\n")
        // df.to_csv() of a frame indexed by date: the index column has no name.
        let pandasDateIndex = ",open,high,low,close,volume\n" + rows { _, date, v in "\(date),\(v.joined(separator: ","))" }.joined(separator: "\n")
        func european(_ date: String, _ separator: String) -> String {
            let parts = date.split(separator: "-")
            return "\(parts[2])\(separator)\(parts[1])\(separator)\(parts[0])"
        }
        let decimalCommas = { (v: [String]) in v.map { $0.replacingOccurrences(of: ".", with: ",") } }
        let german = "Datum;Eröffnung;Hoch;Tief;Schluss;Volumen\n"
            + rows { _, date, v in "\(european(date, "."));" + decimalCommas(v).joined(separator: ";") }.joined(separator: "\n")
        let french = "Date;Ouverture;Plus haut;Plus bas;Clôture;Volume\n"
            + rows { _, date, v in "\(european(date, "/"));" + decimalCommas(v).joined(separator: ";") }.joined(separator: "\n")
        let spanish = "Fecha;Apertura;Máximo;Mínimo;Cierre;Volumen\n"
            + rows { _, date, v in "\(european(date, "/"));" + decimalCommas(v).joined(separator: ";") }.joined(separator: "\n")
        let italian = "Data,Apertura,Massimo,Minimo,Chiusura,Volume\n" + rows { _, date, v in "\(date),\(v.joined(separator: ","))" }.joined(separator: "\n")
        let dutch = "Datum;Openingskoers;Hoogste;Laagste;Slotkoers;Volume\n"
            + rows { _, date, v in "\(european(date, "-").replacingOccurrences(of: "-", with: "/"));" + decimalCommas(v).joined(separator: ";") }.joined(separator: "\n")
        return [("plain", plain), ("pandas with a time zone", pandasZone), ("pandas with its index", pandasIndex),
                ("pandas indexed by date", pandasDateIndex), ("German bank export", german), ("French broker export", french),
                ("Spanish broker export", spanish), ("Italian export", italian), ("Dutch export", dutch),
                ("yfinance multi-row header", yfinance), ("Stooq bulk", stooqBulk), ("; with decimal commas", semicolon),
                ("tab-separated", tabs), ("RFC 4180 quoted", quoted)]
    }

    @Test("every layout reads to the same bars, and so the same 21 indicator columns, as the plain file")
    func sameBars() throws {
        let expected = try read(layouts[0].1)
        #expect(expected == series)
        let reference = Analysis(series: expected, config: SignalConfig()).market.indicators.columns
        for (name, text) in layouts.dropFirst() {
            var read = try read(text)
            read.adjusted = false // pandas' Adj Close equals Close here: the same bars, flagged as adjusted
            #expect(read == expected, "\(name)")
            let columns = Analysis(series: read, config: SignalConfig()).market.indicators.columns
            for (a, b) in zip(columns, reference) {
                #expect(zip(a ?? [], b ?? []).allSatisfy { $0 == $1 || ($0.isNaN && $1.isNaN) }, "\(name)")
            }
        }
    }

    @Test("data.date_format reads slashed dates as the file's country writes them; dotted dates are always day first")
    func dateFormats() throws {
        func read(_ text: String, _ dates: CSVReader.DateFormat) throws(DataIssue) -> [Day] {
            try CSVReader(dates: dates).read(text, file: "LAYX.csv", symbol: "LAYX").series.dates
        }
        let us = "Date,Open,High,Low,Close\n03/06/2024,10,11,9,10\n03/07/2024,10,11,9,10\n"
        #expect(try read(us, .monthFirst) == [Day(iso: "2024-03-06")!, Day(iso: "2024-03-07")!])
        #expect(try read(us, .dayFirst) == [Day(iso: "2024-06-03")!, Day(iso: "2024-07-03")!])
        #expect(try read("Date,Open,High,Low,Close\n03.06.2024,10,11,9,10\n", .monthFirst) == [Day(iso: "2024-06-03")!])
        do {
            _ = try read(us, .automatic)
            Issue.record("an English header's 03/06/2024 was read without data.date_format")
        } catch {
            #expect(error.description.contains("or with data.date_format: DD/MM/YYYY or MM/DD/YYYY"), "\(error)")
        }
        do {
            _ = try read("Date,Open,High,Low,Close\n13/25/2024,10,11,9,10\n", .monthFirst)
            Issue.record("month 13 accepted")
        } catch {
            #expect(error.description.hasPrefix("LAYX.csv:2: date '13/25/2024' is not a date in a format read here") && error.description.contains("MM/DD/YYYY (data.date_format)"))
        }
    }

    @Test("decimal commas are told from the numbers alone, and thousands are grouped by three")
    func separators() throws {
        // A comma in a text column of a ';' file says nothing about its numbers.
        let names = try read("Date;Name;Open;High;Low;Close;Volume\n2024-01-02;Acme, Inc.;100.50;101.25;99.75;100.50;1000\n"
            + "2024-01-03;Acme, Inc.;100.50;102.00;100.00;101.50;1200\n")
        #expect(names.close == [100.5, 101.5] && names.high == [101.25, 102])
        let european = try read("Date;Open;High;Low;Close;Volume\n2024-01-02;1.234,5;1.240,25;1.230;1.235,75;1.234.567\n")
        #expect(european.open == [1234.5] && european.low == [1230] && european.close == [1235.75] && european.volume == [1_234_567])
        let quoted = try read("Date,Open,High,Low,Close,Volume\n2024-01-02,10,11,9,10,\"108,126,800\"\n")
        #expect(quoted.volume == [108_126_800])
    }

    @Test("what is still refused names the line and the likely cause")
    func refusals() {
        func problem(_ text: String) -> String {
            do { _ = try read(text); return "accepted" } catch { return error.description }
        }
        #expect(problem("Date,Open,High,Low,Close\n\"2024-01-02,10,11,9,10\n") == "LAYX.csv:2: a quoted field is not closed on this line (line breaks inside quotes are not supported)")
        // An English header with slashes: 2 January in the US, 1 February in Europe. Refused, saying why.
        #expect(problem("Date;Open;High;Low;Close\n01/02/2024;10;11;9;10\n") == "LAYX.csv:2: date '01/02/2024' is not a date in a format read here: "
            + "dates must be year first (YYYY-MM-DD), or DD.MM.YYYY; 01/02/2024 is 2 January in the US and 1 February in Europe, "
            + "so DD/MM/YYYY is read only under a German, French, Spanish, Italian or Dutch header, or with data.date_format: DD/MM/YYYY or MM/DD/YYYY")
        #expect(problem("Datum;Eröffnung;Hoch;Tief;Schluss\n31.02.2024;10;11;9;10\n").hasPrefix("LAYX.csv:2: date '31.02.2024' is not a date in a format read here"))
        // A header not understood lists its columns as written and says which names are read.
        #expect(problem("Fecha;Abierto;Alto;Bajo;Cierre\n2024-01-02;10;11;9;10\n")
            == "LAYX.csv:1: missing Open column (the header's columns are Fecha, Abierto, Alto, Bajo, Cierre; need Date, Open, High, Low, Close, "
            + "or their German, French, Spanish, Italian or Dutch names)")
        #expect(problem("<!DOCTYPE html>\n<html>\n").contains("this is not CSV"))
        // Separators that would read a price 100 times too large are refused, naming the ambiguity.
        #expect(problem("Date,Open,High,Low,Close\n2024-01-02,10,11,9,\"100,50\"\n")
            == "LAYX.csv:2: Close '100,50' is ambiguous: in this file ',' groups thousands and '.' is the decimal point, "
            + "and a group of thousands has three digits; write the number without grouping")
        #expect(problem("Date,Open,High,Low,Close\n2024-01-02,10,11,9,\"1,0,0,0\"\n").hasPrefix("LAYX.csv:2: Close '1,0,0,0' is ambiguous"))
        #expect(problem("Date;Open;High;Low;Close\n2024-01-02;10;11;9;10,5\n2024-01-03;10;11;9;100.50\n")
            .hasPrefix("LAYX.csv:3: Close '100.50' is ambiguous: in this file '.' groups thousands and ',' is the decimal comma"))
        #expect(problem("<TICKER>,<PER>,<DATE>,<TIME>,<OPEN>,<HIGH>,<LOW>,<CLOSE>,<VOL>,<OPENINT>\nOTHER.US,D,20240102,000000,1,1,1,1,1,0\n") == "LAYX.csv:1: no rows for LAYX in this Stooq bulk file")
    }
}

extension CSVLayoutTests {
    @Test("header names and quoted fields are trimmed exactly as Foundation trims spaces: tabs, no-break and ideographic spaces too")
    func trimsLikeFoundation() {
        let alphabet = Array("a _é\t\u{00A0}\u{3000}\u{2009}\n\u{301}x")
        var generator = SystemRandomNumberGenerator()
        for length in 0..<400 {
            let text = String((0..<length % 9).map { _ in alphabet.randomElement(using: &generator)! })
            #expect(text.trimmedOfSpaces == text.trimmingCharacters(in: .whitespaces), "\(Array(text.unicodeScalars))")
        }
        #expect(CSVLayout.canonical(" Adj_Close\u{00A0}") == "adj close")
    }

    @Test("adjusted prices: each of Open, High, Low, Close times that day's Adj Close / Close; raw ignores Adj Close")
    func adjustedPrices() throws {
        // A 2-for-1 split between the second and third day: before it, Adj Close is half of Close.
        let text = """
            Date,Open,High,Low,Close,Adj Close,Volume
            2024-01-02,100,110,90,104,52,1000
            2024-01-03,104,108,100,106,53,1000
            2024-01-04,53,55,52,54,54,2000
            """
        let adjusted = try CSVReader().read(text, file: "S.csv", symbol: "S").series
        #expect(adjusted.adjusted)
        #expect(adjusted.open == [50, 52, 53] && adjusted.high == [55, 54, 55] && adjusted.low == [45, 50, 52] && adjusted.close == [52, 53, 54])
        #expect(adjusted.volume == [1000, 1000, 2000])
        let raw = try CSVReader(prices: .raw).read(text, file: "S.csv", symbol: "S").series
        #expect(!raw.adjusted && raw.close == [104, 106, 54] && raw.open == [100, 104, 53])
        #expect(throws: DataIssue.self) { try CSVReader().read(text.replacingOccurrences(of: ",52,1000", with: ",-52,1000"), file: "S.csv", symbol: "S") }
    }
}

extension CSVLayoutTests {
    @Test("a Volume column of zeros throughout is no volume: no OBV, MFI or relative volume, and a warning")
    func zeroVolume() throws {
        let text = "Date,Open,High,Low,Close,Volume\n" + rows { _, date, v in "\(date),\(v[0]),\(v[1]),\(v[2]),\(v[3]),0" }.joined(separator: "\n")
        let result = try CSVReader().read(text, file: "I.csv", symbol: "I")
        #expect(result.series.volume == nil)
        #expect(result.warnings.contains { $0.description.contains("Volume is 0 on every row") })
        let indicators = Analysis(series: result.series, config: SignalConfig()).market.indicators
        #expect(indicators.obv == nil && indicators.mfi14 == nil && indicators.relativeVolume20 == nil)
    }

    @Test("an empty Volume cell is a missing volume, not an error and not 0: that bar's OBV, MFI and relative volume are n/a, the rest as computed")
    func emptyVolumeCell() throws {
        let gap = 30
        let text = "Date,Open,High,Low,Close,Volume\n" + rows { index, date, v in
            "\(date),\(v[0]),\(v[1]),\(v[2]),\(v[3]),\(index == gap ? "" : v[4])"
        }.joined(separator: "\n")
        let result = try CSVReader().read(text, file: "G.csv", symbol: "G")
        let volume = try #require(result.series.volume)
        #expect(volume[gap].isNaN && volume.enumerated().allSatisfy { $0.offset == gap || $0.element == series.volume![$0.offset] })
        #expect(result.warnings.map(\.description) == ["G.csv:\(gap + 2): Volume is empty on 1 row (the first here): read as a missing volume, not 0; "
            + "OBV, MFI and relative volume are n/a where their window holds such a day"])
        let indicators = IndicatorSet(high: result.series.high, low: result.series.low, close: result.series.close, volume: volume)
        // The same as the bar traded nothing, wherever the missing bar is outside the window.
        var zero = series.volume!
        zero[gap] = 0
        let traded = IndicatorSet(high: series.high, low: series.low, close: series.close, volume: zero)
        for (name, values, expected, window) in [("OBV", indicators.obv!, traded.obv!, 1), ("MFI", indicators.mfi14!, traded.mfi14!, 14),
                                                 ("relative volume", indicators.relativeVolume20!, traded.relativeVolume20!, 21)] {
            for index in values.indices {
                let hidden = index >= gap && index < gap + window
                #expect(hidden ? values[index].isNaN : (values[index] == expected[index] || values[index].isNaN && expected[index].isNaN),
                        "\(name) at \(index)")
            }
        }
        // Written back, the cell stays empty; a duplicate row with the same empty cell is one bar.
        let written = CSVWriter.csv(result.series)
        #expect(try CSVReader().read(written, file: "G.csv", symbol: "G").series.volume.map { $0[gap].isNaN } == true)
        let lines = written.split(separator: "\n")
        let doubled = (lines.prefix(gap + 2) + [lines[gap + 1]] + lines.dropFirst(gap + 2)).joined(separator: "\n")
        #expect(try CSVReader().read(doubled, file: "G.csv", symbol: "G").series.count == series.count)
        // Every cell empty: no volume at all.
        let none = "Date,Open,High,Low,Close,Volume\n" + rows { _, date, v in "\(date),\(v[0]),\(v[1]),\(v[2]),\(v[3])," }.joined(separator: "\n")
        let read = try CSVReader().read(none, file: "N.csv", symbol: "N")
        #expect(read.series.volume == nil && read.warnings.contains { $0.description.contains("Volume is empty on every row") })
    }
}

@Suite("Real-world CSV layouts of a real series", .sharedData)
struct RealSeriesLayoutTests {
    @Test("AAPL in every layout reads to the same bars and the same 21 indicator columns as its plain file")
    func everyLayout() throws {
        var layouts = CSVLayoutTests()
        layouts.series = try SharedData.series("AAPL")
        layouts.series.symbol = "LAYX"
        try layouts.sameBars()
    }
}

/// The calendar reads a long file's two ends only; whatever it reads there must be what the
/// whole file says, or nothing.
@Suite("Dates from a file's ends")
struct DatesAtEndTests {
    func file(_ rows: [String], header: String = "Date,Open,High,Low,Close,Volume") -> [UInt8] {
        Array(([header] + rows).joined(separator: "\n").utf8) + [10]
    }

    func rows(_ count: Int) -> [String] {
        var day = Day(iso: "2020-01-02")!
        return (0..<count).map { index in
            defer { day = day.adding(days: index % 5 == 4 ? 3 : 1) }
            return "\(day.iso),\(100 + index % 7),\(102 + index % 7),\(99 + index % 7),\(101 + index % 7),\(1000 + index)"
        }
    }

    func ends(_ bytes: [UInt8], _ size: Int = 1024) -> [Day]? {
        CSVReader().datesAtEnd(head: Array(bytes.prefix(size)), tail: Array(bytes.suffix(size)), file: "T.csv", symbol: "T")
    }

    @Test("the newest dates read from the two ends are the whole file's, null rows and duplicates at the end included")
    func sameAsWhole() throws {
        var lines = rows(900)
        lines[895] = lines[895].split(separator: ",")[0] + ",null,null,null,null,null"
        lines.append(lines[899])
        for cut in [600, 1024, 2000, 4096] {
            let bytes = file(lines)
            let whole = try CSVReader().read(bytes, file: "T.csv", symbol: "T").series.dates
            let read = try #require(ends(bytes, cut))
            #expect(read.count > 5 && Array(whole.suffix(read.count)) == read, "cut \(cut)")
        }
    }

    @Test("a file the ends cannot speak for is read whole: newest first, not plain, or a refused row at an end")
    func wholeWhenInDoubt() {
        let ascending = rows(900)
        #expect(ends(file(ascending.reversed())) == nil)
        #expect(ends(file(ascending.map { $0.replacingOccurrences(of: ",", with: ";") }, header: "Date;Open;High;Low;Close;Volume")) == nil)
        #expect(ends(file(ascending.map { "\"" + $0.replacingOccurrences(of: ",", with: "\",\"") + "\"" })) == nil)
        var broken = ascending
        broken[890] = broken[890].replacingOccurrences(of: ",1", with: ",x", options: [], range: nil)
        #expect(ends(file(broken)) == nil)
        #expect(ends(file(Array(ascending.prefix(3)))) == nil)
    }
}
