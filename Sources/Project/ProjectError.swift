import Foundation

/// Why a file of the project's own (a secret, a key, the state folder) could not be written.
/// Each case carries its data; its sentence is written here and nowhere else.
public enum ProjectError: Error, Sendable, Equatable, CustomStringConvertible {
    /// `errno` from creating the file.
    case cannotCreate(path: String, errno: Int32)
    case cannotWrite(path: String, errno: Int32)
    case cannotCreateFolder(path: String, reason: String)
    case cannotMakePrivate(path: String, errno: Int32)

    public var description: String {
        switch self {
        case let .cannotCreate(path, code): "cannot create \(path): \(Self.text(code))"
        case let .cannotWrite(path, code): "cannot write \(path): \(Self.text(code))"
        case let .cannotCreateFolder(path, reason): "cannot create \(path): \(reason)"
        case let .cannotMakePrivate(path, code): "cannot make \(path) private: \(Self.text(code))"
        }
    }

    static func text(_ code: Int32) -> String { String(cString: strerror(code)) }
}
