/// Turns a callback-style call into an async one, for commands and tests; the batch itself
/// stays on callbacks.
public enum AsyncBridge {
    /// Runs `start`, passing it a completion, and returns what the completion receives.
    public static func run<Value: Sendable>(
        _ start: (@escaping @Sendable (Result<Value, AWSError>) -> Void) -> Void
    ) async throws(AWSError) -> Value {
        let result: Result<Value, AWSError> = await withCheckedContinuation { continuation in
            start { continuation.resume(returning: $0) }
        }
        return try result.get()
    }
}
