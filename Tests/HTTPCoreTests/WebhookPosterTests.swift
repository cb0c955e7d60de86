import Foundation
import HTTPCore
import Testing
import TestSupport

/// `onboard run --notify`'s post: which answers are retried, how often, and that the webhook's
/// URL (which holds its key) is only ever shown as scheme, host and port. A scripted transport
/// and a manual clock: nothing goes on a network, nothing sleeps.
@Suite("WebhookPoster")
struct WebhookPosterTests {
    static let secretURL = "https://hooks.example.com/services/T0000/B0000/k3y-s3cr3t?token=q-s3cr3t"

    private func poster(_ transport: ScriptedTransport, clock: ManualClock = ManualClock()) -> WebhookPoster {
        WebhookPoster(
            transport: transport, retrying: RetryingCaller(policy: WebhookPoster.defaultPolicy, clock: clock, randomUnit: { 0.5 }),
            attemptTimeout: 7)
    }

    private var webhook: WebhookURL {
        get throws { try #require(WebhookURL.parse(Self.secretURL).url) }
    }

    @Test("a 2xx answer: one POST of the body as JSON, with the attempt's timeout")
    func delivered() async throws {
        let transport = ScriptedTransport([.json(200, "ok")])
        let result = await poster(transport).post(Array(#"{"text":"hi"}"#.utf8), to: try webhook)
        #expect(try result.get() == 1)
        let request = try #require(transport.requests.first)
        #expect(transport.requests.count == 1)
        #expect(request.method == "POST")
        #expect(request.url == Self.secretURL)
        #expect(request.headers.contains { $0.name == "Content-Type" && $0.value.hasPrefix("application/json") })
        #expect(String(decoding: request.body, as: UTF8.self) == #"{"text":"hi"}"#)
        #expect(transport.timeouts == [7])
    }

    @Test("429 (with Retry-After), 5xx and dropped connections are retried with backoff until one succeeds")
    func retried() async throws {
        let clock = ManualClock()
        let transport = ScriptedTransport([
            .json(429, "slow down", headers: [(name: "Retry-After", value: "3")]), .json(503, "busy"), .drop, .json(204, ""),
        ])
        let result = await poster(transport, clock: clock).post([], to: try webhook)
        #expect(try result.get() == 4)
        #expect(transport.requests.count == 4)
        // Retry-After first (3 s), then full jitter at 0.5 of 2 s and 4 s.
        #expect(clock.delays == [3, 1, 2])
    }

    @Test("a 4xx other than 429 and a 3xx are final: one attempt", arguments: [400, 403, 404, 301])
    func finalStatus(_ status: Int) async throws {
        let transport = ScriptedTransport([.json(status, "no")])
        let result = await poster(transport).post([], to: try webhook)
        guard case .failure(let error) = result else {
            Issue.record("a \(status) was taken for a delivery")
            return
        }
        #expect(transport.requests.count == 1)
        #expect(error.status == status && error.attempts == 1)
    }

    @Test("a webhook that keeps failing: 4 attempts, then an error that shows neither path nor query")
    func givesUp() async throws {
        let transport = ScriptedTransport(otherwise: .json(500, "down"))
        let result = await poster(transport).post([], to: try webhook)
        guard case .failure(let error) = result else {
            Issue.record("a failing webhook was taken for a delivery")
            return
        }
        #expect(transport.requests.count == 4)
        #expect(error.attempts == 4 && error.status == 500)
        #expect(error.description == "https://hooks.example.com/…: HTTP 500 after 4 attempts")
        for text in [error.description, error.shortDescription, "\(try webhook)", try webhook.displayed] {
            #expect(!text.contains("s3cr3t") && !text.contains("services"), "\(text)")
        }
    }

    @Test("timeouts are retried; the error names the kind of failure")
    func timeouts() async throws {
        let transport = ScriptedTransport(otherwise: .timeout)
        let result = await poster(transport).post([], to: try webhook)
        guard case .failure(let error) = result else {
            Issue.record("timeouts were taken for a delivery")
            return
        }
        #expect(transport.requests.count == 4)
        #expect(error.transport == .timeout && error.kind == .transport)
        #expect(error.description.contains("no answer (timeout)"))
    }

    @Test("only absolute http(s) URLs with a host, without user or password, are webhooks")
    func parsing() {
        for bad in ["", "hooks.example.com/x", "ftp://example.com/x", "https:///path", "https://user:pw@example.com/x", "file:///etc/passwd"] {
            let parsed = WebhookURL.parse(bad)
            #expect(parsed.url == nil, "\(bad)")
            if let problem = parsed.problem { #expect(!problem.contains("pw") && !problem.contains("passwd")) }
        }
        #expect(WebhookURL.parse("http://127.0.0.1:8080/a/b?c=d").url?.displayed == "http://127.0.0.1:8080/…")
        #expect(WebhookURL.parse("http://[::1]:9/k").url?.displayed == "http://[::1]:9/…")
        #expect(WebhookURL.parse("http://127.0.0.1:8080/k").url?.isInsecure == false)
        #expect(WebhookURL.parse("http://hooks.example.com/k").url?.isInsecure == true)
        #expect(WebhookURL.parse("https://hooks.example.com/k").url?.isInsecure == false)
    }
}
