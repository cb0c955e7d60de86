import Foundation
import Synchronization

/// The secrets this process has in use, for scrubbing any text before it is shown or stored:
/// defense in depth behind each client's own scrubbing of the credentials it signs with.
///
/// Registered as they are read or fetched: AWS keys from the environment, the shared files or
/// given outright (AWSKit's `StaticCredentialProvider`), assumed-role credentials when STS returns
/// them, and Spot tokens when they are read. ``scrub(_:)`` removes each, and any piece of one of
/// 12 bytes or more, raw or escaped (see ``SecretScrubber``).
///
/// Temporary credentials are forgotten ``retention`` after they expire (an hour), so a batch
/// that assumes a role in each of thousands of accounts does not grow it without bound.
/// Secrets shorter than ``SecretScrubber/minimumSecretLength`` are not kept.
public final class SecretRegistry: Sendable {
    /// The process's registry, which the clients register with and reports are scrubbed by.
    public static let shared = SecretRegistry()

    /// How long a secret is kept after it expires: a request signed just before the expiry may
    /// fail, retries included, well after it.
    public static let retention: TimeInterval = 3600
    /// How often expired secrets are looked for, at most.
    static let pruneInterval: TimeInterval = 60

    private struct State {
        var scrubber = SecretScrubber()
        /// When each secret that expires is forgotten; secrets without an expiry are kept.
        var forgetAt: [String: Date] = [:]
        var nextPrune = Date.distantPast
    }

    private let state = Mutex(State())

    /// An empty registry (tests use their own; the process shares ``shared``).
    public init() {}

    /// Keeps `secret` until `expiration` plus ``retention`` (for good when `expiration` is nil).
    /// Registering a known secret again only extends how long it is kept.
    public func register(_ secret: String, expiration: Date? = nil, now: Date = Date()) {
        guard secret.utf8.count >= SecretScrubber.minimumSecretLength else { return }
        state.withLock { state in
            let known = state.scrubber.contains(secret)
            if let expiration {
                let forget = expiration.addingTimeInterval(Self.retention)
                if !known {
                    state.forgetAt[secret] = forget
                } else if let current = state.forgetAt[secret], current < forget {
                    state.forgetAt[secret] = forget
                }
            } else {
                state.forgetAt[secret] = nil
            }
            if !known { state.scrubber.insert(secret) }
            Self.prune(&state, now: now)
        }
    }

    /// Forgets `secret` now: texts scrubbed later keep it. For a temporary secret whose user is
    /// done with it (an account's assumed-role session once its workflow ended), so a long
    /// batch keeps only the secrets of the accounts in flight.
    /// A secret registered without an expiry (long-lived keys, a Spot token) is never
    /// forgotten: others may share it.
    public func forget(_ secret: String) {
        state.withLock { state in
            guard state.forgetAt[secret] != nil else { return }
            state.scrubber.remove(secret)
            state.forgetAt[secret] = nil
        }
    }

    /// `text` without any registered secret or piece of one (see ``SecretScrubber/scrub(_:)``).
    public func scrub(_ text: String) -> String {
        state.withLock { $0.scrubber.scrub(text) }
    }

    /// `text` scrubbed, or nil for nil.
    public func scrub(_ text: String?) -> String? {
        text.map { scrub($0) }
    }

    /// How many secrets are registered.
    public var count: Int { state.withLock { $0.scrubber.count } }

    /// Whether `secret` is registered.
    public func contains(_ secret: String) -> Bool { state.withLock { $0.scrubber.contains(secret) } }

    /// Forgets, at most once per ``pruneInterval``, the secrets whose time is up.
    private static func prune(_ state: inout State, now: Date) {
        guard now >= state.nextPrune else { return }
        state.nextPrune = now.addingTimeInterval(pruneInterval)
        let due = state.forgetAt.filter { $0.value <= now }.map(\.key)
        for secret in due {
            state.forgetAt[secret] = nil
            state.scrubber.remove(secret)
        }
    }
}
