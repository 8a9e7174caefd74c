import Yams

/// A node of a YAML document with its position, and typed accessors whose errors name
/// `file:line:column`. Decoding by hand (rather than `Decodable`) keeps every position.
struct YAMLValue {
    let node: Node
    let file: String
    /// Dotted path for messages, e.g. `tiers[1].price_cents`.
    let path: String

    static func parse(_ text: String, file: String) throws(ConfigError) -> YAMLValue? {
        do {
            guard let node = try Yams.compose(yaml: text) else { return nil }
            return YAMLValue(node: node, file: file, path: "")
        } catch let error as YamlError {
            throw YAMLValue.syntaxError(error, file: file)
        } catch {
            throw ConfigError(file: file, line: 1, column: 1, message: "cannot read YAML: \(error)")
        }
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
        return scalar.string
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
