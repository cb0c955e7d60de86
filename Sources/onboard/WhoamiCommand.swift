import AWSKit
import ArgumentParser
import Foundation
import HTTPCore

/// `onboard whoami`: the operator's first check: whose AWS credentials will the batch use?
struct WhoamiCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "whoami",
        abstract: "Show the AWS account, ARN and partition of the credentials onboard resolves.",
        discussion: """
            Resolves credentials as the AWS SDKs do (environment keys, then the profile from \
            AWS_PROFILE or --profile in the shared config files, assuming its roles), then calls \
            sts:GetCallerIdentity. Exit status: 0 on success, 1 when no credentials resolve or \
            STS refuses them.

            Examples:
              onboard whoami
              onboard whoami --profile partner-ops --region cn-north-1
              onboard whoami --aws-endpoint-url http://127.0.0.1:5000 --json
            """
    )

    @Option(help: "Profile of the shared AWS config files (beats AWS_PROFILE and environment keys).")
    var profile: String?

    @Option(help: "Region for STS (default: AWS_REGION, AWS_DEFAULT_REGION, else us-east-1); cn-* regions are AWS China.")
    var region: String?

    @Option(help: ArgumentHelp("Endpoint for every AWS service (overrides AWS_ENDPOINT_URL…).", valueName: "url"))
    var awsEndpointURL: String?

    @Flag(help: "Print the identity as JSON.")
    var json = false

    @OptionGroup var endpointSecurity: EndpointSecurityOptions

    func validate() throws {
        if let region, region.isEmpty || region.contains(where: { !($0.isLowercase || $0.isNumber || $0 == "-") }) {
            throw ValidationError("--region '\(region)' is not a region name such as us-east-1")
        }
        if let url = awsEndpointURL, URL(string: url)?.scheme == nil {
            throw ValidationError("--aws-endpoint-url '\(url)' is not a URL such as http://127.0.0.1:5000")
        }
        try endpointSecurity.check(
            command: "whoami",
            aws: EndpointResolver(environment: ProcessInfo.processInfo.environment, commandLineOverride: awsEndpointURL))
    }

    func run() throws {
        let environment = ProcessInfo.processInfo.environment
        let fromEnvironment = [environment["AWS_REGION"], environment["AWS_DEFAULT_REGION"]].compactMap { $0 }.first { !$0.isEmpty }
        let region = self.region ?? fromEnvironment ?? "us-east-1"
        let partition = Partition(region: region)
        let endpoints = EndpointResolver(environment: environment, commandLineOverride: awsEndpointURL)
        let transport = AsyncHTTPClientTransport(configuration: .init(maximumConnectionsPerHost: 2))
        defer { try? transport.shutdown() }
        let client = AWSClient(transport: transport)
        let errors = OutputStream.standardError()
        defer { errors.flush() }

        let outcome = identity(environment: environment, region: region, partition: partition, endpoints: endpoints, client: client)
        guard case .success(let identity) = outcome else {
            if case .failure(let error) = outcome { errors.line("onboard whoami: \(error)") }
            throw ExitStatus.someAccountsFailed
        }
        if json {
            let document = WhoamiReport(account: identity.account, arn: identity.arn, partition: identity.partition, region: region)
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            print(String(decoding: try encoder.encode(document), as: UTF8.self))
        } else {
            print("account    \(identity.account)")
            print("arn        \(identity.arn)")
            print("partition  \(identity.partition)")
            print("region     \(region)")
        }
    }
}

extension WhoamiCommand {
    /// Resolves the credentials and asks STS whose they are.
    private func identity(
        environment: [String: String], region: String, partition: Partition, endpoints: EndpointResolver, client: AWSClient
    ) -> Result<CallerIdentity, AWSError> {
        let credentials: any CredentialProvider
        switch Result(catching: { () throws(AWSError) in
            try CredentialResolver.resolve(
                environment: environment, profile: profile, region: self.region, endpoints: endpoints, client: client)
        }) {
        case .success(let provider): credentials = provider
        case .failure(let error): return .failure(error)
        }
        let sts = STSClient(client: client, endpoint: endpoints.endpoint(for: .sts, partition: partition, region: region))
        return BlockingCall.run { () async -> Result<CallerIdentity, AWSError> in
            do throws(AWSError) {
                return .success(try await sts.getCallerIdentity(credentials: credentials))
            } catch {
                return .failure(error)
            }
        }
    }
}

/// `onboard whoami --json`.
struct WhoamiReport: Codable {
    var account: String
    var arn: String
    var partition: String
    var region: String
}
