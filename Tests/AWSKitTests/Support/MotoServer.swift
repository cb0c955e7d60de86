import AWSKit
import Foundation
import HTTPCore
import Synchronization
import TestSupport

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A real `moto_server` (PyPI `moto[server]`) on a free loopback port: the local AWS for tests.
///
/// ``shared()`` starts one server for the whole test process, lazily, on first use; every
/// later caller gets the same one. When `moto_server` is not on the `PATH`, or does not answer
/// within 20 seconds, ``shared()`` throws, so the calling test fails (it never skips): run
/// `scripts/setup`, which installs it.
///
/// The server never outlives the test process: it is killed at exit (SIGKILL: it holds nothing
/// worth saving, and moto takes over a second to honour SIGTERM), and a watchdog shell kills it
/// within a second when the test process dies any other way (a crash, `kill -9`).
///
/// Tests run in parallel and share the server, so:
/// - prefer unique names (buckets, stacks, users) or accounts (`x-moto-account-id`,
///   assumed roles) over ``reset()``, which wipes everything for every test;
/// - never turn authentication on for the shared server: use ``authenticated()``, a second
///   process-wide server whose authentication is on from the start.
final class MotoServer: Sendable {
    /// Why the server could not be used.
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    /// Obviously fake credentials. moto accepts any key while authentication is off.
    static let fakeCredentials = AWSCredentials(accessKeyID: "testing", secretAccessKey: "testing")

    /// The account moto uses for requests that name no other.
    static let defaultAccountID = "123456789012"

    /// The port, on 127.0.0.1.
    let port: Int
    /// `http://127.0.0.1:<port>`.
    var baseURL: String { "http://127.0.0.1:\(port)" }
    /// The server's output (for diagnostics).
    let logFile: URL
    /// For the moto API calls (`/moto-api/…`) and the helper's own AWS calls; lives as long as
    /// the process, like the server.
    private let transport: AsyncHTTPClientTransport

    private init(port: Int, logFile: URL, transport: AsyncHTTPClientTransport) {
        self.port = port
        self.logFile = logFile
        self.transport = transport
    }

    // MARK: - The process-wide servers

    private static let sharedLaunch = Task { try await MotoServer.launch() }

    /// The authenticating server, with a user allowed everything in each partition (moto keeps
    /// IAM per partition and checks a key in the partition of the request's signing region).
    private static let authenticatedLaunch = Task { () throws -> (MotoServer, [Partition: AWSCredentials]) in
        let server = try await MotoServer.launch()
        var users: [Partition: AWSCredentials] = [:]
        for partition in Partition.allCases {
            users[partition] = try await server.enableAuthentication(partition: partition)
        }
        return (server, users)
    }

    /// The test process's moto server, started on first use; authentication off.
    static func shared() async throws -> MotoServer {
        try await sharedLaunch.value
    }

    /// A second process-wide server, started on first use, that verifies SigV4 signatures and
    /// IAM permissions. `credentials` belong to an IAM user allowed everything in account
    /// ``defaultAccountID`` of `partition`: moto accepts them only on requests signed for a region
    /// of that partition (use `.awsChina` for `cn-north-1` and `cn-northwest-1`). Do not
    /// ``reset()`` it: that deletes the users.
    static func authenticated(partition: Partition = .aws) async throws -> (server: MotoServer, credentials: AWSCredentials) {
        let (server, users) = try await authenticatedLaunch.value
        guard let credentials = users[partition] else {
            throw Failure(description: "no moto user for partition \(partition.rawValue)")
        }
        return (server, credentials)
    }

    // MARK: - Using it

    /// Sends every service here (as `--aws-endpoint-url` would); signing names and regions stay
    /// the partition's, and moto picks the service from the signature's credential scope.
    var endpoints: EndpointResolver {
        EndpointResolver(commandLineOverride: baseURL)
    }

    /// The endpoint of `service` for calls in `region` (its partition follows the region).
    func endpoint(for service: AWSService, region: String = "us-east-1") -> ServiceEndpoint {
        endpoints.endpoint(for: service, partition: Partition(region: region), region: region)
    }

