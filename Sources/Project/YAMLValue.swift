import Core
import Yams

/// A node of a YAML document with its position, and typed accessors whose errors name
/// `file:line:column`. Decoding by hand (rather than `Decodable`) keeps every position.
struct YAMLValue {
    let node: Node
    let file: String
    /// Dotted path for messages, e.g. `tiers[1].price_cents`.
    let path: String

    /// More nodes than any configuration has: an alias-expanded document past this is refused.
    static let maximumNodes = 100_000

    static func parse(_ text: String, file: String) throws(ConfigError) -> YAMLValue? {
        // Checked before parsing: the parser compares keys while it builds the document, and an
        // alias key that expands exponentially ("billion laughs") would never be compared to the end.
        if let (line, column) = aliasUsedAsKey(text) {
            throw ConfigError(file: file, line: line, column: column, message: "an alias (*name) cannot be a mapping key")
        }
        do {
            guard let node = try Yams.compose(yaml: text) else { return nil }
            var budget = maximumNodes
            guard fits(node, &budget) else {
                throw ConfigError(file: file, line: 1, column: 1, message: "the document expands to more than \(maximumNodes) values through its aliases")
            }
            return YAMLValue(node: node, file: file, path: "")
        } catch let error as ConfigError {
            throw error
        } catch let error as YamlError {
            throw YAMLValue.syntaxError(error, file: file)
        } catch {
            throw ConfigError(file: file, line: 1, column: 1, message: "cannot read YAML: \(error)")
        }
    }

    /// Walks `node` as a tree (an alias counts as many times as it is used) until `budget` runs out.
    static func fits(_ node: Node, _ budget: inout Int) -> Bool {
        budget -= 1
        guard budget >= 0 else { return false }
        switch node {
        case .scalar, .alias: return true
        case let .sequence(sequence): return sequence.allSatisfy { fits($0, &budget) }
        case let .mapping(mapping): return mapping.allSatisfy { fits($0.key, &budget) && fits($0.value, &budget) }
        }
    }

    /// The line and column of an alias used as a mapping key (`? *a` or `*a :`), found by a
    /// scan that skips quoted text and comments; `nil` when there is none.
    static func aliasUsedAsKey(_ text: String) -> (Int, Int)? {
        let bytes = Array(text.utf8)
        var index = 0, line = 1, lineStart = 0
        var previous: UInt8 = UInt8(ascii: "\n") // the last byte that was not a space, for `? *a`
        func isSpace(_ byte: UInt8) -> Bool { byte == 32 || byte == 9 }
        func isNameByte(_ byte: UInt8) -> Bool { !isSpace(byte) && byte != 10 && byte != 13 && !",[]{}".utf8.contains(byte) }
        while index < bytes.count {
            let byte = bytes[index]
            switch byte {
            case 10:
                line += 1
                lineStart = index + 1
                previous = 10
                index += 1
                continue
            case UInt8(ascii: "#") where index == 0 || isSpace(bytes[index - 1]) || bytes[index - 1] == 10:
                while index < bytes.count && bytes[index] != 10 { index += 1 }
                continue
            case UInt8(ascii: "\""), UInt8(ascii: "'"):
                // Quoted text: skip to the closing quote (\" escapes in double quotes, '' in single ones).
                index += 1
                while index < bytes.count {
                    if bytes[index] == 10 { line += 1; lineStart = index + 1 }
                    if byte == UInt8(ascii: "\"") && bytes[index] == UInt8(ascii: "\\") { index += 2; continue }
                    if bytes[index] == byte {
                        if byte == UInt8(ascii: "'") && index + 1 < bytes.count && bytes[index + 1] == byte { index += 2; continue }
                        break
                    }
                    index += 1
                }
            case UInt8(ascii: "*") where index == 0 || isSpace(bytes[index - 1]) || "\n[{,?:-".utf8.contains(bytes[index - 1]):
                let start = index
                index += 1
                while index < bytes.count && isNameByte(bytes[index]) { index += 1 }
                var next = index
                while next < bytes.count && isSpace(bytes[next]) { next += 1 }
                let colon = next < bytes.count && bytes[next] == UInt8(ascii: ":")
                    && (next + 1 == bytes.count || isSpace(bytes[next + 1]) || "\n,}".utf8.contains(bytes[next + 1]))
                if previous == UInt8(ascii: "?") || colon { return (line, start - lineStart + 1) }
                previous = UInt8(ascii: "*")
                continue
            default: break
            }
            if !isSpace(byte) { previous = byte }
            index += 1
        }
        return nil
    }

