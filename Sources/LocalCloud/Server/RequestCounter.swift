import Synchronization

/// How many requests the sandbox was sent, per service, operation and HTTP method: a neutral
/// observation for tests (such as "a check sent no request that changes anything"), enforcing
/// nothing. Shown by `GET /sandbox/state` as `requestCounts`.
final class RequestCounter: Sendable {
    private struct Key: Hashable {
        var service: String
        var operation: String
        var method: String
    }

    private let counts = Mutex<[Key: Int]>([:])

    /// Counts one request.
    func count(service: String, operation: String, method: String) {
        counts.withLock { $0[Key(service: service, operation: operation, method: method), default: 0] += 1 }
    }

    /// The counts, sorted, as `{service, operation, method, count}` objects.
    func snapshot() -> [[String: Any]] {
        counts.withLock { $0 }.sorted { ($0.key.service, $0.key.operation, $0.key.method) < ($1.key.service, $1.key.operation, $1.key.method) }
            .map { ["service": $0.key.service, "operation": $0.key.operation, "method": $0.key.method, "count": $0.value] }
    }
}
