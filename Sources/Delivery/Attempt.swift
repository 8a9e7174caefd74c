import CurlTransfer
import Foundation
import Ledger

/// One outbox entry made ready to go: where it goes and with which credentials, resolved before
/// the attempt is recorded as begun, so a missing secret stops the run without counting an attempt.
enum Attempt {
    case email(server: SMTPClient.Server, sender: String)
    /// `key`: the Standard Webhooks secret's bytes, for a `webhook`.
    case http(url: String, key: [UInt8]?, timeout: Double)

    static func prepare(_ entry: OutboxEntry, settings: Courier.Settings, endpoint: AlertEndpoint?) throws(DeliveryError) -> Attempt {
        guard entry.channel != .email else {
            guard let server = settings.smtp else { throw .noSMTPServer }
            return .email(server: server, sender: settings.envelopeSender)
        }
        let url = try resolve(endpoint?.url ?? entry.address, settings, entry.address)
        switch entry.channel {
        case .webhook:
            let secret = try resolve(endpoint?.secret ?? "", settings, entry.address)
            guard let key = StandardWebhook.key(fromSecret: secret) else { throw .badSecret(endpoint: entry.address) }
            return .http(url: url, key: key, timeout: settings.alertTimeout)
        case .telegram:
            // The bot's token is part of the Bot API's path: kept out of the ledger, put in here.
            let token = try resolve(endpoint?.secret ?? "", settings, entry.address)
            return .http(url: url + (url.hasSuffix("/") ? "" : "/") + "bot\(token)/sendMessage", key: nil, timeout: settings.alertTimeout)
        case .slack, .discord, .email:
            return .http(url: url, key: nil, timeout: settings.alertTimeout)
        }
    }

    /// `$NAME` from the environment, anything else as it is.
    static func resolve(_ value: String, _ settings: Courier.Settings, _ endpoint: String) throws(DeliveryError) -> String {
        guard value.hasPrefix("$") else { return value }
        let name = String(value.dropFirst())
        guard let found = settings.environment[name], !found.isEmpty else { throw .missingEnvironment(variable: name, endpoint: endpoint) }
        return found
    }

    func send(_ entry: OutboxEntry, smtp: SMTPClient, http: HTTPClient, settings: Courier.Settings, now: Date) -> AttemptResult {
        switch self {
        case let .email(server, sender):
            switch smtp.send(Array(entry.payload), from: sender, to: entry.address, via: server) {
            case .accepted: return .accepted("250 accepted")
            case let .temporary(code, message): return .temporary("\(code): \(message)", retryAfter: nil)
            case let .unreachable(message): return .temporary(message, retryAfter: nil)
            case let .permanent(code, message): return .permanent("\(code): \(message)")
            case let .refused(message): return .refused(message)
            }
        case let .http(url, key, timeout):
            let body = Array(entry.payload)
            var headers = [(name: "Content-Type", value: "application/json"), (name: "User-Agent", value: "SignalPress-Webhooks/1")]
            if let key { headers += StandardWebhook.headers(id: entry.id, timestamp: Int(now.timeIntervalSince1970), body: body, key: key) }
            let request = HTTPClient.Request(url: url, headers: headers, timeout: timeout, connectTimeout: min(timeout, 10), maxBytes: 1_000_000)
            switch http.post(request, body: body, followRedirects: false) {
            case let .failure(failure): return .temporary(failure.description, retryAfter: nil)
            case let .success(response):
                let status = "HTTP \(response.status)"
                if (200..<300).contains(response.status) { return .accepted(status) }
                if response.status == 410 { return .gone(status + " Gone") }
                return .temporary(status, retryAfter: RetryAfter.seconds(response.headers["retry-after"], now: now))
            }
        }
    }
}

/// What the receiving end made of one attempt.
enum AttemptResult: Equatable {
    case accepted(String)
    case temporary(String, retryAfter: Double?)
    case permanent(String)
    case gone(String)
    case refused(String)

    /// The outbox's record of it: a refusal of the sender is retried like a temporary failure.
    func end(for entry: OutboxEntry, now: Date, event: UsageEvent) -> LedgerStore.AttemptEnd {
        switch self {
        case let .accepted(detail): return .sent(detail: detail, event: event)
        case let .permanent(detail): return entry.channel == .email ? .bounced(detail: detail) : retry(detail, nil, entry, now)
        case let .gone(detail): return .endpointGone(detail: detail)
        case let .temporary(detail, retryAfter): return retry(detail, retryAfter, entry, now)
        case let .refused(detail): return retry(detail, nil, entry, now)
        }
    }

    private func retry(_ detail: String, _ retryAfter: Double?, _ entry: OutboxEntry, _ now: Date) -> LedgerStore.AttemptEnd {
        let wait = RetrySchedule.wait(after: entry.attempts, id: entry.id, retryAfter: retryAfter)
        return .retry(detail: detail, at: wait.map { now.addingTimeInterval($0) })
    }
}
