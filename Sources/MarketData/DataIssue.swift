/// A problem found in market data, located at `file:line`. As an error it stops the build;
/// as a warning the data is kept (or the row skipped) and the message is reported.
public struct DataIssue: Error, Sendable, Equatable, CustomStringConvertible {
    public var file: String
    public var line: Int
    public var message: String

    public init(file: String, line: Int, message: String) {
        self.file = file
        self.line = line
        self.message = message
    }

    public var description: String { "\(file):\(line): \(message)" }
}