    static func syntaxError(_ error: YamlError, file: String) -> ConfigError {
        switch error {
        case let .scanner(context, problem, mark, _), let .parser(context, problem, mark, _):
            let detail = [context?.text, problem].compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: " ")
            return ConfigError(file: file, line: mark.line, column: mark.column, message: "invalid YAML: \(detail)")
        default:
            return ConfigError(file: file, line: 1, column: 1, message: "invalid YAML: \(error)")
        }
    }

    var line: Int { node.mark?.line ?? 1 }
    var column: Int { node.mark?.column ?? 1 }

    func error(_ message: String) -> ConfigError {
        ConfigError(file: file, line: line, column: column, message: path.isEmpty ? message : "\(path): \(message)")
    }

    private func child(_ node: Node, _ name: String) -> YAMLValue {
        YAMLValue(node: node, file: file, path: path.isEmpty ? name : "\(path).\(name)")
    }

    private var kind: String {
        switch node {
        case .scalar: "a scalar"
        case .mapping: "a mapping"
        case .sequence: "a list"
        case .alias: "an alias"
        }
    }

    /// The mapping's entries; any key outside `allowed` is an error naming the key and what is allowed.
    func mapping(allowed: [String]) throws(ConfigError) -> [String: YAMLValue] {
        guard case let .mapping(mapping) = node else { throw error("expected a mapping, found \(kind)") }
        var result: [String: YAMLValue] = [:]
        for (keyNode, valueNode) in mapping {
            let key = YAMLValue(node: keyNode, file: file, path: path)
            guard let name = keyNode.scalar?.string else { throw key.error("keys must be plain names") }
            guard allowed.contains(name) else {
                throw key.error("unknown key '\(name)' (allowed: \(allowed.joined(separator: ", ")))")
            }
            guard result[name] == nil else { throw key.error("key '\(name)' appears twice") }
            result[name] = child(valueNode, name)
        }
        return result
    }

    /// A mapping whose keys are free-form (e.g. rule parameters).
    func entries() throws(ConfigError) -> [(key: String, value: YAMLValue)] {
        guard case let .mapping(mapping) = node else { throw error("expected a mapping, found \(kind)") }
        var result: [(String, YAMLValue)] = []
        for (keyNode, valueNode) in mapping {
            guard let name = keyNode.scalar?.string else {
                throw YAMLValue(node: keyNode, file: file, path: path).error("keys must be plain names")
            }
            result.append((name, child(valueNode, name)))
        }
        return result
    }

    func list() throws(ConfigError) -> [YAMLValue] {
        guard case let .sequence(sequence) = node else { throw error("expected a list, found \(kind)") }
        return sequence.enumerated().map { index, item in
            YAMLValue(node: item, file: file, path: "\(path)[\(index)]")
        }
    }

    func string() throws(ConfigError) -> String {
        guard case let .scalar(scalar) = node else { throw error("expected text, found \(kind)") }
        return XML.removingForbidden(scalar.string)
    }

    func nonEmptyString() throws(ConfigError) -> String {
        let text = try string()
        guard !text.trimmingCharacters(in: .whitespaces).isEmpty else { throw error("must not be empty") }
        return text
    }

    func int() throws(ConfigError) -> Int {
        guard case let .scalar(scalar) = node, scalar.style == .plain, let value = Int(scalar.string) else {
            throw error("expected a whole number, found '\(node.scalar?.string ?? kind)'")
        }
        return value
    }

    func double() throws(ConfigError) -> Double {
        guard case let .scalar(scalar) = node, scalar.style == .plain, let value = Double(scalar.string), value.isFinite else {
            throw error("expected a number, found '\(node.scalar?.string ?? kind)'")
        }
        return value
    }

    func bool() throws(ConfigError) -> Bool {
        guard case let .scalar(scalar) = node, scalar.style == .plain else { throw error("expected true or false") }
        switch scalar.string {
        case "true": return true
        case "false": return false
        default: throw error("expected true or false, found '\(scalar.string)'")
        }
    }

    func stringList() throws(ConfigError) -> [String] {
        var result: [String] = []
        for item in try list() { result.append(try item.string()) }
        return result
    }
}

import Foundation
