import AWSKit
import HTTPCore
import Testing

/// Plain http only to loopback: which hosts count, which overrides are in effect, what a
/// refusal says.
@Suite("Endpoint transport security")
struct EndpointTransportSecurityTests {
    @Test("loopback hosts", arguments: [
        "localhost", "LOCALHOST", "localhost.", "127.0.0.1", "127.255.0.9", "::1", "[::1]", "0:0:0:0:0:0:0:1",
        "::ffff:127.0.0.1",
    ])
    func loopback(host: String) {
        #expect(EndpointTransportSecurity.isLoopback(host: host))
    }

    @Test("hosts that are not loopback", arguments: [
        "", "10.0.0.5", "128.0.0.1", "1.127.0.0", "127.1", "2130706433", "0x7f000001", "example.com", "localhost.example.com",
        "foo.localhost", "::2", "::ffff:10.0.0.1", "fe80::1", "127.0.0.1.nip.io",
    ])
    func notLoopback(host: String) {
        #expect(!EndpointTransportSecurity.isLoopback(host: host))
    }

    @Test("https anywhere and http to loopback are secure; http elsewhere is not", arguments: [
        ("https://sts.us-east-1.amazonaws.com", false), ("https://10.0.0.5:8443", false), ("HTTPS://Example.com", false),
        ("http://127.0.0.1:5000", false), ("http://localhost:8089/spot", false), ("http://[::1]:9000", false),
        ("http://10.0.0.5:5000", true), ("HTTP://example.com", true), ("http://user:pw@moto.internal:5000", true),
        ("http://127.0.0.1.nip.io", true), ("not a url", true),
    ])
    func insecure(url: String, expected: Bool) {
        #expect(EndpointTransportSecurity.isInsecure(url) == expected)
    }

    @Test("the overrides in effect are checked, each named by its variable or option")
    func overridesInEffect() throws {
        let environment = [
            "AWS_ENDPOINT_URL": "http://10.0.0.5:5000", "AWS_ENDPOINT_URL_STS": "http://sts.proxy.internal",
            "AWS_ENDPOINT_URL_S3": "https://s3.proxy.internal", "AWS_ENDPOINT_URL_IAM": "http://127.0.0.1:7000",
        ]
        let resolver = EndpointResolver(environment: environment)
        #expect(resolver.insecureOverrides == [
            InsecureEndpoint(origin: "AWS_ENDPOINT_URL_STS", url: "http://sts.proxy.internal"),
            InsecureEndpoint(origin: "AWS_ENDPOINT_URL", url: "http://10.0.0.5:5000"),
        ])
        let error = try #require(throws: InsecureEndpointError.self) { try resolver.checkTransportSecurity() }
        #expect(error.shortDescription == "InsecureEndpoint: AWS_ENDPOINT_URL_STS, AWS_ENDPOINT_URL")
        #expect(error.description.hasPrefix("AWS_ENDPOINT_URL_STS is http://sts.proxy.internal; AWS_ENDPOINT_URL is http://10.0.0.5:5000: plain http to a host that is not loopback"))
        #expect(try resolver.checkTransportSecurity(allowingInsecure: true).count == 2)

        // The command line's override beats the rest: only it is in effect.
        let overridden = EndpointResolver(environment: environment, commandLineOverride: "http://127.0.0.1:5000")
        #expect(overridden.insecureOverrides.isEmpty)
        #expect(try overridden.checkTransportSecurity().isEmpty)
        let remote = EndpointResolver(environment: [:], commandLineOverride: "http://admin:hunter2@10.1.2.3:5000/")
        #expect(remote.insecureOverrides == [InsecureEndpoint(origin: "--aws-endpoint-url", url: "http://10.1.2.3:5000/")])
        #expect(!(try #require(throws: InsecureEndpointError.self) { try remote.checkTransportSecurity() }).description.contains("hunter2"))
    }

    @Test("defaults and loopback overrides (the local cloud) pass")
    func secureOverridesPass() throws {
        #expect(try EndpointResolver().checkTransportSecurity().isEmpty)
        let local = EndpointResolver(environment: [
            "AWS_ENDPOINT_URL": "http://127.0.0.1:4566", "AWS_ENDPOINT_URL_CLOUDFORMATION": "http://localhost:5000",
        ])
        #expect(try local.checkTransportSecurity().isEmpty)
    }
}
