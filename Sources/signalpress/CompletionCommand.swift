import Core
import ArgumentParser

struct CompletionCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "completion", abstract: "Print a shell completion script for bash, zsh or fish.", discussion: Examples.completion)

    @Argument(help: "bash, zsh or fish.") var shell: CompletionShell

    func run() { print(SignalPress.completionScript(for: shell), terminator: "") }
}

extension CompletionShell: @retroactive ExpressibleByArgument {}
