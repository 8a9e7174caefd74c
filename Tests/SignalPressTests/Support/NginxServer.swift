import Foundation
import Project
import Testing
import Tiers

/// A real nginx on 127.0.0.1 with a config the test supplies, in a temporary prefix; started
/// and stopped by the test. `binary` is nil where nginx is not installed (`make test` installs it).
final class NginxServer {
    static let candidates = ["/usr/sbin/nginx", "/usr/local/sbin/nginx", "/usr/bin/nginx"]
    static let binary: String? = candidates.first { FileManager.default.isExecutableFile(atPath: $0) }

    let prefix: URL
    let port: Int
    let process = Process()

    /// `http` is placed inside the `http { }` block, after the MIME types.
    init(http: (_ port: Int, _ prefix: URL) -> String) throws {
        prefix = Fixtures.temporaryDirectory("nginx")
        port = try Self.freePort()
        let user = getuid() == 0 ? "user root;\n" : ""
        let conf = """
            \(user)daemon off;
            worker_processes 1;
            pid \(prefix.path)/nginx.pid;
            error_log \(prefix.path)/error.log warn;
            events { worker_connections 64; }
            http {
                include /etc/nginx/mime.types;
                default_type application/octet-stream;
                client_body_temp_path \(prefix.path)/body;
                proxy_temp_path \(prefix.path)/proxy;
                fastcgi_temp_path \(prefix.path)/fastcgi;
                uwsgi_temp_path \(prefix.path)/uwsgi;
                scgi_temp_path \(prefix.path)/scgi;
            \(http(port, prefix))
            }
            """
        try Data(conf.utf8).write(to: prefix.appendingPathComponent("nginx.conf"))
        process.executableURL = URL(fileURLWithPath: Self.binary!)
        process.arguments = ["-p", prefix.path, "-c", prefix.appendingPathComponent("nginx.conf").path]
        process.standardError = FileHandle(forWritingAtPath: "/dev/null")
        try process.run()
        for _ in 0..<100 {
            if Self.accepts(port) { return }
            if !process.isRunning { break }
            usleep(50_000)
        }
        let log = (try? String(contentsOf: prefix.appendingPathComponent("error.log"), encoding: .utf8)) ?? ""
        stop()
        throw NSError(domain: "nginx", code: 1, userInfo: [NSLocalizedDescriptionKey: "nginx did not start: \(log)"])
    }

    /// nginx serving a built `site` as `deploy-config nginx` configures it for `project`, the link
    /// secret in a file of its own, the access log in the prefix, and `revocations` included.
    static func serving(_ site: URL, project: Project, secret: String, revocations: URL) throws -> NginxServer {
        try NginxServer { port, prefix in
            let secretFile = prefix.appendingPathComponent("link-secret.conf")
            try! Data(NginxConfig.secretFileContents(secret: secret)!.utf8).write(to: secretFile)
            return NginxConfig(entitlements: Entitlements(project), root: site.path, listen: "127.0.0.1:\(port)", serverName: "localhost",
                               secretFile: secretFile.path, accessLog: prefix.appendingPathComponent("access.log").path,
                               revocationFile: revocations.path).text
        }
    }

    /// Once: a child reaped here still looks running to Foundation, and its number may be another's by now.
    private var stopped = false

    func stop() {
        guard !stopped else { return }
        stopped = true
        if process.isRunning {
            process.terminate()
            process.reap()
        }
    }

    deinit { stop() }

    /// Has nginx read its configuration (and what it includes) again, as `nginx -s reload` does.
    func reload() { kill(process.processIdentifier, SIGHUP) }

    var base: String { "http://127.0.0.1:\(port)" }

    static func freePort() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) == 0 && getsockname(fd, $0, &length) == 0 }
        }
        guard bound else { throw NSError(domain: "nginx", code: 2) }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    static func accepts(_ port: Int) -> Bool {
        guard let fd = HTTP.connect(port) else { return false }
        close(fd)
        return true
    }
}

/// A plain HTTP/1.1 GET over a socket, so these tests depend on nothing but the server under test.
enum HTTP {
    struct Response {
        var status: Int
        var headers: [String: String]
        var body: [UInt8]
    }

    /// A connected TCP socket to 127.0.0.1:`port`, or nil.
    static func connect(_ port: Int) -> Int32? {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = UInt16(port).bigEndian
        let connected = withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0 }
        }
        if connected { return fd }
        close(fd)
        return nil
    }

    static func get(_ port: Int, _ target: String, headers extra: [String: String] = [:]) throws -> Response {
        try request(port, "GET", target, headers: extra)
    }

    /// `method` with `body` (its length sent as Content-Length when there is one).
    static func request(_ port: Int, _ method: String, _ target: String, headers extra: [String: String] = [:], body: String? = nil) throws -> Response {
        guard let fd = connect(port) else { throw NSError(domain: "http", code: 1, userInfo: [NSLocalizedDescriptionKey: "cannot connect"]) }
        defer { close(fd) }
        var all = extra
        if let body { all["Content-Length"] = String(body.utf8.count) }
        let lines = all.sorted { $0.key < $1.key }.map { "\($0.key): \($0.value)\r\n" }.joined()
        let request = Array("\(method) \(target) HTTP/1.1\r\nHost: localhost\r\nUser-Agent: signalpress-tests\r\n\(lines)Connection: close\r\n\r\n\(body ?? "")".utf8)
        _ = request.withUnsafeBytes { send(fd, $0.baseAddress, $0.count, 0) }
        var data: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let count = recv(fd, &buffer, buffer.count, 0)
            if count <= 0 { break }
            data += buffer[0..<count]
        }
        guard let end = data.indices.first(where: { data[$0...].starts(with: [13, 10, 13, 10]) }) else {
            throw NSError(domain: "http", code: 2, userInfo: [NSLocalizedDescriptionKey: "no response head"])
        }
        let head = String(decoding: data[..<end], as: UTF8.self).components(separatedBy: "\r\n")
        let status = Int(head[0].split(separator: " ")[1]) ?? 0
        var headers: [String: String] = [:]
        for line in head.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        return Response(status: status, headers: headers, body: Array(data[(end + 4)...]))
    }
}
