import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// One request to the preview: the method, the target as sent, and the headers (names in
/// lower case).
public struct PreviewRequest: Sendable {
    public var method: String
    public var target: String
    public var headers: [String: String]
}

public struct PreviewResponse: Sendable {
    public var status: Int
    public var headers: [(String, String)]
    public var body: Data
}

/// The preview's HTTP/1.1 listener: one request per connection, each connection on a thread of
/// its own, so a slow or hostile client never holds up another. A request head is read in one
/// linear pass and must fit in 16 KiB and arrive within 5 seconds; only requests for
/// `localhost`, `127.0.0.1`, `[::1]` (or the address it was bound to) are answered, so a web
/// page that rebinds its own name to 127.0.0.1 cannot read the preview.
extension PreviewServer {
    public struct Failure: Error, CustomStringConvertible {
        public var description: String
    }

    static let maximumHeadBytes = 16 * 1024
    static let readTimeoutSeconds = 5

    /// Starts serving on `bind`:`port` (0 picks a free port) in the background; returns the port
    /// once it listens.
    public func start(bind: String, port: Int) throws(Failure) -> Int {
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = UInt16(clamping: port).bigEndian
        guard (0...65535).contains(port), inet_pton(AF_INET, bind, &address.sin_addr) == 1 else {
            throw Failure(description: "--bind \(bind) is not an IPv4 address (or --port \(port) is not a port)")
        }
        let listener = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var yes: Int32 = 1
        setsockopt(listener, SOL_SOCKET, SO_REUSEADDR, &yes, socklen_t(MemoryLayout<Int32>.size))
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.bind(listener, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard listener >= 0, bound == 0, listen(listener, 64) == 0 else {
            let reason = String(cString: strerror(errno))
            close(listener)
            throw Failure(description: "cannot serve on \(bind):\(port): \(reason)")
        }
        var actual = sockaddr_in()
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &actual) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(listener, $0, &length) } }
        let hosts: Set<String> = ["localhost", "127.0.0.1", "[::1]", bind]
        let handler = self
        signal(SIGPIPE, SIG_IGN)
        Thread.detachNewThread {
            while true {
                let connection = accept(listener, nil, nil)
                guard connection >= 0 else { continue }
                Thread.detachNewThread { handler.serve(connection, hosts: hosts) }
            }
        }
        return Int(UInt16(bigEndian: actual.sin_port))
    }

    /// Reads one request from `fd`, answers it and closes the connection.
    func serve(_ fd: Int32, hosts: Set<String>) {
        defer { close(fd) }
        var timeout = timeval(tv_sec: Self.readTimeoutSeconds, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        let response: PreviewResponse
        switch Self.readRequest(fd) {
        case let .refused(status):
            response = PreviewResponse(status: status, headers: [("Content-Type", "text/plain")], body: Data("bad request\n".utf8))
        case let .request(request):
            let host = request.headers["host"].map(Self.hostName) ?? ""
            if !hosts.contains(host) {
                response = PreviewResponse(status: 421, headers: [("Content-Type", "text/plain")],
                                           body: Data("the preview answers only http://localhost and http://127.0.0.1\n".utf8))
            } else if request.method != "GET" && request.method != "HEAD" {
                response = PreviewResponse(status: 405, headers: [("Allow", "GET, HEAD")], body: Data())
            } else {
                var answer = handle(request)
                if request.method == "HEAD" { answer.headers.append(("Content-Length", String(answer.body.count))); answer.body = Data() }
                response = answer
            }
        }
        Self.write(response, to: fd)
        // Let the client read the answer before the close: unread input would turn it into a reset.
        shutdown(fd, Int32(SHUT_WR))
        var drain = [UInt8](repeating: 0, count: 16384), drained = 0
        var linger = timeval(tv_sec: 1, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &linger, socklen_t(MemoryLayout<timeval>.size))
        while drained < 1 << 20 {
            let count = recv(fd, &drain, drain.count, 0)
            guard count > 0 else { break }
            drained += count
        }
    }

    /// `Host: name:port` without the port (an IPv6 literal keeps its brackets).
    static func hostName(_ value: String) -> String {
        let value = value.trimmingCharacters(in: .whitespaces).lowercased()
        if value.hasPrefix("[") { return String(value.prefix { $0 != "]" }) + "]" }
        return String(value.prefix { $0 != ":" })
    }

    enum ReadOutcome {
        case request(PreviewRequest)
        /// Answered with this status: malformed (400), too slow (408) or too large (431).
        case refused(Int)
    }

    /// The request head, read until the blank line: at most 16 KiB, each byte looked at once.
    static func readRequest(_ fd: Int32) -> ReadOutcome {
        var head: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 4096)
        var scanned = 0
        while true {
            let count = recv(fd, &chunk, chunk.count, 0)
            guard count > 0 else { return .refused(408) }
            head += chunk[0..<count]
            // Look for the end of the head only in what arrived since the last look.
            var end: Int?
            var index = max(0, scanned - 3)
            while index + 3 < head.count {
                if head[index] == 13 && head[index + 1] == 10 && head[index + 2] == 13 && head[index + 3] == 10 { end = index; break }
                index += 1
            }
            scanned = head.count
            if let end { return parse(head[..<end]).map { .request($0) } ?? .refused(400) }
            if head.count > maximumHeadBytes { return .refused(431) }
        }
    }

    static func parse(_ head: ArraySlice<UInt8>) -> PreviewRequest? {
        let lines = head.split(separator: 10, omittingEmptySubsequences: false).map { line in
            String(decoding: line.last == 13 ? line.dropLast() : line, as: UTF8.self)
        }
        let requestLine = lines.first?.split(separator: " ") ?? []
        guard requestLine.count == 3, requestLine[2].hasPrefix("HTTP/1.") else { return nil }
        var headers: [String: String] = [:]
        for line in lines.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { return nil }
            headers[line[..<colon].trimmingCharacters(in: .whitespaces).lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        return PreviewRequest(method: String(requestLine[0]), target: String(requestLine[1]), headers: headers)
    }

    static let reasons = [200: "OK", 400: "Bad Request", 403: "Forbidden", 404: "Not Found", 405: "Method Not Allowed",
                          408: "Request Timeout", 421: "Misdirected Request", 431: "Request Header Fields Too Large"]

    static func write(_ response: PreviewResponse, to fd: Int32) {
        var head = "HTTP/1.1 \(response.status) \(reasons[response.status] ?? "Status")\r\n"
        var headers = response.headers
        if !headers.contains(where: { $0.0.lowercased() == "content-length" }) { headers.append(("Content-Length", String(response.body.count))) }
        headers.append(("Connection", "close"))
        for (name, value) in headers { head += "\(name): \(value)\r\n" }
        let bytes = Array((head + "\r\n").utf8) + [UInt8](response.body)
        var offset = 0
        while offset < bytes.count {
            let sent = bytes.withUnsafeBytes { send(fd, $0.baseAddress! + offset, bytes.count - offset, 0) }
            guard sent > 0 else { return }
            offset += sent
        }
    }
}
