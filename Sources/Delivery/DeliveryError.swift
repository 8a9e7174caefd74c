/// Why `deliver` or `send` stopped. Each case carries its data; its sentence is written here once.
public enum DeliveryError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Emails are queued but `site.yml` has no `email.smtp_url`.
    case noSMTPServer
    /// The mail server refused the sender's login or TLS: nothing more is sent until that is fixed.
    case smtpRefused(server: String, reason: String)
    /// An endpoint's secret (or a URL kept in the environment) is not set.
    case missingEnvironment(variable: String, endpoint: String)
    /// A subscriber's or the publisher's endpoint secret is not a `whsec_` secret.
    case badSecret(endpoint: String)
    /// The ledger failed.
    case ledger(String)

    public var description: String {
        switch self {
        case .noSMTPServer: "emails are queued but site.yml sets no email.smtp_url; add one (for example smtps://smtp.example.com:465)"
        case let .smtpRefused(server, reason): "\(server) refused the sender (\(reason)); check email.username and the password in email.password_env"
        case let .missingEnvironment(variable, endpoint): "\(endpoint) needs the environment variable \(variable), which is not set"
        case let .badSecret(endpoint): "\(endpoint): a webhook secret must be whsec_ followed by base64 of 24 to 64 bytes"
        case let .ledger(message): message
        }
    }
}
