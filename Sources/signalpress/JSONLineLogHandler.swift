import Core
import ArgumentParser
import Foundation
import Logging

/// `--log-format json`: one JSON object per line on stdout (time, level, message, and the
/// metadata `stage`, `symbol`, `duration`...), for log shippers.
struct JSONLineLogHandler: LogHandler {
    var metadata: Logger.Metadata = [:]
    var logLevel: Logger.Level = .info
    var metadataProvider: Logger.MetadataProvider?

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        var object: [String: LogValue] = ["time": .text(Self.now()), "level": .text(event.level.rawValue), "message": .text(event.message.description)]
        for (key, value) in metadata.merging(event.metadata ?? [:], uniquingKeysWith: { _, new in new }) {
            object[key] = LogValue(value)
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        guard var data = try? encoder.encode(object) else { return }
        data.append(10)
        FileHandle.standardOutput.write(data)
    }
}

/// A metadata value as JSON: numbers stay numbers, so a log shipper can sum durations.
enum LogValue: Encodable {
    case text(String)
    case number(Double)
    case integer(Int)
    case list([LogValue])
    case object([String: LogValue])

    init(_ value: Logger.Metadata.Value) {
        switch value {
        case let .string(text): self = .text(text)
        case let .stringConvertible(convertible):
            if let number = convertible as? Double { self = .number(number) } else if let number = convertible as? Int { self = .integer(number) } else {
                self = .text(convertible.description)
            }
        case let .array(items): self = .list(items.map(LogValue.init))
        case let .dictionary(entries): self = .object(entries.mapValues(LogValue.init))
        }
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case let .text(text): try container.encode(text)
        case let .number(number): try container.encode(number)
        case let .integer(number): try container.encode(number)
        case let .list(items): try container.encode(items)
        case let .object(entries): try container.encode(entries)
        }
    }
}

extension JSONLineLogHandler {
    static func now() -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter.string(from: Date())
    }
}

/// `--log-format text|json` for the commands an operator runs unattended.
enum LogFormat: String, CaseIterable, ExpressibleByArgument {
    case text, json
}
