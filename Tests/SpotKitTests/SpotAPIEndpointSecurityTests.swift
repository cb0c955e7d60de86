import AWSKit
import HTTPCore
import SpotKit
import Testing

/// The Spot API URL over plain http only to loopback: the bearer token travels in every request.
@Suite("SpotAPIEndpoint transport security")
struct SpotAPIEndpointSecurityTests {
    @Test("http to loopback and https anywhere are accepted", arguments: [
        "http://127.0.0.1:8089", "http://localhost:8089/spot", "http://[::1]:8089", "https://api.spotinst.io",
        "https://spot-proxy.internal:8443",
    ])
    func accepted(url: String) throws {
        #expect(try SpotAPIEndpoint.resolve(explicit: url, environment: [:]).url == url)
        #expect(try SpotAPIEndpoint.resolve(environment: ["SPOTINST_API_URL": url]).url == url)
        #expect(SpotAPIEndpoint.insecureOverride(explicit: url, environment: [:]) == nil)
    }

    @Test("http to any other host is refused, naming the option or variable and the URL")
    func refused() throws {
        let explicit = try #require(throws: SpotError.self) {
            try SpotAPIEndpoint.resolve(explicit: "http://spot-proxy.internal:8080", environment: [:])
        }
        #expect(explicit.code == "InsecureEndpoint")
        #expect(explicit.kind == .configuration)
        #expect(explicit.message.hasPrefix("--spot-api-url is http://spot-proxy.internal:8080: plain http to a host that is not loopback"))
        let fromEnvironment = try #require(throws: SpotError.self) {
            try SpotAPIEndpoint.resolve(environment: ["SPOTINST_API_URL": "http://10.0.0.7/"])
        }
        #expect(fromEnvironment.message.hasPrefix("SPOTINST_API_URL is http://10.0.0.7: plain http"))
        #expect(
            SpotAPIEndpoint.insecureOverride(environment: ["SPOTINST_API_URL": "http://10.0.0.7"])
                == InsecureEndpoint(origin: "SPOTINST_API_URL", url: "http://10.0.0.7"))
    }

    @Test("allowsInsecureHTTP lets it through")
    func allowed() throws {
        let endpoint = try SpotAPIEndpoint.resolve(explicit: "http://10.0.0.7:8080", environment: [:], allowsInsecureHTTP: true)
        #expect(endpoint.url == "http://10.0.0.7:8080")
        #expect(
            SpotAPIEndpoint.insecureOverride(explicit: "http://10.0.0.7:8080", environment: [:])
                == InsecureEndpoint(origin: "--spot-api-url", url: "http://10.0.0.7:8080"))
    }
}
