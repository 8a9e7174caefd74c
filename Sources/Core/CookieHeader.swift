/// A request's `Cookie` header as nginx's `$cookie_NAME` reads it, and so every SignalPress
/// check of the members' cookie (the edges' reference and `usage ingest` of a logged header).
public enum CookieHeader {
    /// The value of the first cookie called `name`, or nil.
    public static func first(named name: String, in header: String?) -> String? {
        guard let header else { return nil }
        for pair in header.split(separator: ";") {
            let trimmed = pair.drop { $0 == " " }
            guard let equals = trimmed.firstIndex(of: "="), trimmed[..<equals] == name else { continue }
            return String(trimmed[trimmed.index(after: equals)...])
        }
        return nil
    }
}
