import Foundation
import MarketData
import Publishing
import Signals

/// Runs `hooks.post_analysis` once per build: the day's signals as JSON on stdin, commentary
/// per symbol as JSON on stdout. A hook that times out, exits non-zero or prints something
/// else never fails the build; its problem is reported and the symbols go without commentary.
/// Results are cached by the hash of the input and the hook, so a rebuild gives the same bytes.
struct PostAnalysisHook {
    var executable: URL
    var displayPath: String
    var config: HooksConfig
    var cacheDirectory: URL

    struct Result {
        var commentary: [Symbol: Commentary] = [:]
        var problems: [String] = []
        var fromCache = false
    }

    static let maxOutputBytes = 1 << 20
    static let maxTextLength = 2000

    func run(_ entries: [Symbol: SymbolEntry], symbols: [Symbol], asOf: Day) -> Result {
        let input = Self.input(entries, symbols: symbols, asOf: asOf, bound: config.maxConfidenceAdjustment)
        guard let program = FileManager.default.contents(atPath: executable.path) else {
            return Result(problems: ["post_analysis hook \(displayPath) does not exist; published without commentary"])
        }
        let key = Assets.sha256([UInt8](input + program + Data("\(config.timeoutSeconds)|\(config.maxConfidenceAdjustment)".utf8)))
        let cached = cacheDirectory.appendingPathComponent("\(key).json")
        if let output = FileManager.default.contents(atPath: cached.path) {
            var result = parse(output, symbols: symbols)
            result.fromCache = true
            return result
        }
        let output: Data
        switch execute(input) {
        case let .failure(problem): return Result(problems: ["post_analysis hook \(displayPath): \(problem); published without commentary"])
        case let .success(data): output = data
        }
        let result = parse(output, symbols: symbols)
        if !result.commentary.isEmpty || result.problems.isEmpty {
            try? FileManager.default.createDirectory(at: cacheDirectory, withIntermediateDirectories: true)
            let temporary = cacheDirectory.appendingPathComponent(".\(key).\(getpid()).tmp")
            if (try? output.write(to: temporary)) != nil { rename(temporary.path, cached.path) }
        }
        return result
    }

    static func input(_ entries: [Symbol: SymbolEntry], symbols: [Symbol], asOf: Day, bound: Double) -> Data {
        let signals: [[String: Any]] = symbols.compactMap { symbol in
            guard let entry = entries[symbol], let signal = entry.analysis.signal else { return nil }
            return ["symbol": symbol.value, "date": signal.date.iso, "action": signal.action.rawValue, "score": signal.score,
                    "confidence": signal.confidence, "close": entry.analysis.series.close.last ?? 0,
                    "reasons": signal.reasonsByImpact.map { ["rule": $0.rule, "vote": $0.value, "weight": $0.weight, "reason": $0.reason] }]
        }
        let document: [String: Any] = ["as_of": asOf.iso, "max_confidence_adjustment": bound, "signals": signals]
        return (try? JSONSerialization.data(withJSONObject: document, options: [.sortedKeys, .withoutEscapingSlashes])) ?? Data("{}".utf8)
    }

    /// A hook that exits without reading its input must not kill us with SIGPIPE.
    static let ignoreBrokenPipes: Void = { signal(SIGPIPE, SIG_IGN) }()

    func execute(_ input: Data) -> Swift.Result<Data, HookProblem> {
        _ = Self.ignoreBrokenPipes
        guard FileManager.default.isExecutableFile(atPath: executable.path) else { return .failure(HookProblem("is not executable (chmod +x)")) }
        let outcome: ChildProcess.Outcome
        do {
            outcome = try ChildProcess(executable: executable.path, directory: executable.deletingLastPathComponent().path)
                .run(input: input, timeout: config.timeoutSeconds, outputLimit: Self.maxOutputBytes + 1)
        } catch let problem as HookProblem { return .failure(problem) } catch { return .failure(HookProblem("\(error)")) }
        if outcome.timedOut { return .failure(HookProblem("timed out after \(NumberText.shortest(config.timeoutSeconds)) s")) }
        guard outcome.status == 0 else {
            let tail = String(decoding: outcome.stderr.suffix(300), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            return .failure(HookProblem("exited with status \(outcome.status)\(tail.isEmpty ? "" : " (\(tail))")"))
        }
        guard outcome.stdout.count <= Self.maxOutputBytes else { return .failure(HookProblem("printed more than 1 MiB")) }
        return .success(outcome.stdout)
    }

    /// `{"commentary": {"SYMBOL": {"text": "...", "confidence_adjustment": 0.05}}}`
    func parse(_ output: Data, symbols: [Symbol]) -> Result {
        var result = Result()
        guard let object = try? JSONSerialization.jsonObject(with: output) as? [String: Any],
              let commentary = object["commentary"] as? [String: Any] else {
            result.problems.append("post_analysis hook \(displayPath) did not print a JSON object with \"commentary\"; published without commentary")
            return result
        }
        let known = Set(symbols.map(\.value))
        for name in commentary.keys.sorted() {
            guard known.contains(name), let symbol = Symbol(name) else {
                result.problems.append("post_analysis hook: commentary for unknown symbol '\(name.prefix(20))' ignored")
                continue
            }
            guard let item = commentary[name] as? [String: Any], let text = item["text"] as? String,
                  !text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
                result.problems.append("post_analysis hook: \(name) has no \"text\"; ignored")
                continue
            }
            var adjustment = (item["confidence_adjustment"] as? NSNumber)?.doubleValue ?? 0
            if !adjustment.isFinite || abs(adjustment) > config.maxConfidenceAdjustment {
                result.problems.append("post_analysis hook: \(name)'s confidence_adjustment \(adjustment) is outside ±\(config.maxConfidenceAdjustment); not applied")
                adjustment = 0
            }
            let clipped = text.count > Self.maxTextLength ? String(text.prefix(Self.maxTextLength)) + "…" : text
            result.commentary[symbol] = Commentary(text: clipped, confidenceAdjustment: adjustment)
        }
        return result
    }
}

struct HookProblem: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

/// Bytes from a child's pipe, up to a limit, appended from a reader thread.
final class OutputBuffer: @unchecked Sendable {
    private let lock = NSLock()
    private var bytes = Data()
    private let limit: Int

    init(limit: Int) { self.limit = limit }

    func append(_ chunk: Data) {
        lock.lock()
        if bytes.count < limit { bytes.append(chunk.prefix(limit - bytes.count)) }
        lock.unlock()
    }

    var data: Data {
        lock.lock()
        defer { lock.unlock() }
        return bytes
    }
}
