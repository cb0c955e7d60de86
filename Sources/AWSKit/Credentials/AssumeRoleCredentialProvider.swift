import Foundation
import Synchronization

/// Credentials of an assumed role (`sts:AssumeRole`), cached and refreshed shortly before they
/// expire.
///
/// - The first call assumes the role; later calls get the cached credentials until the clock
///   reaches ``refreshMargin`` before their expiration. The role is never assumed per call.
/// - While an `AssumeRole` call is in flight, every other caller waits for it: concurrent
///   callers share one call (single flight), and nobody blocks a thread meanwhile.
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
    private let clock: any AWSClock
    private let state = Mutex(State())

    private typealias Completion = @Sendable (Result<AWSCredentials, AWSError>) -> Void

    private struct State {
        /// The credentials handed out, and when to stop handing them out.
        var cached: (credentials: AWSCredentials, refreshAt: Date)?
        /// The callers waiting for the `AssumeRole` call in flight; `nil` when none is.
        var waiters: [Completion]?
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
        sts: STSClient, source: any CredentialProvider, request: AssumeRoleRequest, clock: any AWSClock = SystemClock(),
        refreshMargin: TimeInterval = AssumeRoleCredentialProvider.defaultRefreshMargin
    ) {
        self.sts = sts
        self.source = source
        self.request = request
        self.clock = clock
        self.refreshMargin = refreshMargin
    }

    /// Delivers the cached credentials, or waits for (and if need be starts) the one
    /// `AssumeRole` call that refreshes them.
    public func credentials(completion: @escaping @Sendable (Result<AWSCredentials, AWSError>) -> Void) {
        let now = clock.now()
        let step = state.withLock { state -> Step in
            if let cached = state.cached, now < cached.refreshAt {
                return .deliver(cached.credentials)
            }
            if state.waiters != nil {
                state.waiters?.append(completion)
                return .wait
            }
            state.waiters = [completion]
            return .fetch
        }
        switch step {
        case .deliver(let credentials): completion(.success(credentials))
        case .wait: break
        case .fetch: refresh()
        }
    }

    /// Assumes the role once and hands the outcome to every waiter.
    private func refresh() {
        sts.assumeRole(request, credentials: source) { [self] fetched in
            // A refusal may echo the request: it reaches no waiter with a known secret in it.
            let result = fetched.mapError { $0.scrubbingKnownSecrets() }
            let fetchedAt = clock.now()
            let waiters = state.withLock { state -> [Completion] in
                if case .success(let credentials) = result {
                    state.cached = (credentials, refreshTime(for: credentials, fetchedAt: fetchedAt))
                }
                let waiters = state.waiters ?? []
                state.waiters = nil
                return waiters
            }
            for waiter in waiters { waiter(result) }
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
