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
        var object: [String: Any] = ["time": Self.now(), "level": event.level.rawValue, "message": event.message.description]
        for (key, value) in metadata.merging(event.metadata ?? [:], uniquingKeysWith: { _, new in new }) {
            object[key] = Self.json(value)
        }
        guard var data = try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes]) else { return }
        data.append(10)
        FileHandle.standardOutput.write(data)
    }

    static func json(_ value: Logger.Metadata.Value) -> Any {
        switch value {
        case let .string(text): text
        case let .stringConvertible(convertible):
            if let number = convertible as? Double { number } else if let number = convertible as? Int { number } else { convertible.description }
        case let .array(items): items.map(json)
        case let .dictionary(entries): entries.mapValues(json)
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
