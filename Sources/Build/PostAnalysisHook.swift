import Charts
import Core
import Foundation
import Synchronization
import MarketData
import Project
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

    /// One symbol's signal as the hook reads it on stdin.
    struct Signal: Encodable {
        var symbol: String
        var date: String
        var action: String
        var score: Double
        var confidence: Double
        var close: Double
        var reasons: [Reason]

        struct Reason: Encodable {
            var rule: String
            var vote: Double
            var weight: Double
            var reason: String
        }

        init?(symbol: Symbol, series: Series, config: SignalConfig) {
            guard let signal = Analysis.latestSignal(series: series, config: config) else { return nil }
            self.symbol = symbol.value
            date = signal.date.iso
            action = signal.action.rawValue
            score = signal.score
            confidence = signal.confidence
            close = series.close.last ?? 0
            reasons = signal.reasonsByImpact.map { Reason(rule: $0.rule, vote: $0.value, weight: $0.weight, reason: $0.reason) }
        }
    }

    struct Input: Encodable {
        var asOf: String
        var maxConfidenceAdjustment: Double
        var signals: [Signal]

        enum CodingKeys: String, CodingKey {
            case asOf = "as_of", maxConfidenceAdjustment = "max_confidence_adjustment", signals
        }
    }

    /// What the hook prints: `{"commentary": {"SYMBOL": {"text": "...", "confidence_adjustment": 0.05}}}`.
    struct Output: Decodable {
        var commentary: [String: Item]

        /// Lenient per symbol: one bad entry is reported and skipped, not the whole output.
        struct Item: Decodable {
            var text: String?
            var confidenceAdjustment: Double?

            enum CodingKeys: String, CodingKey { case text, confidenceAdjustment = "confidence_adjustment" }

            init(from decoder: any Decoder) throws {
                let container = try? decoder.container(keyedBy: CodingKeys.self)
                text = try? container?.decodeIfPresent(String.self, forKey: .text)
                confidenceAdjustment = try? container?.decodeIfPresent(Double.self, forKey: .confidenceAdjustment)
            }
        }
    }

    func run(_ signals: [Signal], symbols: [Symbol], asOf: Day) -> Result {
        let input = Self.input(signals, asOf: asOf, bound: config.maxConfidenceAdjustment)
        guard let program = FileManager.default.contents(atPath: executable.path) else {
            return Result(problems: ["post_analysis hook \(displayPath) does not exist; published without commentary"])
        }
        let key = Hex.sha256([UInt8](input + program + Data("\(config.timeoutSeconds)|\(config.maxConfidenceAdjustment)".utf8)))
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

    static func input(_ signals: [Signal], asOf: Day, bound: Double) -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return (try? encoder.encode(Input(asOf: asOf.iso, maxConfidenceAdjustment: bound, signals: signals))) ?? Data("{}".utf8)
    }

    /// A hook that exits without reading its input must not kill us with SIGPIPE.
    static let ignoreBrokenPipes: Void = { signal(SIGPIPE, SIG_IGN) }()

    func execute(_ input: Data) -> Swift.Result<Data, HookProblem> {
        _ = Self.ignoreBrokenPipes
        guard FileManager.default.isExecutableFile(atPath: executable.path) else { return .failure(.notExecutable(path: executable.path)) }
        let outcome: ChildProcess.Outcome
        do {
            outcome = try ChildProcess(executable: executable.path, directory: executable.deletingLastPathComponent().path,
                                       environment: ChildProcess.environment(passing: config.environment))
                .run(input: input, timeout: config.timeoutSeconds, outputLimit: Self.maxOutputBytes + 1)
        } catch let problem as HookProblem { return .failure(problem) } catch { return .failure(.other("\(error)")) }
        if outcome.timedOut { return .failure(.timedOut(seconds: config.timeoutSeconds)) }
        guard outcome.status == 0 else {
            let tail = String(decoding: outcome.stderr.suffix(300), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            return .failure(.exited(status: outcome.status, stderrTail: tail))
        }
        guard outcome.stdout.count <= Self.maxOutputBytes else { return .failure(.tooMuchOutput(limit: Self.maxOutputBytes)) }
        return .success(outcome.stdout)
    }

    func parse(_ output: Data, symbols: [Symbol]) -> Result {
        var result = Result()
        guard let decoded = try? JSONDecoder().decode(Output.self, from: output) else {
            result.problems.append("post_analysis hook \(displayPath) did not print a JSON object with \"commentary\"; published without commentary")
            return result
        }
        let known = Set(symbols.map(\.value))
        for name in decoded.commentary.keys.sorted() {
            guard known.contains(name), let symbol = Symbol(name) else {
                result.problems.append("post_analysis hook: commentary for unknown symbol '\(name.prefix(20))' ignored")
                continue
            }
            guard let text = decoded.commentary[name]?.text, !text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
                result.problems.append("post_analysis hook: \(name) has no \"text\"; ignored")
                continue
            }
            var adjustment = decoded.commentary[name]?.confidenceAdjustment ?? 0
            if !adjustment.isFinite || abs(adjustment) > config.maxConfidenceAdjustment {
                result.problems.append("post_analysis hook: \(name)'s confidence_adjustment \(adjustment) is outside ±\(config.maxConfidenceAdjustment); not applied")
                adjustment = 0
            }
            let clean = XML.removingForbidden(text)
            let clipped = clean.count > Self.maxTextLength ? String(clean.prefix(Self.maxTextLength)) + "…" : clean
            result.commentary[symbol] = Commentary(text: clipped, confidenceAdjustment: adjustment)
        }
        return result
    }
}

/// Why the post-analysis hook gave nothing: the build goes on without commentary.
enum HookProblem: Error, Equatable, CustomStringConvertible {
    case cannotCreatePipes(errno: Int32)
    /// `posix_spawn`'s error number.
    case cannotStart(errno: Int32)
    case notExecutable(path: String)
    case timedOut(seconds: Double)
    case exited(status: Int32, stderrTail: String)
    case tooMuchOutput(limit: Int)
    case other(String)

    var description: String {
        switch self {
        case .cannotCreatePipes: "cannot create pipes"
        case let .cannotStart(code): "could not start: \(String(cString: strerror(code)))"
        case .notExecutable: "is not executable (chmod +x)"
        case let .timedOut(seconds): "timed out after \(NumberText.shortest(seconds)) s"
        case let .exited(status, tail): "exited with status \(status)\(tail.isEmpty ? "" : " (\(tail))")"
        case let .tooMuchOutput(limit): "printed more than \(limit / (1 << 20)) MiB"
        case let .other(text): text
        }
    }
}

/// Bytes from a child's pipe, up to a limit, appended from a reader thread.
final class OutputBuffer: Sendable {
    private let bytes = Mutex(Data())
    private let limit: Int

    init(limit: Int) { self.limit = limit }

    func append(_ chunk: Data) {
        bytes.withLock { bytes in
            if bytes.count < limit { bytes.append(chunk.prefix(limit - bytes.count)) }
        }
    }

    var data: Data { bytes.withLock { $0 } }
}
