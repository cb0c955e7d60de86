import AWSKit
import Foundation
import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A small scripted HTTP/1.1 server on a free loopback port, for retry tests.
///
/// Each request takes the next scripted ``Reply`` (answer with a status, drop the connection,
/// or stall past the client's timeout); when the script runs out, every request gets
/// `otherwise`. Every response closes its connection, so each attempt of a client is a new
/// connection and a dropped one is unambiguous. Every complete request is recorded, in arrival
/// order, with the reply it got.
///
/// ```swift
/// let server = try FaultServer([.queryThrottling, .queryThrottling], otherwise: .ok("<ok/>"))
/// // … call server.endpoint(signingName: "sts") …
/// #expect(server.requests.count == 3)
/// ```
///
/// Plain POSIX sockets, one thread per connection: no dependency beyond Foundation. The server
/// stops when ``stop()`` is called or the value is released.
final class FaultServer: Sendable {
    /// What the server does with one request.
    enum Reply: Sendable {
        /// Answers with `status`, `headers` and `body` (`Content-Length` and `Connection: close`
        /// are added).
        case respond(status: Int, headers: [(name: String, value: String)], body: String)
        /// Reads the request, then closes the connection without answering.
        case drop
        /// Reads the request, then waits up to `seconds` (or until the client gives up and
        /// closes), then closes without answering.
        case stall(seconds: Double)
    }

    /// A request as the server read it.
    struct RecordedRequest: Sendable {
        var method: String
        /// The request target: path and query, as sent.
        var target: String
        var headers: [(name: String, value: String)]
        var body: [UInt8]
        /// When the server finished reading it (the real clock).
        var receivedAt: Date

        /// The path without the query.
        var path: String { String(target.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false)[0]) }

        /// The body as UTF-8 text.
        var bodyText: String { String(decoding: body, as: UTF8.self) }

        /// The first value of header `name` (case-insensitive).
        func header(_ name: String) -> String? {
            headers.first { $0.name.caseInsensitiveCompare(name) == .orderedSame }?.value
        }
    }

    /// Errors setting the server up.
    struct SetupError: Error, CustomStringConvertible {
        var description: String
    }

    /// The port it listens on, on 127.0.0.1.
    let port: Int
    private let state: State

    /// `http://127.0.0.1:<port>`.
    var baseURL: String { "http://127.0.0.1:\(port)" }

    /// Starts a server that gives `replies` in order, then `otherwise` to every later request.
    init(_ replies: [Reply] = [], otherwise: Reply = .ok()) throws {
        let listener = try Self.listenOnLoopback()
        port = listener.port
        state = State(listener: listener.descriptor, replies: replies, otherwise: otherwise)
        Thread.detachNewThread { [state] in state.acceptLoop() }
    }

    deinit {
        stop()
    }

    /// Every complete request received so far, in arrival order.
    var requests: [RecordedRequest] {
        state.script.withLock { $0.recorded }
    }

    /// Appends replies to the script.
    func enqueue(_ replies: [Reply]) {
        state.script.withLock { $0.pending.append(contentsOf: replies) }
    }

    /// Stops accepting connections (connections being served finish on their own).
    func stop() {
        state.stopped.store(true, ordering: .releasing)
    }

    /// An endpoint that sends calls for `signingName` here, signed for `region`.
    func endpoint(signingName: String, region: String = "us-east-1") -> ServiceEndpoint {
        ServiceEndpoint(url: baseURL, signingRegion: region, signingName: signingName, isCustom: true)
    }

    // MARK: - Sockets

    private static func listenOnLoopback() throws -> (descriptor: Int32, port: Int) {
        #if canImport(Glibc)
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        #else
        let descriptor = socket(AF_INET, SOCK_STREAM, 0)
        #endif
        guard descriptor >= 0 else { throw SetupError(description: "socket() failed: errno \(errno)") }
        _ = fcntl(descriptor, F_SETFD, FD_CLOEXEC)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard bound == 0, listen(descriptor, 128) == 0 else {
            let error = errno
            close(descriptor)
            throw SetupError(description: "cannot listen on 127.0.0.1: errno \(error)")
        }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let named = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(descriptor, $0, &length) }
        }
        guard named == 0 else {
            close(descriptor)
            throw SetupError(description: "getsockname() failed: errno \(errno)")
        }
        return (descriptor, Int(UInt16(bigEndian: address.sin_port)))
    }
}

extension FaultServer.Reply {
    /// 200 with `body`.
    static func ok(_ body: String = "", headers: [(name: String, value: String)] = []) -> Self {
        .respond(status: 200, headers: headers, body: body)
    }

    /// `status` with `body` (empty by default).
    static func status(_ status: Int, body: String = "", headers: [(name: String, value: String)] = []) -> Self {
        .respond(status: status, headers: headers, body: body)
    }

