import CCurl
import Foundation

/// A small HTTP client over libcurl's easy interface. One instance is one connection cache:
/// reuse it for consecutive requests to the same host (keep-alive), and give each worker its own.
/// TLS verification stays on, proxies come from the usual environment variables, responses may
/// be compressed, HTTP/2 is used where the server offers it over TLS.
public final class HTTPClient {
    public struct Request: Sendable {
        public var url: String
        public var headers: [(name: String, value: String)]
        /// Whole transfer, and connection setup.
        public var timeout: Double
        public var connectTimeout: Double
        /// Larger bodies are refused.
        public var maxBytes: Int

        public init(url: String, headers: [(name: String, value: String)] = [], timeout: Double = 30, connectTimeout: Double = 10,
                    maxBytes: Int = 50_000_000) {
            self.url = url
            self.headers = headers
            self.timeout = timeout
            self.connectTimeout = connectTimeout
            self.maxBytes = maxBytes
        }
    }

    public struct Response: Sendable {
        public var status: Int
        /// Lower-cased names; the last value of a repeated header.
        public var headers: [String: String]
        public var body: [UInt8]
    }

    public enum Failure: Error, Sendable, Equatable, CustomStringConvertible {
        case timeout(String)
        case connection(String)
        case tooLarge(Int)
        case other(String)

        public var description: String {
            switch self {
            case let .timeout(message): "timed out: \(message)"
            case let .connection(message): "connection failed: \(message)"
            case let .tooLarge(limit): "the response is larger than \(limit) bytes"
            case let .other(message): message
            }
        }
    }

    private let handle: UnsafeMutableRawPointer

    static let globalInit: Void = { curl_global_init(Int(CURL_GLOBAL_DEFAULT)) }()

    public init() {
        _ = Self.globalInit
        handle = curl_easy_init()
    }

    deinit { curl_easy_cleanup(handle) }

    /// Collects the body and headers of one transfer; passed to libcurl's callbacks as context.
    private final class Transfer {
        var body: [UInt8] = []
        var headers: [String: String] = [:]
        var limit: Int
        var exceeded = false

        init(limit: Int) { self.limit = limit }
    }

    public func get(_ request: Request) -> Result<Response, Failure> { perform(request, body: nil, followRedirects: true) }

    /// A POST of `body` (the request's headers name its type). A webhook is not posted on to
    /// wherever a redirect points: `followRedirects: false`.
    public func post(_ request: Request, body: [UInt8], followRedirects: Bool = true) -> Result<Response, Failure> {
        perform(request, body: body, followRedirects: followRedirects)
    }

    private func perform(_ request: Request, body: [UInt8]?, followRedirects: Bool) -> Result<Response, Failure> {
        curl_easy_reset(handle)
        let transfer = Transfer(limit: request.maxBytes)
        var list: UnsafeMutablePointer<curl_slist>? = nil
        defer { curl_slist_free_all(list) }
        for header in request.headers { list = curl_slist_append(list, "\(header.name): \(header.value)") }

        setOptions(request, headers: list)
        if !followRedirects { signalpress_curl_set_long(handle, CURLOPT_FOLLOWLOCATION, 0) }
        if let body {
            signalpress_curl_set_long(handle, CURLOPT_POSTFIELDSIZE, body.count)
            // libcurl copies the body: it need not outlive this call.
            body.withUnsafeBytes { signalpress_curl_set_pointer(handle, CURLOPT_COPYPOSTFIELDS, UnsafeMutableRawPointer(mutating: $0.baseAddress)) }
        }

        let context = Unmanaged.passRetained(transfer)
        defer { context.release() }
        signalpress_curl_set_pointer(handle, CURLOPT_WRITEDATA, context.toOpaque())
        signalpress_curl_set_callback(handle, CURLOPT_WRITEFUNCTION) { data, size, count, pointer in
            let transfer = Unmanaged<Transfer>.fromOpaque(pointer!).takeUnretainedValue()
            let length = size * count
            guard transfer.body.count + length <= transfer.limit else {
                transfer.exceeded = true
                return 0
            }
            data!.withMemoryRebound(to: UInt8.self, capacity: length) { transfer.body.append(contentsOf: UnsafeBufferPointer(start: $0, count: length)) }
            return length
        }
        signalpress_curl_set_pointer(handle, CURLOPT_HEADERDATA, context.toOpaque())
        signalpress_curl_set_callback(handle, CURLOPT_HEADERFUNCTION) { data, size, count, pointer in
            let transfer = Unmanaged<Transfer>.fromOpaque(pointer!).takeUnretainedValue()
            let length = size * count
            let line = data!.withMemoryRebound(to: UInt8.self, capacity: length) { String(decoding: UnsafeBufferPointer(start: $0, count: length), as: UTF8.self) }
            if line.hasPrefix("HTTP/") {
                transfer.headers = [:] // a new response (after a redirect or a 100 Continue)
            } else if let colon = line.firstIndex(of: ":") {
                transfer.headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespacesAndNewlines)
            }
            return length
        }

