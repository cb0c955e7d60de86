import Foundation
import HTTPCore
import Synchronization

/// Credentials of an assumed role (`sts:AssumeRole`), cached and refreshed shortly before they
/// expire.
///
/// - The first call assumes the role; later calls get the cached credentials until the clock
///   reaches ``refreshMargin`` before their expiration. The role is never assumed per call.
/// - While an `AssumeRole` call is in flight, every other caller waits for it: concurrent
///   callers share one call (single flight), and nobody holds a thread meanwhile.
/// - A failed refresh fails everyone waiting on it; the next call tries again.
/// - Credentials that last less than twice the margin are refreshed at half their lifetime,
///   so a large margin cannot make every call assume the role again.
public final class AssumeRoleCredentialProvider: CredentialProvider {
    /// Refresh this long before expiry unless told otherwise: five minutes, as the SDKs do.
    public static let defaultRefreshMargin: TimeInterval = 5 * 60

    /// The role, session name, external id and duration asked for.
    public let request: AssumeRoleRequest
    /// Seconds before expiry at which cached credentials are replaced.
    public let refreshMargin: TimeInterval

    private let sts: STSClient
    private let source: any CredentialProvider
    private let clock: any ServiceClock
    private let state = Mutex(State())

    private typealias Waiter = CheckedContinuation<Result<AWSCredentials, AWSError>, Never>

    private struct State {
        /// The credentials handed out, and when to stop handing them out.
        var cached: (credentials: AWSCredentials, refreshAt: Date)?
        /// Every set of credentials fetched since the last ``retire()``, for it to forget.
        var issued: [AWSCredentials] = []
        /// The callers waiting for the `AssumeRole` call in flight; `nil` when none is.
        var waiters: [Waiter]?
    }

    private enum Step {
        case deliver(AWSCredentials)
        case wait
        case fetch
    }

    /// - Parameters:
    ///   - sts: the STS client (its endpoint decides where the role is assumed).
    ///   - source: the credentials that assume the role (static keys, or another assumed role).
    ///   - request: the role to assume.
    ///   - clock: decides when the cached credentials are due for refresh.
    ///   - refreshMargin: seconds before expiry at which to refresh.
    public init(
        sts: STSClient, source: any CredentialProvider, request: AssumeRoleRequest, clock: any ServiceClock = SystemClock(),
        refreshMargin: TimeInterval = AssumeRoleCredentialProvider.defaultRefreshMargin
    ) {
        self.sts = sts
        self.source = source
        self.request = request
        self.clock = clock
        self.refreshMargin = refreshMargin
    }

    /// The cached credentials, or those of the one `AssumeRole` call that refreshes them
    /// (started if none is in flight). The call runs in a task of its own, so one waiter's
    /// cancellation does not fail the others.
    public func credentials() async throws(AWSError) -> AWSCredentials {
        let result = await withCheckedContinuation { (waiter: Waiter) in
            let now = clock.now()
            let step = state.withLock { state -> Step in
                if let cached = state.cached, now < cached.refreshAt {
                    return .deliver(cached.credentials)
                }
                if state.waiters != nil {
                    state.waiters?.append(waiter)
                    return .wait
                }
                state.waiters = [waiter]
                return .fetch
            }
            switch step {
            case .deliver(let credentials): waiter.resume(returning: .success(credentials))
            case .wait: break
            case .fetch: Task { await refresh() }
            }
        }
        return try result.get()
    }

    /// Forgets the sessions this provider assumed: their secret keys and session tokens leave
    /// ``SecretRegistry/shared`` (at once, not an hour after they expire) and the cache is
    /// emptied, so a later call assumes the role again. The source's credentials stay.
    public func retire() {
        let issued = state.withLock { state in
            defer {
                state.issued = []
                state.cached = nil
            }
            return state.issued
        }
        for credentials in issued { SecretRegistry.shared.forget(credentials) }
    }

    /// How many callers wait for the `AssumeRole` call in flight (for tests).
    var waitingCount: Int { state.withLock { $0.waiters?.count ?? 0 } }

    /// Assumes the role once and hands the outcome to every waiter.
    private func refresh() async {
        let fetched = await assumeRole()
        // A refusal may echo the request: it reaches no waiter with a known secret in it.
        let result = fetched.mapError { $0.scrubbingKnownSecrets() }
        let fetchedAt = clock.now()
        let waiters = state.withLock { state -> [Waiter] in
            if case .success(let credentials) = result {
                state.cached = (credentials, refreshTime(for: credentials, fetchedAt: fetchedAt))
                state.issued.append(credentials)
            }
            let waiters = state.waiters ?? []
            state.waiters = nil
            return waiters
        }
        for waiter in waiters { waiter.resume(returning: result) }
    }

    private func assumeRole() async -> Result<AWSCredentials, AWSError> {
        do {
            return .success(try await sts.assumeRole(request, credentials: source))
        } catch {
            return .failure(error)
        }
    }

    /// When credentials fetched at `fetchedAt` are due for refresh: `refreshMargin` before they
    /// expire, but no earlier than half their lifetime. Credentials without an expiration are
    /// taken to last the requested duration (an hour by default).
    private func refreshTime(for credentials: AWSCredentials, fetchedAt: Date) -> Date {
        let expiration =
            credentials.expiration ?? fetchedAt.addingTimeInterval(TimeInterval(request.durationSeconds ?? 3600))
        let lifetime = max(0, expiration.timeIntervalSince(fetchedAt))
        return expiration.addingTimeInterval(-min(refreshMargin, lifetime / 2))
    }
}