    /// A query-protocol error (STS, IAM, CloudFormation), as those services send it.
    static func queryError(_ code: String, status: Int = 400, message: String = "", type: String = "Sender") -> Self {
        .respond(
            status: status,
            headers: [(name: "Content-Type", value: "text/xml"), (name: "x-amzn-RequestId", value: "5d9a7c1e-0000-4000-8000-000000000001")],
            body: """
                <ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
                  <Error>
                    <Type>\(type)</Type>
                    <Code>\(code)</Code>
                    <Message>\(message)</Message>
                  </Error>
                  <RequestId>5d9a7c1e-0000-4000-8000-000000000001</RequestId>
                </ErrorResponse>
                """)
    }

    /// A JSON 1.1 error (Organizations, CUR), `__type` as given.
    static func jsonError(_ type: String, status: Int = 400, message: String = "") -> Self {
        .respond(
            status: status,
            headers: [
                (name: "Content-Type", value: "application/x-amz-json-1.1"),
                (name: "x-amzn-RequestId", value: "0b7c2a4e-0000-4000-8000-000000000002"),
            ],
            body: #"{"__type":"\#(type)","message":"\#(message)"}"#)
    }

    /// An S3 (REST-XML) error.
    static func s3Error(_ code: String, status: Int, message: String = "") -> Self {
        .respond(
            status: status,
            headers: [
                (name: "Content-Type", value: "application/xml"),
                (name: "x-amz-request-id", value: "4442587FB7D0A2F9"),
                (name: "x-amz-id-2", value: "vlR7PnpV2Ce81l0PRw6jlUpck7Jo5ZsQjryTjKlc5aLWGVHPZLj5NeC6qMa0emYBDXOo6QBU0Wo="),
            ],
            body: """
                <?xml version="1.0" encoding="UTF-8"?>
                <Error><Code>\(code)</Code><Message>\(message)</Message><RequestId>4442587FB7D0A2F9</RequestId><HostId>vlR7PnpV2Ce81l0PRw6jlUpck7Jo5ZsQjryTjKlc5aLWGVHPZLj5NeC6qMa0emYBDXOo6QBU0Wo=</HostId></Error>
                """)
    }

    /// STS/IAM/CloudFormation throttling: 400 `<Code>Throttling</Code>`.
    static var queryThrottling: Self { queryError("Throttling", message: "Rate exceeded") }

    /// Organizations/CUR throttling: 400 `{"__type":"ThrottlingException"}`.
    static var jsonThrottling: Self { jsonError("ThrottlingException", message: "Rate exceeded") }

    /// S3 throttling: 503 `SlowDown`.
    static var s3SlowDown: Self { s3Error("SlowDown", status: 503, message: "Please reduce your request rate.") }

    /// 429 with `Retry-After` (seconds, as text).
    static func tooManyRequests(retryAfter: String) -> Self {
        .respond(status: 429, headers: [(name: "Retry-After", value: retryAfter)], body: "")
    }
}

extension FaultServer {
    /// What the server threads share: the listening socket, the script and the record.
    private final class State: Sendable {
        struct Script {
            var pending: [Reply]
            var otherwise: Reply
            var recorded: [RecordedRequest] = []
        }

        let listener: Int32
        let script: Mutex<Script>
        let stopped = Atomic<Bool>(false)

        init(listener: Int32, replies: [Reply], otherwise: Reply) {
            self.listener = listener
            self.script = Mutex(Script(pending: replies, otherwise: otherwise))
        }

        /// Accepts until stopped, polling so a stop is noticed within 50 ms; closes the listener.
        func acceptLoop() {
            defer { close(listener) }
            while !stopped.load(ordering: .acquiring) {
                var descriptor = pollfd(fd: listener, events: Int16(POLLIN), revents: 0)
                guard poll(&descriptor, 1, 50) > 0 else { continue }
                let connection = accept(listener, nil, nil)
                guard connection >= 0 else { continue }
                _ = fcntl(connection, F_SETFD, FD_CLOEXEC)
                #if canImport(Darwin)
                var on: Int32 = 1
                setsockopt(connection, SOL_SOCKET, SO_NOSIGPIPE, &on, socklen_t(MemoryLayout<Int32>.size))
                #endif
                Thread.detachNewThread { [self] in serve(connection) }
            }
        }

