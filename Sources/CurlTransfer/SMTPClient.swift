import CCurl
import Foundation

/// Sends messages over SMTP with libcurl. One instance keeps one connection to the server open
/// between messages, as a mail client would; give each sender its own.
///
/// `smtps://` is TLS from the first byte; `smtp://` must upgrade with STARTTLS, except to the
/// loopback address, where a local relay (Postfix, a test server) may speak plain SMTP.
public final class SMTPClient {
    public struct Server: Sendable, Equatable {
        public var url: String
        public var username: String?
        public var password: String?
        /// The whole exchange of one message.
        public var timeout: Double

        public init(url: String, username: String? = nil, password: String? = nil, timeout: Double = 60) {
            self.url = url
            self.username = username
            self.password = password
            self.timeout = timeout
        }

        /// Plain SMTP is allowed only to this machine.
        public var isLoopback: Bool {
            URL(string: url)?.host.map(Loopback.contains(host:)) ?? false
        }
    }

    /// What the server made of one message.
    public enum Outcome: Sendable, Equatable {
        /// `250` after `DATA`: the server has it.
        case accepted
        /// A 4xx reply: try again later.
        case temporary(code: Int, message: String)
        /// A 5xx reply: this address will not take it.
        case permanent(code: Int, message: String)
        /// The server refused the sender itself (its login, or TLS it must offer): nothing will go until that is fixed.
        case refused(String)
        /// No reply to judge by (no connection, TLS refused, timed out): try again later.
        case unreachable(String)
    }

    private let handle: UnsafeMutableRawPointer

    public init() {
        _ = HTTPClient.globalInit
        handle = curl_easy_init()
    }

    deinit { curl_easy_cleanup(handle) }

    /// The bytes left to upload, handed to libcurl's read callback.
    private final class Upload {
        let bytes: [UInt8]
        var offset = 0
        init(_ bytes: [UInt8]) { self.bytes = bytes }
    }

    /// Sends `message` (CRLF line endings, headers included) from `sender` to `recipient`.
    public func send(_ message: [UInt8], from sender: String, to recipient: String, via server: Server) -> Outcome {
        curl_easy_reset(handle)
        let recipients: UnsafeMutablePointer<curl_slist>? = curl_slist_append(nil, "<\(recipient)>")
        defer { curl_slist_free_all(recipients) }
        let errorBuffer = UnsafeMutablePointer<CChar>.allocate(capacity: Int(CURL_ERROR_SIZE) + 1)
        errorBuffer.initialize(repeating: 0, count: Int(CURL_ERROR_SIZE) + 1)
        defer { errorBuffer.deallocate() }
        let upload = Unmanaged.passRetained(Upload(message))
        defer { upload.release() }

        signalpress_curl_set_string(handle, CURLOPT_URL, server.url)
        signalpress_curl_set_long(handle, CURLOPT_NOSIGNAL, 1)
        signalpress_curl_set_long(handle, CURLOPT_USE_SSL, Int(server.isLoopback ? CURLUSESSL_TRY.rawValue : CURLUSESSL_ALL.rawValue))
        signalpress_curl_set_long(handle, CURLOPT_TIMEOUT_MS, Int(server.timeout * 1000))
        signalpress_curl_set_long(handle, CURLOPT_CONNECTTIMEOUT_MS, 15_000)
        signalpress_curl_set_string(handle, CURLOPT_MAIL_FROM, "<\(sender)>")
        signalpress_curl_set_pointer(handle, CURLOPT_MAIL_RCPT, UnsafeMutableRawPointer(recipients))
        if let username = server.username { signalpress_curl_set_string(handle, CURLOPT_USERNAME, username) }
        if let password = server.password { signalpress_curl_set_string(handle, CURLOPT_PASSWORD, password) }
        signalpress_curl_set_long(handle, CURLOPT_UPLOAD, 1)
        signalpress_curl_set_offset(handle, CURLOPT_INFILESIZE_LARGE, curl_off_t(message.count))
        signalpress_curl_set_pointer(handle, CURLOPT_READDATA, upload.toOpaque())
        signalpress_curl_set_callback(handle, CURLOPT_READFUNCTION) { buffer, size, count, pointer in
            let upload = Unmanaged<Upload>.fromOpaque(pointer!).takeUnretainedValue()
            let length = min(size * count, upload.bytes.count - upload.offset)
            upload.bytes.withUnsafeBufferPointer { source in
                UnsafeMutableRawPointer(buffer!).copyMemory(from: source.baseAddress! + upload.offset, byteCount: length)
            }
            upload.offset += length
            return length
        }
        signalpress_curl_set_pointer(handle, CURLOPT_ERRORBUFFER, errorBuffer)
        let code = curl_easy_perform(handle)
        signalpress_curl_set_pointer(handle, CURLOPT_ERRORBUFFER, nil)
        if code == CURLE_OK { return .accepted }
        var reply = 0
        signalpress_curl_get_long(handle, CURLINFO_RESPONSE_CODE, &reply)
        let detail = String(cString: errorBuffer)
        let message = detail.isEmpty ? String(cString: curl_easy_strerror(code)) : detail
        // A refused login or TLS is the sender's setup, not the recipient's address.
        if code == CURLE_LOGIN_DENIED || code == CURLE_USE_SSL_FAILED { return .refused(message) }
        switch reply {
        case 400..<500: return .temporary(code: reply, message: message)
        case 500..<600: return .permanent(code: reply, message: message)
        default: return .unreachable(message)
        }
    }
}
