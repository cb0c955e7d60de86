import NIOCore
import NIOHTTP1
import NIOPosix

/// The bench cloud's HTTP/1.1 listener: whole requests in, answers out on the same event loop,
/// each delayed by `latency` with a scheduled task (no thread waits, so thousands of delayed
/// answers cost no threads).
final class BenchCloudServer: Sendable {
    private let channel: any Channel
    private let group: MultiThreadedEventLoopGroup
    /// The bound port.
    let port: Int

    init(port: Int, latency: TimeAmount, threads: Int, cloud: BenchCloud) throws {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: threads)
        let bootstrap = ServerBootstrap(group: group)
            .serverChannelOption(ChannelOptions.backlog, value: 4096)
            .serverChannelOption(ChannelOptions.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                channel.pipeline.configureHTTPServerPipeline(withErrorHandling: true).flatMap {
                    channel.pipeline.addHandler(BenchHTTPHandler(cloud: cloud, latency: latency))
                }
            }
        do {
            channel = try bootstrap.bind(host: "127.0.0.1", port: port).wait()
        } catch {
            try? group.syncShutdownGracefully()
            throw error
        }
        self.group = group
        self.port = channel.localAddress?.port ?? port
    }

    /// Blocks until the listener closes.
    func wait() throws {
        try channel.closeFuture.wait()
    }
}

/// Collects one request, answers it after the latency.
///
/// `@unchecked Sendable`: NIO calls it on its channel's event loop only; the delayed answer is
/// scheduled on that same loop.
private final class BenchHTTPHandler: ChannelInboundHandler, @unchecked Sendable {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    private let cloud: BenchCloud
    private let latency: TimeAmount
    private var head: HTTPRequestHead?
    private var body: [UInt8] = []

    init(cloud: BenchCloud, latency: TimeAmount) {
        self.cloud = cloud
        self.latency = latency
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
            let request = BenchRequest(
                method: head.method.rawValue, uri: head.uri, target: head.headers.first(name: "X-Amz-Target"),
                authorization: head.headers.first(name: "Authorization"), body: body)
            body = []
            let response = cloud.answer(request)
            let keepAlive = head.isKeepAlive
            let version = head.version
            let isHead = head.method == .HEAD
            if latency.nanoseconds > 0 {
                let bound = NIOLoopBound((self, context), eventLoop: context.eventLoop)
                context.eventLoop.scheduleTask(in: latency) {
                    let (handler, context) = bound.value
                    handler.write(response, version: version, keepAlive: keepAlive, isHead: isHead, context: context)
                }
            } else {
                write(response, version: version, keepAlive: keepAlive, isHead: isHead, context: context)
            }
        }
    }

    private func write(_ response: BenchResponse, version: HTTPVersion, keepAlive: Bool, isHead: Bool, context: ChannelHandlerContext) {
        var headers = HTTPHeaders(response.headers)
        headers.add(name: "Content-Type", value: response.contentType)
        headers.add(name: "Content-Length", value: String(response.body.count))
        headers.add(name: "x-amzn-RequestId", value: "bench")
        headers.add(name: "Connection", value: keepAlive ? "keep-alive" : "close")
        let head = HTTPResponseHead(version: version, status: HTTPResponseStatus(statusCode: response.status), headers: headers)
        context.write(wrapOutboundOut(.head(head)), promise: nil)
        if !response.body.isEmpty && !isHead {
            context.write(wrapOutboundOut(.body(.byteBuffer(context.channel.allocator.buffer(bytes: response.body)))), promise: nil)
        }
        let done = context.writeAndFlush(wrapOutboundOut(.end(nil)))
        if !keepAlive {
            let channel = context.channel
            done.whenComplete { _ in channel.close(promise: nil) }
        }
    }
}
