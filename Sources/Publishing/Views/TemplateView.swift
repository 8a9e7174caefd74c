import Mustache

/// A typed value a template reads: swift-mustache sees its stored properties by name. A property
/// that is `nil` is present but empty (a section over it is skipped, `{{name}}` prints nothing),
/// so only a name no view has at all reaches the strict root and fails the build.
public protocol TemplateView: MustacheParent, Sendable {}

extension TemplateView {
    public func child(named name: String) -> Any? {
        for child in Mirror(reflecting: self).children where child.label == name {
            let mirror = Mirror(reflecting: child.value)
            guard mirror.displayStyle == .optional else { return child.value }
            return orAbsent(mirror.children.first?.value)
        }
        return nil
    }
}

/// A value that is there and empty: what an optional view property holds when it is `nil`.
struct Absent: MustacheCustomRenderable {
    var renderText: String { "" }
    var isNull: Bool { true }
}

/// An optional view property as a template sees it: its value, or present-but-empty.
func orAbsent<Value>(_ value: Value?) -> Any { value.map { $0 as Any } ?? Absent() }
