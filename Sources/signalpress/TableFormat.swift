import Core
import ArgumentParser
import Foundation

/// `--format table|csv|json` for listings and reports.
enum TableFormat: String, ExpressibleByArgument, CaseIterable {
    case table, csv, json

    func render<T: Encodable>(header: [String], rows: [[String]], json value: T) throws -> String {
        switch self {
        case .table:
            let widths = header.indices.map { column in ([header] + rows).map { $0[column].count }.max() ?? 0 }
            let line = { (cells: [String]) in
                zip(cells, widths).map { $0.padding(toLength: $1, withPad: " ", startingAt: 0) }.joined(separator: "  ")
                    .trimmingCharacters(in: .whitespaces) + "\n"
            }
            return line(header) + rows.map(line).joined()
        case .csv:
            return ([header] + rows).map { $0.map(Self.csvField).joined(separator: ",") + "\n" }.joined()
        case .json:
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
            return String(decoding: try encoder.encode(value), as: UTF8.self) + "\n"
        }
    }

    /// RFC 4180 quoting, and a leading `'` on text a spreadsheet would run as a formula.
    static func csvField(_ text: String) -> String {
        var value = text
        if let first = value.first, "=+-@".contains(first), Double(value) == nil { value = "'" + value }
        guard value.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return value }
        return "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
