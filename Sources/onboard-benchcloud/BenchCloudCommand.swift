import ArgumentParser
import Foundation
import NIOCore

/// `onboard-benchcloud`: a fast, in-memory stand-in for the AWS and Spot endpoints one
/// `onboard run` calls, for benchmarks of onboard's own CPU, memory and threads only.
@main
struct BenchCloudCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "onboard-benchcloud",
        abstract: "Serve just enough of AWS and Spot for `onboard run` benchmarks (not a witness of either).",
        discussion: """
            Prints `onboard-benchcloud listening on http://127.0.0.1:PORT`; point AWS_ENDPOINT_URL
            and SPOTINST_API_URL there. It checks no signature or permission and keeps only what
            one account's run needs; the local cloud (onboard-sandbox over moto) is the witness of
            AWS's and Spot's rules. Example: onboard-benchcloud --latency 2
            """)

    @Option(help: "Loopback port to listen on (0: any free port).")
    var port: Int = 0

    @Option(help: "Seconds every answer is held back (latency of a far service).")
    var latency: Double = 0

    @Option(help: "Event loop threads.")
    var threads: Int = 1

    mutating func run() throws {
        let server = try BenchCloudServer(
            port: port, latency: .nanoseconds(Int64(latency * 1_000_000_000)), threads: max(1, threads), cloud: BenchCloud())
        // Written straight to the descriptor (not buffered): the scripts wait for this line.
        FileHandle.standardOutput.write(Data("onboard-benchcloud listening on http://127.0.0.1:\(server.port)\n".utf8))
        try server.wait()
    }
}