        /// Reads one request, records it with its reply, acts on the reply, closes.
        private func serve(_ connection: Int32) {
            defer { close(connection) }
            // A client that sends nothing cannot hold a thread forever.
            var timeout = timeval(tv_sec: 10, tv_usec: 0)
            setsockopt(connection, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
            guard let request = Self.readRequest(connection) else { return }
            let reply = script.withLock { script -> Reply in
                script.recorded.append(request)
                return script.pending.isEmpty ? script.otherwise : script.pending.removeFirst()
            }
            switch reply {
            case .respond(let status, let headers, let body):
                Self.write(connection, status: status, headers: headers, body: Array(body.utf8), includeBody: request.method != "HEAD")
            case .drop:
                return
            case .stall(let seconds):
                Self.waitForClose(connection, seconds: seconds)
            }
        }

        private static func readRequest(_ connection: Int32) -> RecordedRequest? {
            var buffer: [UInt8] = []
            let separator: [UInt8] = Array("\r\n\r\n".utf8)
            var headerEnd: Int?
            var chunk = [UInt8](repeating: 0, count: 16_384)
            while headerEnd == nil {
                let count = chunk.withUnsafeMutableBytes { recv(connection, $0.baseAddress, $0.count, 0) }
                guard count > 0 else { return nil }
                let searchFrom = max(0, buffer.count - 3)
                buffer.append(contentsOf: chunk[0..<count])
                headerEnd = firstIndex(of: separator, in: buffer, from: searchFrom)
                if buffer.count > 1_048_576 { return nil }
            }
            guard let headerEnd else { return nil }
            let head = String(decoding: buffer[0..<headerEnd], as: UTF8.self)
            var lines = head.components(separatedBy: "\r\n")
            let requestLine = lines.removeFirst().split(separator: " ")
            guard requestLine.count >= 2 else { return nil }
            var headers: [(name: String, value: String)] = []
            for line in lines {
                guard let colon = line.firstIndex(of: ":") else { continue }
                headers.append((
                    name: String(line[..<colon]),
                    value: line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)))
            }
            let length = headers.first { $0.name.lowercased() == "content-length" }.flatMap { Int($0.value) } ?? 0
            var body = Array(buffer[(headerEnd + separator.count)...])
            while body.count < length {
                let count = chunk.withUnsafeMutableBytes { recv(connection, $0.baseAddress, $0.count, 0) }
                guard count > 0 else { return nil }
                body.append(contentsOf: chunk[0..<count])
            }
            return RecordedRequest(
                method: String(requestLine[0]), target: String(requestLine[1]), headers: headers,
                body: Array(body.prefix(length)), receivedAt: Date())
        }

        private static func firstIndex(of needle: [UInt8], in haystack: [UInt8], from start: Int) -> Int? {
            guard haystack.count >= needle.count else { return nil }
            var index = start
            while index + needle.count <= haystack.count {
                if haystack[index..<(index + needle.count)].elementsEqual(needle) { return index }
                index += 1
            }
            return nil
        }

        private static func write(
            _ connection: Int32, status: Int, headers: [(name: String, value: String)], body: [UInt8], includeBody: Bool
        ) {
            var head = "HTTP/1.1 \(status) \(reason(status))\r\n"
            for header in headers { head += "\(header.name): \(header.value)\r\n" }
            head += "Content-Length: \(body.count)\r\nConnection: close\r\n\r\n"
            var bytes = Array(head.utf8)
            if includeBody { bytes += body }
            #if canImport(Glibc)
            let flags = Int32(MSG_NOSIGNAL)
            #else
            let flags: Int32 = 0
            #endif
            var offset = 0
            while offset < bytes.count {
                let sent = bytes[offset...].withUnsafeBytes { send(connection, $0.baseAddress, $0.count, flags) }
                guard sent > 0 else { return }
                offset += sent
            }
        }

        /// Waits `seconds`, or until the peer closes the connection.
        private static func waitForClose(_ connection: Int32, seconds: Double) {
            let deadline = Date().addingTimeInterval(seconds)
            var scratch = [UInt8](repeating: 0, count: 1024)
            while Date() < deadline {
                var descriptor = pollfd(fd: connection, events: Int16(POLLIN), revents: 0)
                let milliseconds = Int32(max(1, min(100, deadline.timeIntervalSinceNow * 1000)))
                guard poll(&descriptor, 1, milliseconds) >= 0 else { return }
                if descriptor.revents & Int16(POLLHUP | POLLERR) != 0 { return }
                if descriptor.revents & Int16(POLLIN) != 0 {
                    let count = scratch.withUnsafeMutableBytes { recv(connection, $0.baseAddress, $0.count, 0) }
                    if count <= 0 { return }
                }
            }
        }

        private static func reason(_ status: Int) -> String {
            switch status {
            case 200: "OK"
            case 301: "Moved Permanently"
            case 400: "Bad Request"
            case 403: "Forbidden"
            case 404: "Not Found"
            case 429: "Too Many Requests"
            case 500: "Internal Server Error"
            case 502: "Bad Gateway"
            case 503: "Service Unavailable"
            case 504: "Gateway Timeout"
            default: "Status"
            }
        }
    }
}
