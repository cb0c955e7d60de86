import Foundation
import HTTPCore
import TestSupport
import Testing

@testable import AWSKit

@Suite("Credential caching of assumed roles: refresh margin, single flight, chains")
struct CredentialAssumeRoleTests {
    private let operatorKeys = StaticCredentialProvider(
        AWSCredentials(accessKeyID: "AKIDOPERATOREXAMPLE", secretAccessKey: "fakeSecretOPERATOR"))

    private func provider(
        _ stub: StubSTS, durationSeconds: Int? = nil, refreshMargin: Double = AssumeRoleCredentialProvider.defaultRefreshMargin
    ) -> AssumeRoleCredentialProvider {
        AssumeRoleCredentialProvider(
            sts: stub.sts, source: operatorKeys,
            request: AssumeRoleRequest(
                roleARN: "arn:aws:iam::111122223333:role/Payer", sessionName: "test", externalID: "ext-1",
                durationSeconds: durationSeconds),
            clock: stub.clock, refreshMargin: refreshMargin)
    }

    @Test("retire forgets every session the provider assumed, not its source's keys, and a later call assumes again")
    func retireForgetsTheSessions() async throws {
        let stub = StubSTS()
        // A role no other test assumes: the secrets it is issued are this test's alone.
        let payer = AssumeRoleCredentialProvider(
            sts: stub.sts, source: operatorKeys,
            request: AssumeRoleRequest(roleARN: "arn:aws:iam::111122223333:role/RetiredPayer", sessionName: "test"),
            clock: stub.clock)
        let first = try await payer.credentials()
        stub.clock.advance(by: 3600 - 60)  // due for refresh: a second session
        let second = try await payer.credentials()
        #expect(first.accessKeyID != second.accessKeyID)
        let secrets = [first, second].flatMap { [$0.secretAccessKey, $0.sessionToken ?? ""] }
        for secret in secrets { #expect(SecretRegistry.shared.contains(secret), "registered when issued") }

        payer.retire()
        for secret in secrets { #expect(!SecretRegistry.shared.contains(secret), "forgotten at once") }
        #expect(SecretRegistry.shared.contains("fakeSecretOPERATOR"), "the source's keys stay")

        let third = try await payer.credentials()
        #expect(stub.transport.callCount == 3, "nothing cached after retire")
        #expect(SecretRegistry.shared.contains(third.secretAccessKey))
        payer.retire()
        payer.retire()  // twice is harmless
        #expect(!SecretRegistry.shared.contains(third.secretAccessKey))
    }

    @Test func cachesUntilTheRefreshMargin() async throws {
        let stub = StubSTS()
        let payer = provider(stub)
        let first = try await payer.credentials()
        #expect(first.accessKeyID == "ASIAPAYER1EXAMPLE")
        for _ in 0..<5 { #expect(try await payer.credentials() == first) }
        #expect(stub.transport.callCount == 1)

        stub.clock.advance(by: 3600 - 301)  // 5 min 1 s before expiry: still cached
        #expect(try await payer.credentials() == first)
        #expect(stub.transport.callCount == 1)

        stub.clock.advance(by: 2)  // 4 min 59 s before expiry: refreshed
        let second = try await payer.credentials()
        #expect(second.accessKeyID == "ASIAPAYER2EXAMPLE")
        #expect(try await payer.credentials() == second)
        #expect(stub.transport.callCount == 2)
    }

    @Test func customMarginAndShortLivedCredentials() async throws {
        let stub = StubSTS()
        let payer = provider(stub, durationSeconds: 900, refreshMargin: 60)
        _ = try await payer.credentials()
        stub.clock.advance(by: 839)
        _ = try await payer.credentials()
        #expect(stub.transport.callCount == 1)
        stub.clock.advance(by: 1)
        _ = try await payer.credentials()
        #expect(stub.transport.callCount == 2)

        // A margin longer than the credentials' life: refreshed at half-life, not on every call.
        let greedy = StubSTS()
        let wide = provider(greedy, durationSeconds: 900, refreshMargin: 3600)
        for _ in 0..<3 { _ = try await wide.credentials() }
        #expect(greedy.transport.callCount == 1)
        greedy.clock.advance(by: 449)
        _ = try await wide.credentials()
        #expect(greedy.transport.callCount == 1)
        greedy.clock.advance(by: 1)
        _ = try await wide.credentials()
        #expect(greedy.transport.callCount == 2)
    }

    @Test func concurrentCallersShareOneAssumeRole() async throws {
        let stub = StubSTS()
        stub.transport.hold()
        let payer = provider(stub)
        let results = CollectedResults()
        let callers = (0..<25).map { _ in Task { results.append(await payer.credentialsResult()) } }
        await stub.transport.waitUntilHeld()
        while payer.waitingCount < 25 { await Task.yield() }
        #expect(stub.transport.callCount == 1)
        #expect(stub.transport.heldCount == 1)
        #expect(results.all.isEmpty)
        stub.transport.release()
        for caller in callers { await caller.value }
        let delivered = results.all
        #expect(delivered.count == 25)
        let keyIDs = Set(delivered.compactMap { try? $0.get().accessKeyID })
        #expect(keyIDs == ["ASIAPAYER1EXAMPLE"])
        #expect(stub.transport.callCount == 1)
    }

    @Test func concurrentTasksShareOneAssumeRole() async throws {
        let stub = StubSTS(answerDelay: 0.05)
        let payer = provider(stub)
        let keyIDs = try await withThrowingTaskGroup(of: String.self) { group in
            for _ in 0..<64 { group.addTask { try await payer.credentials().accessKeyID } }
            return try await group.reduce(into: Set<String>()) { $0.insert($1) }
        }
        #expect(keyIDs == ["ASIAPAYER1EXAMPLE"])
        #expect(stub.transport.callCount == 1)
    }

    @Test func failedRefreshFailsTheWaitersAndTheNextCallRetries() async throws {
        let stub = StubSTS()
        stub.transport.failNext(1)
        stub.transport.hold()
        let payer = provider(stub)
        let results = CollectedResults()
        let callers = (0..<3).map { _ in Task { results.append(await payer.credentialsResult()) } }
        await stub.transport.waitUntilHeld()
        while payer.waitingCount < 3 { await Task.yield() }
        stub.transport.release()
        for caller in callers { await caller.value }
        let failures = results.all.compactMap { result -> AWSError? in
            if case .failure(let error) = result { return error }
            return nil
        }
        #expect(failures.count == 3)
        #expect(failures.allSatisfy { $0.code == "AccessDenied" && $0.operation == "AssumeRole" })
        #expect(stub.transport.callCount == 1)

        #expect(try await payer.credentials().accessKeyID == "ASIAPAYER2EXAMPLE")
        _ = try await payer.credentials()
        #expect(stub.transport.callCount == 2)
    }

    @Test func failedRefreshAfterExpiryDoesNotHandOutOldCredentials() async throws {
        let stub = StubSTS()
        let payer = provider(stub)
        _ = try await payer.credentials()
        stub.clock.advance(by: 3600)
        stub.transport.failNext(1)
        await #expect(throws: AWSError.self) { try await payer.credentials() }
        #expect(try await payer.credentials().accessKeyID == "ASIAPAYER3EXAMPLE")
    }

    @Test func chainedProfilesAssumeInOrderWithTheirExternalIDs() async throws {
        let folder = try TemporaryAWSFolder()
        defer { folder.remove() }
        try folder.writeConfig(
            """
            [profile payer]
            role_arn = arn:aws:iam::333333333333:role/Payer
            source_profile = hub
            external_id = ext-payer
            duration_seconds = 900
            [profile hub]
            role_arn = arn:aws:iam::222222222222:role/Hub
            source_profile = operator
            external_id = ext-hub
            """)
        try folder.writeCredentials(
            "[operator]\naws_access_key_id = AKIDOPERATOREXAMPLE\naws_secret_access_key = fakeSecretOPERATOR\n")
        let stub = StubSTS()
        let provider = try CredentialResolver.resolve(
            environment: folder.environment(), profile: "payer", endpoints: EndpointResolver(), client: stub.client,
            clock: stub.clock)

        let credentials = try await provider.credentials()
        #expect(credentials.accessKeyID == "ASIAPAYER2EXAMPLE")
        let calls = stub.transport.calls
        #expect(calls.map(\.roleARN) == ["arn:aws:iam::222222222222:role/Hub", "arn:aws:iam::333333333333:role/Payer"])
        #expect(calls.map(\.externalID) == ["ext-hub", "ext-payer"])
        #expect(calls.map(\.signedWithKeyID) == ["AKIDOPERATOREXAMPLE", "ASIAHUB1EXAMPLE"])
        #expect(calls.map(\.durationSeconds) == [nil, 900])

        // Both levels cache.
        _ = try await provider.credentials()
        #expect(stub.transport.callCount == 2)

        // The payer's 15-minute session is due before the hub's hour: only the payer is renewed,
        // signed with the cached hub credentials.
        stub.clock.advance(by: 700)
        #expect(try await provider.credentials().accessKeyID == "ASIAPAYER3EXAMPLE")
        #expect(stub.transport.callCount == 3)
        #expect(stub.transport.calls.last?.signedWithKeyID == "ASIAHUB1EXAMPLE")
    }
}
