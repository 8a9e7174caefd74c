import Foundation
import Synchronization

/// The files a build publishes: relative path to bytes, kept sorted when written so output is stable.
public struct OutputFiles: Sendable {
    public private(set) var files: [String: [UInt8]] = [:]

    public init() {}

    public mutating func add(_ path: String, _ text: String) { files[path] = Array(text.utf8) }
    public mutating func add(_ path: String, bytes: [UInt8]) { files[path] = bytes }
    public mutating func merge(_ other: OutputFiles) { files.merge(other.files) { _, new in new } }

    public var paths: [String] { files.keys.sorted() }
    public var count: Int { files.count }
    public var byteCount: Int { files.values.reduce(0) { $0 + $1.count } }
    public subscript(path: String) -> [UInt8]? { files[path] }
    public func text(_ path: String) -> String? { files[path].map { String(decoding: $0, as: UTF8.self) } }
}

/// Fixed slots that concurrent workers fill by index, so results keep their input order.
public final class Slots<Value: Sendable>: Sendable {
    private let values: Mutex<[Value?]>

    public init(count: Int) { values = Mutex(Array(repeating: nil, count: count)) }

    public func set(_ index: Int, _ value: Value) {
        values.withLock { $0[index] = value }
    }

    public func get(_ index: Int) -> Value {
        values.withLock { $0[index]! }
    }

    /// The value set at `index`, if one was.
    public func taken(_ index: Int) -> Value? {
        values.withLock { $0[index] }
    }
}

/// Rendered bytes that do not depend on the tier, kept while one symbol is rendered for every
/// tier that sees it, and shared between those tiers.
public final class SharedRenderings: Sendable {
    private let values = Mutex<[String: [UInt8]]>([:])

    public init() {}

    /// The bytes made once for `key` (made outside the lock: two tiers may both make them once).
    public func value(_ key: String, _ make: () -> [UInt8]) -> [UInt8] {
        if let value = values.withLock({ $0[key] }) { return value }
        let value = make()
        values.withLock { $0[key] = value }
        return value
    }
}
