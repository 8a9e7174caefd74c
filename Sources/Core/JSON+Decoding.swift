import Foundation

extension JSON: Decodable {
    /// Any JSON document, read into the same values `write` writes: what a provider's answer is
    /// read as before its fields are picked.
    public init(from decoder: any Decoder) throws {
        if var array = try? decoder.unkeyedContainer() {
            var items: [JSON] = []
            while !array.isAtEnd { items.append(try array.decode(JSON.self)) }
            self = .array(items)
        } else if let object = try? decoder.container(keyedBy: AnyKey.self) {
            self = .object(try object.allKeys.map { ($0.stringValue, try object.decode(JSON.self, forKey: $0)) })
        } else {
            let value = try decoder.singleValueContainer()
            if value.decodeNil() { self = .null }
            else if let number = try? value.decode(Double.self) { self = .number(number) }
            else if let flag = try? value.decode(Bool.self) { self = .number(flag ? 1 : 0) }
            else { self = .string(try value.decode(String.self)) }
        }
    }

    public static func parse(_ bytes: [UInt8]) -> JSON? { try? JSONDecoder().decode(JSON.self, from: Data(bytes)) }

    /// The member `key` of an object; nil for anything else.
    public subscript(key: String) -> JSON? {
        guard case let .object(entries) = self else { return nil }
        return entries.first { $0.0 == key }?.1
    }

    /// The value at a dotted path (`chart.result`), `[0]`-free: an array on the way is entered at its first item.
    public func at(_ path: String) -> JSON? {
        var current: JSON? = self
        for part in path.split(separator: ".") where !part.isEmpty {
            if case let .array(items)? = current { current = items.first }
            current = current?[String(part)]
        }
        return current
    }

    public var items: [JSON]? { if case let .array(items) = self { items } else { nil } }
    public var number: Double? {
        switch self {
        case let .number(value): value
        case let .string(text): Double(text)
        default: nil
        }
    }
    public var text: String? {
        switch self {
        case let .string(text): text
        case let .number(value?): NumberText.shortest(value)
        default: nil
        }
    }

    struct AnyKey: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }
}
