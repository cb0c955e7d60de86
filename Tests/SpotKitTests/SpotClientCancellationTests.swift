import Foundation
import HTTPCore
import SpotKit
import Testing
import TestSupport

/// A cancelled task stops its Spot call: a held request is cancelled, a backoff ends at once,
/// and no further attempt is made. The manual clock never moves; nothing is timed.
@Suite("SpotClient cancellation")
struct SpotClientCancellationTests {
    /// The error listing accounts ends with; nil when it succeeds.
    static func listingError(_ client: SpotClient) async -> SpotError? {
        do {
            _ = try await client.accounts()
            return nil
        } catch {
            return error
        }
    }

    @Test func aBackoffEndsAtOnceWhenTheTaskIsCancelled() async throws {
        let transport = ScriptedTransport([], otherwise: SpotClientRetryTests.throttled)
        let clock = ManualClock(holdingSleepers: true)
        let start = clock.now()
        let client = try SpotFixtures.client(transport, clock: clock)
        let call = Task { await Self.listingError(client) }
        await clock.waitForSleepers(1)
        call.cancel()
        let error = try #require(await call.value)
        #expect(error.code == "RequestCancelled")
        #expect(error.message.contains("TOO_MANY_REQUESTS"))
        #expect(error.attempts == 1)
        #expect(!error.isRetryable)
        #expect(transport.requests.count == 1)
        #expect(clock.now() == start)
    }

    @Test func aHeldRequestIsCancelledWithItsTask() async throws {
        let routing = RoutingTransport()
        let held = HeldTransport(routing, holding: ["spot.ListAccounts"])
        let client = try SpotFixtures.client(held, clock: ManualClock(holdingSleepers: true))
        let call = Task { await Self.listingError(client) }
        await held.waitUntilHeld()
        call.cancel()
        let error = try #require(await call.value)
        #expect(error.code == "RequestCancelled")
        #expect(held.cancelledCount == 1)
        #expect(routing.requests.isEmpty)
    }
}