        let code = curl_easy_perform(handle)
        if transfer.exceeded || code == CURLE_FILESIZE_EXCEEDED { return .failure(.tooLarge(request.maxBytes)) }
        guard code == CURLE_OK else { return .failure(Self.failure(code)) }
        var status = 0
        signalpress_curl_get_long(handle, CURLINFO_RESPONSE_CODE, &status)
        return .success(Response(status: status, headers: transfer.headers, body: transfer.body))
    }

    /// Redirects followed (5 at most), any encoding, HTTP/2 over TLS, the request's timeouts and size limit.
    private func setOptions(_ request: Request, headers list: UnsafeMutablePointer<curl_slist>?) {
        signalpress_curl_set_string(handle, CURLOPT_URL, request.url)
        signalpress_curl_set_long(handle, CURLOPT_NOSIGNAL, 1)
        signalpress_curl_set_long(handle, CURLOPT_FOLLOWLOCATION, 1)
        signalpress_curl_set_long(handle, CURLOPT_MAXREDIRS, 5)
        signalpress_curl_set_string(handle, CURLOPT_ACCEPT_ENCODING, "")
        signalpress_curl_set_long(handle, CURLOPT_HTTP_VERSION, Int(CURL_HTTP_VERSION_2TLS))
        signalpress_curl_set_long(handle, CURLOPT_TIMEOUT_MS, Int(request.timeout * 1000))
        signalpress_curl_set_long(handle, CURLOPT_CONNECTTIMEOUT_MS, Int(request.connectTimeout * 1000))
        signalpress_curl_set_offset(handle, CURLOPT_MAXFILESIZE_LARGE, curl_off_t(request.maxBytes))
        signalpress_curl_set_string(handle, CURLOPT_USERAGENT, "signalpress/0.1 (+libcurl)")
        if let list { signalpress_curl_set_pointer(handle, CURLOPT_HTTPHEADER, UnsafeMutableRawPointer(list)) }
    }

    /// A transfer that failed, by kind: a timeout and a broken connection are worth a retry.
    static func failure(_ code: CURLcode) -> Failure {
        let message = String(cString: curl_easy_strerror(code))
        switch code {
        case CURLE_OPERATION_TIMEDOUT: return .timeout(message)
        case CURLE_COULDNT_CONNECT, CURLE_COULDNT_RESOLVE_HOST, CURLE_COULDNT_RESOLVE_PROXY, CURLE_RECV_ERROR, CURLE_SEND_ERROR,
             CURLE_GOT_NOTHING, CURLE_PARTIAL_FILE, CURLE_HTTP2, CURLE_HTTP2_STREAM, CURLE_SSL_CONNECT_ERROR:
            return .connection(message)
        default: return .other(message)
        }
    }
}
