import Core
import ArgumentParser

/// "Did you mean 'build'?" for a mistyped command (swift-argument-parser suggests options itself).
enum Suggestion {
    /// The subcommand nearest to the first word that names none, at the level it was typed.
    static func command(for arguments: [String]) -> String? {
        var subcommands: [any ParsableCommand.Type] = SignalPress.configuration.subcommands
        var path = ["signalpress"]
        for word in arguments where !word.hasPrefix("-") {
            guard !subcommands.isEmpty else { return nil }
            let names: [String] = subcommands.map { name(of: $0) }
            if let index = names.firstIndex(of: word) {
                subcommands = subcommands[index].configuration.subcommands
                path.append(word)
                continue
            }
            guard let best = names.min(by: { distance($0, word) < distance($1, word) }), distance(best, word) <= max(2, word.count / 3) else {
                return nil
            }
            return "Did you mean '\((path + [best]).joined(separator: " "))'?"
        }
        return nil
    }

    static func name(of command: any ParsableCommand.Type) -> String { command._commandName }

    /// Levenshtein distance, counting a swap of neighbours as one edit (`buidl` is one from `build`).
    static func distance(_ a: String, _ b: String) -> Int {
        let x = Array(a), y = Array(b)
        guard !x.isEmpty, !y.isEmpty else { return max(x.count, y.count) }
        var table = [[Int]](repeating: [Int](repeating: 0, count: y.count + 1), count: x.count + 1)
        for i in 0...x.count { table[i][0] = i }
        for j in 0...y.count { table[0][j] = j }
        for i in 1...x.count {
            for j in 1...y.count {
                table[i][j] = min(table[i - 1][j] + 1, table[i][j - 1] + 1, table[i - 1][j - 1] + (x[i - 1] == y[j - 1] ? 0 : 1))
                if i > 1, j > 1, x[i - 1] == y[j - 2], x[i - 2] == y[j - 1] { table[i][j] = min(table[i][j], table[i - 2][j - 2] + 1) }
            }
        }
        return table[x.count][y.count]
    }
}
