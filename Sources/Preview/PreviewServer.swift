import FlyingFox
import FlyingSocks
import Foundation
import Publishing

/// Serves the preview build: files with their MIME types and the site's `_headers`, a reload
/// script added to HTML pages (only here, never in the published site), and the build status
/// the script polls. Paths that leave the site (`..`, encoded or not) are refused.
public struct PreviewServer: Sendable {
    let state: PreviewState

    public init(state: PreviewState) { self.state = state }

    static let reloadPath = "/__signalpress/reload.js"
    static let statusPath = "/__signalpress/status"

    static let mimeTypes = [
        "html": "text/html; charset=utf-8", "css": "text/css; charset=utf-8", "svg": "image/svg+xml", "xml": "application/xml",
        "json": "application/json", "txt": "text/plain; charset=utf-8", "md": "text/markdown; charset=utf-8",
        "csv": "text/csv; charset=utf-8", "zip": "application/zip", "png": "image/png", "ico": "image/x-icon",
        "pub": "text/plain; charset=utf-8", "sig": "application/octet-stream", "js": "text/javascript; charset=utf-8",
    ]

    /// Polls the build status; reloads when a new build succeeded; shows a build error over the page.
    static let reloadScript = """
        (function () {
          var seen = null, box = null;
          function show(message) {
            if (!box) {
              box = document.createElement('pre');
              box.style.position = 'fixed'; box.style.left = '0'; box.style.right = '0'; box.style.bottom = '0';
              box.style.margin = '0'; box.style.padding = '1em'; box.style.maxHeight = '50vh'; box.style.overflow = 'auto';
              box.style.background = '#7f1d1d'; box.style.color = '#fff'; box.style.zIndex = '2147483647';
              box.style.whiteSpace = 'pre-wrap'; box.style.font = '13px/1.4 monospace';
              document.body.appendChild(box);
            }
            box.textContent = 'signalpress build failed; showing the last good build.\\n\\n' + message;
          }
          function poll() {
            fetch('\(statusPath)', { cache: 'no-store' }).then(function (r) { return r.json(); }).then(function (s) {
              if (seen !== null && s.generation !== seen) { location.reload(); return; }
              seen = s.generation;
              if (s.error) { show(s.error); } else if (box) { box.remove(); box = null; }
            }).catch(function () {}).then(function () { setTimeout(poll, 500); });
          }
          poll();
        })();
        """

    public func handle(_ request: HTTPRequest) -> HTTPResponse {
        let snapshot = state.snapshot
        switch request.path {
        case Self.reloadPath:
            return HTTPResponse(statusCode: .ok, headers: [.contentType: Self.mimeTypes["js"]!, .cacheControl: "no-store"],
                                body: Data(Self.reloadScript.utf8))
        case Self.statusPath:
            let body = try? JSONSerialization.data(withJSONObject: ["generation": snapshot.generation, "error": snapshot.error.map { $0 as Any } ?? NSNull()],
                                                   options: [.sortedKeys])
            return HTTPResponse(statusCode: .ok, headers: [.contentType: Self.mimeTypes["json"]!, .cacheControl: "no-store"], body: body ?? Data())
        default:
            break
        }
        guard let relative = Self.safeRelativePath(request.path) else {
            return HTTPResponse(statusCode: .forbidden, headers: [.contentType: "text/plain"], body: Data("forbidden\n".utf8))
        }
        var file = snapshot.directory.appendingPathComponent(relative)
        var isDirectory: ObjCBool = false
        if relative.isEmpty || (FileManager.default.fileExists(atPath: file.path, isDirectory: &isDirectory) && isDirectory.boolValue) {
            file.appendPathComponent("index.html")
        }
        var status = HTTPStatusCode.ok
        var data = FileManager.default.contents(atPath: file.path)
        if data == nil {
            status = .notFound
            file = snapshot.directory.appendingPathComponent("404.html")
            data = FileManager.default.contents(atPath: file.path) ?? Data("not found\n".utf8)
        }
        var headers = HTTPHeaders()
        for (name, value) in Self.headers(for: "/" + relative, in: snapshot.directory) { headers[HTTPHeader(name)] = value }
        headers[.contentType] = Self.mimeTypes[file.pathExtension.lowercased()] ?? "application/octet-stream"
        headers[.cacheControl] = "no-store"
        if file.pathExtension == "html", let html = data {
            data = Self.injectingReloadScript(html)
        }
        return HTTPResponse(statusCode: status, headers: headers, body: data ?? Data())
    }

