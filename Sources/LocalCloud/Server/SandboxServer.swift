import NIOCore
import NIOHTTP1
import NIOPosix

/// The sandbox's HTTP/1.1 listener on a loopback port: reads whole requests and hands each to a
/// handler, which answers through a callback (so slow answers never hold an event loop).
public final class SandboxServer: Sendable {
    /// Answers one request; calls `reply` exactly once, from any thread.
    public typealias Handler = @Sendable (SandboxRequest, _ reply: @escaping @Sendable (SandboxReply) -> Void) -> Void

    private let channel: any Channel
    private let group: MultiThreadedEventLoopGroup

    /// The bound port (useful when asked for port 0).
    public let port: Int

    /// Binds `host:port` (port 0 picks a free one) and starts serving.
    public init(host: String = "127.0.0.1", port: Int, handler: @escaping Handler) throws {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 2)
        let bootstrap = ServerBootstrap(group: group)
            .serverChannelOption(ChannelOptions.backlog, value: 1024)
            .serverChannelOption(ChannelOptions.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                channel.pipeline.configureHTTPServerPipeline(withErrorHandling: true).flatMap {
                    channel.pipeline.addHandler(SandboxHTTPHandler(handler: handler))
                }
            }
            .childChannelOption(ChannelOptions.socketOption(.so_reuseaddr), value: 1)
        do {
            channel = try bootstrap.bind(host: host, port: port).wait()
        } catch {
            try? group.syncShutdownGracefully()
            throw error
        }
        self.group = group
        self.port = channel.localAddress?.port ?? port
    }

    /// Stops listening and closes every connection; call from a thread that may block.
    public func stop() {
        try? channel.close().wait()
        try? group.syncShutdownGracefully()
    }
}

/// Collects a request's head and body, then asks the handler for the reply.
///
/// `@unchecked Sendable`: NIO calls a channel handler on its channel's event loop only, so its
/// state (`head`, `body`) is never touched from two threads; the reply comes back on that
/// event loop (`NIOLoopBound` and `loop.execute`).
private final class SandboxHTTPHandler: ChannelInboundHandler, @unchecked Sendable {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    private let handler: SandboxServer.Handler
    private var head: HTTPRequestHead?
    private var body: [UInt8] = []

    init(handler: @escaping SandboxServer.Handler) {
        self.handler = handler
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let head):
            self.head = head
            body = []
        case .body(var buffer):
            body += buffer.readBytes(length: buffer.readableBytes) ?? []
        case .end:
            guard let head else { return }
            self.head = nil
            let request = SandboxRequest(
                method: head.method.rawValue, target: head.uri, headers: head.headers.map { ($0.name, $0.value) },
                body: body)
            let keepAlive = head.isKeepAlive
            let version = head.version
            let loop = context.eventLoop
            let bound = NIOLoopBound((self, context), eventLoop: loop)
            handler(request) { reply in
                loop.execute {
                    let (handler, context) = bound.value
                    handler.write(reply, version: version, keepAlive: keepAlive, context: context)
                }
            }
        }
    }

    private func write(_ reply: SandboxReply, version: HTTPVersion, keepAlive: Bool, context: ChannelHandlerContext) {
        switch reply {
        case .drop:
            context.close(promise: nil)
        case .response(let response):
            // An empty body with a given Content-Length is a HEAD answer: the length is the resource's.
            let keepsLength = response.body.isEmpty && response.header("Content-Length") != nil
            var headers = HTTPHeaders(response.headers.filter {
                ($0.name.lowercased() != "content-length" || keepsLength) && $0.name.lowercased() != "transfer-encoding"
                    && $0.name.lowercased() != "connection"
            })
            if !keepsLength { headers.replaceOrAdd(name: "Content-Length", value: String(response.body.count)) }
            headers.replaceOrAdd(name: "Connection", value: keepAlive ? "keep-alive" : "close")
            let head = HTTPResponseHead(version: version, status: HTTPResponseStatus(statusCode: response.status), headers: headers)
            context.write(wrapOutboundOut(.head(head)), promise: nil)
            if !response.body.isEmpty {
                context.write(wrapOutboundOut(.body(.byteBuffer(context.channel.allocator.buffer(bytes: response.body)))), promise: nil)
            }
            let done = context.writeAndFlush(wrapOutboundOut(.end(nil)))
            if !keepAlive {
                let channel = context.channel
                done.whenComplete { _ in channel.close(promise: nil) }
            }
        }
    }
}
