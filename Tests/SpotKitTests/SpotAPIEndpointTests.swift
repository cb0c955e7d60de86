import TestSupport
import SpotKit
import Testing

/// The base URL: default, environment, explicit.
@Suite("SpotAPIEndpoint")
struct SpotAPIEndpointTests {
    @Test("the default is the public API")
    func defaultURL() throws {
        #expect(try SpotAPIEndpoint.resolve(environment: [:]).url == "https://api.spotinst.io")
        #expect(SpotAPIEndpoint.default.url == "https://api.spotinst.io")
        #expect(SpotClient.Configuration().baseURL == .default)
    }

    @Test("SPOTINST_API_URL overrides the default; an explicit URL overrides both")
    func overrides() throws {
        let environment = ["SPOTINST_API_URL": "http://127.0.0.1:8089/"]
        #expect(try SpotAPIEndpoint.resolve(environment: environment).url == "http://127.0.0.1:8089")
        #expect(
            try SpotAPIEndpoint.resolve(explicit: "https://spot.example.test", environment: environment).url
                == "https://spot.example.test")
        #expect(try SpotAPIEndpoint.resolve(explicit: "", environment: environment).url == "http://127.0.0.1:8089")
    }

    @Test("a URL that is not http(s) with a host is refused, naming it", arguments: ["ftp://x", "not a url", "http://", "https://h?x=1"])
    func invalid(_ url: String) throws {
        let error = try #require(throws: SpotError.self) { try SpotAPIEndpoint(url: url) }
        #expect(error.code == "InvalidEndpoint")
        #expect(error.kind == .configuration)
    }
}