    /// The request path as a path inside the site, or nil when it would leave it.
    static func safeRelativePath(_ path: String) -> String? {
        var decoded = path.split(separator: "?").first.map(String.init) ?? ""
        // Decode repeatedly so that %252e%252e cannot hide a `..`.
        for _ in 0..<3 { decoded = decoded.removingPercentEncoding ?? decoded }
        guard !decoded.contains("\0"), !decoded.contains("\\") else { return nil }
        let segments = decoded.split(separator: "/", omittingEmptySubsequences: true)
        guard !segments.contains(where: { $0 == ".." || $0 == "." }) else { return nil }
        return segments.joined(separator: "/")
    }

    /// The `_headers` rules that match `path` (later rules win), with the CSP opened to `connect-src 'self'`
    /// so the reload script may poll; the published `_headers` keeps the strict policy.
    static func headers(for path: String, in directory: URL) -> [(String, String)] {
        guard let text = try? String(contentsOf: directory.appendingPathComponent("_headers"), encoding: .utf8) else { return [] }
        var result: [String: String] = [:]
        var matches = false
        for line in text.split(separator: "\n", omittingEmptySubsequences: true) {
            if !line.hasPrefix(" ") && !line.hasPrefix("\t") {
                let pattern = line.trimmingCharacters(in: .whitespaces)
                matches = pattern.hasSuffix("*") ? path.hasPrefix(String(pattern.dropLast())) : path == pattern
            } else if matches, let colon = line.firstIndex(of: ":") {
                result[line[..<colon].trimmingCharacters(in: .whitespaces)] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            }
        }
        if let csp = result["Content-Security-Policy"] { result["Content-Security-Policy"] = csp + "; connect-src 'self'" }
        result["Cache-Control"] = nil
        return result.sorted { $0.key < $1.key }
    }

    static func injectingReloadScript(_ html: Data) -> Data {
        let tag = "<script src=\"\(reloadPath)\" defer></script>\n"
        var text = String(decoding: html, as: UTF8.self)
        if let head = text.range(of: "</head>") { text.insert(contentsOf: tag, at: head.lowerBound) } else { text = tag + text }
        return Data(text.utf8)
    }
}

extension PreviewServer {
    public struct Failure: Error, CustomStringConvertible {
        public var description: String
    }

    /// Starts serving on `bind`:`port` (0 picks a free port) in the background; returns the port
    /// once it listens. A server that cannot run ends the process with status 1.
    public func start(bind: String, port: Int) throws(Failure) -> Int {
        let address: sockaddr_in
        do { address = try sockaddr_in.inet(ip4: bind, port: UInt16(port)) } catch {
            throw Failure(description: "--bind \(bind) is not an IPv4 address")
        }
        let server = HTTPServer(address: address, logger: .disabled)
        let listening = DispatchSemaphore(value: 0)
        let boundPort = PortBox()
        let handler = self
        Task {
            await server.appendRoute("GET,HEAD *") { request in handler.handle(request) }
            Task {
                try? await server.waitUntilListening()
                if case let .ip4(_, port) = await server.listeningAddress { boundPort.value = Int(port) }
                listening.signal()
            }
            do { try await server.run() } catch {
                FileHandle.standardError.write(Data("cannot serve on \(bind):\(port): \(error)\n".utf8))
                Foundation.exit(1)
            }
        }
        listening.wait()
        return boundPort.value
    }
}

final class PortBox: @unchecked Sendable {
    var value = 0
}
