import Foundation

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
        "webmanifest": "application/manifest+json", "woff2": "font/woff2", "jpg": "image/jpeg", "jpeg": "image/jpeg", "webp": "image/webp",
    ]

    /// The feeds are Atom and JSON Feed, whatever their extensions say; everything else goes by extension.
    static func contentType(of file: URL) -> String {
        if file.lastPathComponent == "feed.xml" { return "application/atom+xml; charset=utf-8" }
        if file.lastPathComponent == "feed.json" { return "application/feed+json; charset=utf-8" }
        return mimeTypes[file.pathExtension.lowercased()] ?? "application/octet-stream"
    }

    /// Shown until the first build finishes: the port answers at once, and the page reloads itself.
    static let firstBuildPage = "<!doctype html>\n<html><head><title>Building…</title></head><body><p>signalpress is building the first preview…</p></body></html>\n"

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
            }).catch(function () {}).then(function () { setTimeout(poll, 250); });
          }
          poll();
        })();
        """

    /// The build status the reload script polls.
    struct Status: Encodable {
        var generation: Int
        var error: String?

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(generation, forKey: .generation)
            try container.encode(error, forKey: .error) // null, not absent, while the build is good
        }

        enum CodingKeys: String, CodingKey { case generation, error }
    }

    public func handle(_ request: PreviewRequest) -> PreviewResponse {
        let snapshot = state.snapshot
        let path = String(request.target.prefix { $0 != "?" })
        switch path {
        case Self.reloadPath:
            return PreviewResponse(status: 200, headers: [("Content-Type", Self.mimeTypes["js"]!), ("Cache-Control", "no-store")],
                                   body: Data(Self.reloadScript.utf8))
        case Self.statusPath:
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]
            let body = (try? encoder.encode(Status(generation: snapshot.generation, error: snapshot.error))) ?? Data()
            return PreviewResponse(status: 200, headers: [("Content-Type", Self.mimeTypes["json"]!), ("Cache-Control", "no-store")], body: body)
        default:
            break
        }
        if snapshot.generation == 0 && snapshot.error == nil {
            return PreviewResponse(status: 503, headers: [("Content-Type", Self.mimeTypes["html"]!), ("Cache-Control", "no-store"), ("Retry-After", "1")],
                                   body: Self.injectingReloadScript(Data(Self.firstBuildPage.utf8)))
        }
        guard let relative = Self.safeRelativePath(path) else {
            return PreviewResponse(status: 403, headers: [("Content-Type", "text/plain")], body: Data("forbidden\n".utf8))
        }
        var file = snapshot.directory.appendingPathComponent(relative)
        var isDirectory: ObjCBool = false
        if relative.isEmpty || (FileManager.default.fileExists(atPath: file.path, isDirectory: &isDirectory) && isDirectory.boolValue) {
            file.appendPathComponent("index.html")
        }
        var status = 200
        var data = FileManager.default.contents(atPath: file.path)
        if data == nil {
            status = 404
            file = snapshot.directory.appendingPathComponent("404.html")
            data = FileManager.default.contents(atPath: file.path) ?? Data("not found\n".utf8)
        }
        var headers = Self.headers(for: "/" + relative, in: snapshot.directory).filter { $0.0.lowercased() != "content-type" }
        headers.append(("Content-Type", Self.contentType(of: file)))
        headers.append(("Cache-Control", "no-store"))
        if file.pathExtension == "html", let html = data {
            data = Self.injectingReloadScript(html)
        }
        return PreviewResponse(status: status, headers: headers, body: data ?? Data())
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

