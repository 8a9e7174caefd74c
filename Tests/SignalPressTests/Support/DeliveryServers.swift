import Foundation
import Testing

/// `.build/venv-test`, which `make test` makes: aiosmtpd and the `standardwebhooks` reference verifier.
enum TestVenv {
    static let python = SharedData.repositoryRoot.appendingPathComponent(".build/venv-test/bin/python").path
    static var available: Bool {
        FileManager.default.isExecutableFile(atPath: python)
            && FileManager.default.fileExists(atPath: SharedData.repositoryRoot.appendingPathComponent(".build/venv-test/installed").path)
    }
}

extension Trait where Self == Prerequisite {
    static var deliveryServers: Prerequisite {
        Prerequisite(name: "the test virtualenv (.build/venv-test: aiosmtpd, standardwebhooks)", available: TestVenv.available,
                     for: "the email and webhook delivery tests against a real SMTP server and the Standard Webhooks verifier")
    }
}

/// `smtp_server.py`: aiosmtpd on 127.0.0.1, writing each accepted message to a folder.
final class SMTPServer {
    struct Accepted: Decodable, Equatable {
        var rcpt: String
        var message_id: String
        var file: String
        var mail_from: String
    }

    static let script = SharedData.repositoryRoot.appendingPathComponent("Tests/SignalPressTests/Support/smtp_server.py")
    let folder: URL
    let server: PythonServer
    var port: Int { server.port }
    var url: String { "smtp://127.0.0.1:\(port)" }

    init(scenarios: [String: String] = [:], delay: Double = 0) throws {
        folder = Fixtures.temporaryDirectory("smtp")
        let config = folder.appendingPathComponent("config.json")
        try JSONSerialization.data(withJSONObject: ["folder": folder.path, "scenarios": scenarios, "delay": delay]).write(to: config)
        server = try PythonServer(Self.script, [config.path], python: TestVenv.python)
    }

    func stop() { server.stop() }

    /// Every message accepted so far, in order.
    func accepted() -> [Accepted] {
        let text = (try? String(contentsOf: folder.appendingPathComponent("accepted.jsonl"), encoding: .utf8)) ?? ""
        return text.split(separator: "\n").compactMap { try? JSONDecoder().decode(Accepted.self, from: Data($0.utf8)) }
    }

    func message(_ file: String) -> URL { folder.appendingPathComponent(file) }
}

/// `webhook_receiver.py`: verifies Standard Webhooks signatures with the reference package and answers as told.
final class WebhookReceiver {
    struct Request: Decodable {
        var path: String
        var id: String?
        var timestamp: String?
        var verified: Bool?
        var answer: String
        var received: Double
        var body: String
    }

    static let script = SharedData.repositoryRoot.appendingPathComponent("Tests/SignalPressTests/Support/webhook_receiver.py")
    let server: PythonServer
    let config: URL
    let scenarios: [String: [String]]
    var port: Int { server.port }

    init(secrets: [String: String], scenarios: [String: [String]] = [:]) throws {
        config = Fixtures.temporaryDirectory("webhooks").appendingPathComponent("config.json")
        self.scenarios = scenarios
        try JSONSerialization.data(withJSONObject: ["secrets": secrets, "scenarios": scenarios]).write(to: config)
        server = try PythonServer(Self.script, [config.path], python: TestVenv.python)
    }

    /// The secrets it verifies with from now on.
    func verify(with secrets: [String: String]) throws {
        try JSONSerialization.data(withJSONObject: ["secrets": secrets, "scenarios": scenarios]).write(to: config, options: .atomic)
    }

    func url(_ path: String) -> String { "http://127.0.0.1:\(port)\(path)" }
    func stop() { server.stop() }

    func requests() throws -> [Request] {
        try JSONDecoder().decode([Request].self, from: Data(try HTTP.get(port, "/__requests").body))
    }
}
