import Foundation
import Synchronization
import HTTPTypes
import Hummingbird
import HummingbirdCore
import Logging
import NIOCore
import NIOHTTP1
import NIOHTTPTypes

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

/// The preview's HTTP/1.1 server, on Hummingbird: a request head must fit in 16 KiB (larger is
/// refused at once) and a connection that sends no complete request part for 5 seconds is
/// closed, however slowly its bytes trickle in; at most 64 connections are open at once (fewer
/// when descriptors are scarce, so `accept` never runs out of them), the rest wait in the backlog.
/// Only requests for `localhost`, `127.0.0.1`, `[::1]` (or the address it was bound to) are
/// answered, so a web page that rebinds its own name to 127.0.0.1 cannot read the preview.
extension PreviewServer {
    /// Why the preview could not start serving.
    public enum Failure: Error, Sendable, Equatable, CustomStringConvertible {
        case badAddress(bind: String, port: Int)
        case cannotServe(bind: String, port: Int, reason: String)

        public var description: String {
            switch self {
            case let .badAddress(bind, port): "--bind \(bind) is not an IPv4 address (or --port \(port) is not a port)"
            case let .cannotServe(bind, port, reason): "cannot serve on \(bind):\(port): \(reason)"
            }
        }
    }

    static let maximumHeadBytes = 16 * 1024
    static let quietSeconds: Int64 = 5
    static let maximumConnections = 64

    /// Starts serving on `bind`:`port` (0 picks a free port) in the background; returns the port
    /// once it listens.
    public func start(bind: String, port: Int) throws(Failure) -> Int {
        var probe = in_addr()
        guard (0...65535).contains(port), inet_pton(AF_INET, bind, &probe) == 1 else {
            throw .badAddress(bind: bind, port: port)
        }
        let responder = PreviewResponder(server: self, hosts: ["localhost", "127.0.0.1", "[::1]", bind])
        let started = Started()
        var logger = Logger(label: "signalpress-preview")
        logger.logLevel = .critical
        let decoder = HTTP1Channel.Configuration.DecoderConfiguration(
            maxHeaderFieldSize: Self.maximumHeadBytes, maxHeaderListSize: Self.maximumHeadBytes, maxHeaderFieldCount: 100)
        let app = Application(
            responder: responder,
            server: .http1(configuration: .init(additionalChannelHandlers: [QuietDeadline(seconds: Self.quietSeconds)],
                                                idleTimeout: .seconds(Self.quietSeconds), httpDecoderConfiguration: decoder)),
            configuration: .init(address: .hostname(bind, port: port), serverName: nil, backlog: 64, reuseAddress: false,
                                 availableConnectionsDelegate: MaximumAvailableConnections(Self.connectionLimit())),
            onServerRunning: { channel in started.finish(.success(channel.localAddress?.port ?? port)) },
            logger: logger)
        Task.detached {
            do { try await app.run() } catch { started.finish(.failure(.cannotServe(bind: bind, port: port, reason: "\(error)"))) }
        }
        return try started.wait().get()
    }

    /// At most 64 connections, and always 32 descriptors fewer than the process may open: a
    /// server that accepts until `accept` fails with EMFILE retries it in a loop at full CPU
    /// (seen with NIO's accept back-off in place), so it must stop accepting before that.
    static func connectionLimit() -> Int {
        var limit = rlimit()
        guard getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit) == 0 else { return maximumConnections }
        return max(4, min(maximumConnections, Int(min(limit.rlim_cur, 1 << 20)) - 32))
    }

    /// `Host: name:port` without the port (an IPv6 literal keeps its brackets).
    static func hostName(_ value: String) -> String {
        let value = value.trimmingCharacters(in: .whitespaces).lowercased()
        if value.hasPrefix("[") { return String(value.prefix { $0 != "]" }) + "]" }
        return String(value.prefix { $0 != ":" })
    }
}

/// Answers each request through `PreviewServer.handle`, after the Host and method checks.
struct PreviewResponder: HTTPResponder {
    typealias Context = BasicRequestContext
    let server: PreviewServer
    let hosts: Set<String>

    func respond(to request: Request, context: Context) async throws -> Response {
        let host = request.head.authority ?? ""
        guard hosts.contains(PreviewServer.hostName(host)) else {
            return Self.text(421, "the preview answers only http://localhost and http://127.0.0.1\n")
        }
        guard request.method == .get || request.method == .head else {
            return Response(status: .methodNotAllowed, headers: [.allow: "GET, HEAD"])
        }
        var headers: [String: String] = [:]
        for field in request.headers { headers[field.name.canonicalName] = field.value }
        let answer = server.handle(PreviewRequest(method: request.method.rawValue, target: request.uri.description, headers: headers))
        var fields = HTTPFields()
        for (name, value) in answer.headers { if let field = HTTPField.Name(name) { fields.append(HTTPField(name: field, value: value)) } }
        fields[.contentLength] = String(answer.body.count)
        let body = request.method == .head ? ResponseBody() : ResponseBody(byteBuffer: ByteBuffer(bytes: answer.body))
        return Response(status: .init(code: answer.status), headers: fields, body: body)
    }

    static func text(_ status: Int, _ message: String) -> Response {
        Response(status: .init(code: status), headers: [.contentType: "text/plain"], body: ResponseBody(byteBuffer: ByteBuffer(string: message)))
    }
}

/// Closes a connection that delivers no complete request part (a head, a body chunk) for
/// `seconds`: it sits after the HTTP decoder, so a head trickled a byte at a time counts as
/// silence, which an idle timeout (reset by every byte) would not.
final class QuietDeadline: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = Any
    let seconds: Int64
    private var deadline: Scheduled<Void>?

    init(seconds: Int64) { self.seconds = seconds }

    func handlerAdded(context: ChannelHandlerContext) { if context.channel.isActive { arm(context) } }
    func channelActive(context: ChannelHandlerContext) {
        arm(context)
        context.fireChannelActive()
    }
    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        arm(context)
        context.fireChannelRead(data)
    }
    func handlerRemoved(context: ChannelHandlerContext) { deadline?.cancel() }

    /// A head over the decoder's limits is answered 431, as RFC 6585 names it, and the connection closed.
    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        guard let parse = error as? HTTPParserError, parse == .headerOverflow else { return context.fireErrorCaught(error) }
        deadline?.cancel()
        let head = HTTPResponse(status: .init(code: 431, reasonPhrase: "Request Header Fields Too Large"),
                                headerFields: [.connection: "close", .contentLength: "0"])
        context.write(NIOAny(HTTPResponsePart.head(head)), promise: nil)
        let channel = context.channel
        context.writeAndFlush(NIOAny(HTTPResponsePart.end(nil))).whenComplete { _ in channel.close(promise: nil) }
    }

    private func arm(_ context: ChannelHandlerContext) {
        deadline?.cancel()
        let channel = context.channel
        deadline = context.eventLoop.scheduleTask(in: .seconds(seconds)) { channel.close(promise: nil) }
    }
}

/// The server's start, handed from its task to the caller that waits for the port.
final class Started: Sendable {
    private let result = Mutex<Result<Int, PreviewServer.Failure>?>(nil)
    private let signal = DispatchSemaphore(value: 0)

    func finish(_ outcome: Result<Int, PreviewServer.Failure>) {
        let first = result.withLock { result in
            guard result == nil else { return false }
            result = outcome
            return true
        }
        if first { signal.signal() }
    }

    func wait() -> Result<Int, PreviewServer.Failure> {
        signal.wait()
        return result.withLock { $0! }
    }
}
