import ArgumentParser
import Core

/// Dates on the command line are parsed once, here, into a `Day`: a value that is not
/// `YYYY-MM-DD` is misuse (exit 2) before any command runs.
extension Day: ExpressibleByArgument {
    public init?(argument: String) { self.init(iso: argument) }

    public static var defaultCompletionKind: CompletionKind { .default }
}
