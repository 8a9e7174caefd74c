/// Just enough JSON to write exports: objects keep the key order given, sorted on output;
/// non-finite numbers are null.
public indirect enum JSON: Sendable {
    case string(String)
    case number(Double?)
    case array([JSON])
    case object([(String, JSON)])
    case null

    public func write(to out: inout String) {
        switch self {
        case let .string(text): out += Self.quoted(text)
        case let .number(value):
            if let value, value.isFinite { out += NumberText.shortest(value) } else { out += "null" }
        case let .array(items):
            out += "["
            for (index, item) in items.enumerated() {
                if index > 0 { out += "," }
                item.write(to: &out)
            }
            out += "]"
        case let .object(entries):
            out += "{"
            for (index, entry) in entries.sorted(by: { $0.0 < $1.0 }).enumerated() {
                if index > 0 { out += "," }
                out += Self.quoted(entry.0) + ":"
                entry.1.write(to: &out)
            }
            out += "}"
        case .null: out += "null"
        }
    }

    private static func quoted(_ text: String) -> String {
        var bytes: [UInt8] = []
        JSONWriter.appendString(text, to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }
}