    /// A client that talks to this server through the helper's transport.
    func client(configuration: AWSClient.Configuration = AWSClient.Configuration()) -> AWSClient {
        AWSClient(configuration: configuration, transport: transport)
    }

    /// Clears every account, user, bucket and stack (`POST /moto-api/reset`). It does not change
    /// whether authentication is on.
    func reset() async throws {
        try await administer("/moto-api/reset")
    }

    /// Makes the server verify signatures and permissions, as moto documents: creates an IAM
    /// user allowed everything, with an access key, in `partition` (account ``defaultAccountID``),
    /// using the fake credentials while authentication is off, then `POST /moto-api/reset-auth`
    /// with body `0`. Returns the user's credentials; the fake ones are refused from then on.
    /// Calling it again (say for the other partition) adds a user; earlier ones keep working.
    ///
    /// The setting is server-wide and persists (also across ``reset()``, which deletes the users)
    /// until ``disableAuthentication()``. Never call it on the ``shared()`` server while other
    /// tests use it.
    func enableAuthentication(partition: Partition = .aws) async throws -> AWSCredentials {
        try await disableAuthentication()
        let user = "onboard-tests-\(UUID().uuidString.prefix(8).lowercased())"
        let iam = endpoints.endpoint(for: .iam, partition: partition, region: partition.iamRegion)
        let client = client()

        var createUser = QueryRequest(action: "CreateUser", version: "2010-05-08")
        createUser.set("UserName", user)
        _ = try await client.send(createUser.call(service: .iam, endpoint: iam), credentials: Self.fakeProvider)

        var allowAll = QueryRequest(action: "PutUserPolicy", version: "2010-05-08")
        allowAll.set("UserName", user)
        allowAll.set("PolicyName", "AllowEverything")
        allowAll.set(
            "PolicyDocument", #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}"#)
        _ = try await client.send(allowAll.call(service: .iam, endpoint: iam), credentials: Self.fakeProvider)

        var createKey = QueryRequest(action: "CreateAccessKey", version: "2010-05-08")
        createKey.set("UserName", user)
        let response = try await client.send(createKey.call(service: .iam, endpoint: iam), credentials: Self.fakeProvider)
        let key = AWSXMLElement.parse(response.body)?.at("CreateAccessKeyResult", "AccessKey")
        guard let accessKeyID = key?.string("AccessKeyId"), let secret = key?.string("SecretAccessKey") else {
            throw Failure(description: "moto's CreateAccessKey answer has no key: \(String(decoding: response.body, as: UTF8.self))")
        }

        try await administer("/moto-api/reset-auth", body: "0")
        return AWSCredentials(accessKeyID: accessKeyID, secretAccessKey: secret)
    }

    /// Stops verifying signatures (`POST /moto-api/reset-auth` with `inf`, moto's default).
    func disableAuthentication() async throws {
        try await administer("/moto-api/reset-auth", body: "inf")
    }

    private static let fakeProvider = StaticCredentialProvider(fakeCredentials)

    /// POSTs `body` as text/plain to a moto API path; throws unless it answers 200.
    private func administer(_ path: String, body: String = "") async throws {
        let request = HTTPRequestData(
            method: "POST", url: baseURL + path, headers: [(name: "Content-Type", value: "text/plain")],
            body: Array(body.utf8))
        switch await transport.execute(request, timeout: 10) {
        case .success(let response) where response.status == 200:
            return
        case .success(let response):
            throw Failure(
                description: "moto \(path) answered \(response.status): \(String(decoding: response.body, as: UTF8.self))")
        case .failure(let error):
            throw Failure(description: "moto \(path) failed: \(error.message)")
        }
    }

    // MARK: - Starting and stopping

    /// Process ids to terminate at exit.
    private static let children = Mutex<[pid_t]>([])

    /// Starts a server and waits until `GET /moto-api/` answers.
    private static func launch() async throws -> MotoServer {
        let executable = try locateExecutable()
        let port = try freeLoopbackPort()
        let logFile = FileManager.default.temporaryDirectory.appendingPathComponent("onboard-moto-\(getpid())-\(port).log")

        let server: ChildProcess
        do {
            server = try ChildProcess(executable, ["-H", "127.0.0.1", "-p", String(port)], streams: .logFile(logFile))
        } catch {
            throw Failure(description: "cannot start \(executable.path): \(error)")
        }
        let serverID = server.pid
        registerForTermination(serverID)

        // The watchdog: kills the server within a second of this process dying, whatever the
        // cause (at a normal exit the atexit handler has already terminated it).
        let watchdog: ChildProcess
        do {
            watchdog = try ChildProcess(
                URL(fileURLWithPath: "/bin/sh"),
                [
                    "-c",
                    #"while kill -0 "$1" 2>/dev/null && kill -0 "$2" 2>/dev/null; do sleep 1; done; kill -9 "$2" 2>/dev/null; exit 0"#,
                    "moto-watchdog", String(getpid()), String(serverID),
                ],
                streams: .discarded)
        } catch {
            kill(serverID, SIGKILL)
            throw Failure(description: "cannot start the moto_server watchdog: \(error)")
        }
        registerForTermination(watchdog.pid)

        let moto = MotoServer(port: port, logFile: logFile, transport: AsyncHTTPClientTransport())
        let deadline = Date().addingTimeInterval(20)
        while Date() < deadline {
            guard server.isRunning else {
                throw Failure(
                    description: "moto_server exited with status \(server.exitStatus ?? -1) before answering; "
                        + "its output:\n\(moto.logTail())")
            }
            let probe = HTTPRequestData(method: "GET", url: moto.baseURL + "/moto-api/", headers: [], body: [])
            if case .success(let response) = await moto.transport.execute(probe, timeout: 2), response.status == 200 {
                return moto
            }
            try await Task.sleep(for: .milliseconds(100))
        }
        kill(serverID, SIGKILL)
        throw Failure(description: "moto_server did not answer on port \(port) within 20 s; its output:\n\(moto.logTail())")
    }

    /// The last lines of the server's output.
    private func logTail() -> String {
        let text = (try? String(contentsOf: logFile, encoding: .utf8)) ?? ""
        return text.split(separator: "\n", omittingEmptySubsequences: false).suffix(20).joined(separator: "\n")
    }

    /// `moto_server` on the `PATH` (`$MOTO_SERVER` wins when set).
    private static func locateExecutable() throws -> URL {
        let environment = ProcessInfo.processInfo.environment
        if let explicit = environment["MOTO_SERVER"], !explicit.isEmpty {
            guard FileManager.default.isExecutableFile(atPath: explicit) else {
                throw Failure(description: "MOTO_SERVER=\(explicit) is not an executable file")
            }
            return URL(fileURLWithPath: explicit)
        }
        let path = environment["PATH"] ?? ""
        for folder in path.split(separator: ":") where !folder.isEmpty {
            let candidate = URL(fileURLWithPath: String(folder)).appendingPathComponent("moto_server")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
        }
        throw Failure(
            description: "moto_server is not on the PATH (\(path)); run scripts/setup, which installs moto[server] from PyPI")
    }

    /// Records `id` for termination at exit, installing the atexit handler once.
    private static func registerForTermination(_ id: pid_t) {
        let isFirst = children.withLock { children in
            children.append(id)
            return children.count == 1
        }
        if isFirst {
            atexit {
                for id in MotoServer.children.withLock({ $0 }) { kill(id, SIGKILL) }
            }
        }
    }

    /// A port nothing listens on now: bind port 0 on loopback, read the port, close.
    private static func freeLoopbackPort() throws -> Int {
        #if canImport(Glibc)
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        #else
        let descriptor = socket(AF_INET, SOCK_STREAM, 0)
        #endif
        guard descriptor >= 0 else { throw Failure(description: "socket() failed: errno \(errno)") }
        defer { close(descriptor) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let result = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { pointer in
                bind(descriptor, pointer, length) == 0 ? getsockname(descriptor, pointer, &length) : -1
            }
        }
        guard result == 0 else { throw Failure(description: "cannot bind a loopback port: errno \(errno)") }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}
