import ArgumentParser
import Dispatch
import Foundation
import HTTPCore
import LocalCloud
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// `onboard-sandbox`: the local stand-in for Spot's API and the CUR API, in front of moto.
@main
struct SandboxCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "onboard-sandbox",
        abstract: "Serve Spot's API and the CUR API locally, forwarding every other AWS request to moto.",
        discussion: """
            Prints `onboard-sandbox listening on http://127.0.0.1:PORT` once it serves, and stops
            cleanly on SIGTERM or SIGINT. Example:

              moto_server -H 127.0.0.1 -p 5000 &
              onboard-sandbox --moto-url http://127.0.0.1:5000 --scenario Inputs/sandbox-scenario.json
            """)

    @Option(help: "moto's base URL.")
    var motoURL: String

    @Option(help: "Loopback port to listen on (0: any free port).")
    var port: Int = 0

    @Option(help: "A scenario to seed (JSON, see Inputs/sandbox-scenario.json).")
    var scenario: String?

    @Option(help: "Seconds a new IAM role stays unusable to Spot (IAM propagation); overrides the scenario.")
    var iamPropagationSeconds: Double?

    @Option(help: "Seconds after billing registration until data reads ready; overrides the scenario.")
    var dataReadySeconds: Double?

    mutating func run() throws {
        var loaded = Scenario()
        if let scenario {
            do {
                loaded = try JSONDecoder().decode(Scenario.self, from: Data(contentsOf: URL(fileURLWithPath: scenario)))
            } catch {
                throw ValidationError("\(scenario): not a valid scenario: \(error)")
            }
        }
        var configuration = Sandbox.Configuration(motoURL: motoURL)
        configuration.iamPropagationSeconds = iamPropagationSeconds ?? loaded.behaviour?.iamPropagationSeconds ?? 0
        configuration.dataReadySeconds = dataReadySeconds ?? loaded.behaviour?.dataReadySeconds ?? 48 * 3600
        if let accounts = loaded.behaviour?.spotPlatformAccounts { configuration.spotPlatformAccounts.formUnion(accounts) }
        if let keys = loaded.behaviour?.chinaAccessKeyIds { configuration.chinaAccessKeyIDs = Set(keys) }

        // Every client request may become a call to moto: a pool as large as the load.
        let transport = AsyncHTTPClientTransport(configuration: .init(maximumConnectionsPerHost: 1024))
        let sandbox = Sandbox(configuration: configuration, transport: transport)
        let seeded = loaded
        let seeding = DispatchSemaphore(value: 0)
        let failure = SeedFailure()
        Task {
            do { try await sandbox.seed(seeded) } catch { failure.set("\(error)") }
            seeding.signal()
        }
        seeding.wait()
        if let message = failure.get() {
            FileHandle.standardError.write(Data("onboard-sandbox: seeding failed: \(message)\n".utf8))
            throw ExitCode(1)
        }
        let server = try SandboxServer(port: port) { request, reply in sandbox.handle(request, reply: reply) }
        FileHandle.standardOutput.write(Data("onboard-sandbox listening on http://127.0.0.1:\(server.port)\n".utf8))

        signal(SIGTERM, SIG_IGN)
        signal(SIGINT, SIG_IGN)
        let stop = DispatchSemaphore(value: 0)
        let sources = [SIGTERM, SIGINT].map { number in
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler { stop.signal() }
            source.resume()
            return source
        }
        stop.wait()
        server.stop()
        try? transport.shutdown()
        _ = sources
    }
}

/// The seeding error, handed from the seeding task to the main thread.
private final class SeedFailure: Sendable {
    private let message = Mutex<String?>(nil)
    func set(_ text: String) { message.withLock { $0 = text } }
    func get() -> String? { message.withLock { $0 } }
}
