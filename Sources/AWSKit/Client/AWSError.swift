/// A failed AWS call: the service's error, or a transport or credential failure.
///
/// `description` is for people (it holds the service's message); ``shortDescription`` is
/// label-safe: service, operation and code only, fit for metrics and summaries.
public struct AWSError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The AWS error code (`ThrottlingException`, `NoSuchBucket`, …), or one of this client's
    /// own: `RequestTimeout`, `ConnectionFailed`, `CredentialsUnavailable`, `InvalidResponse`.
    public var code: String
    /// The service's message.
    public var message: String
    /// The HTTP status, when a response came back.
    public var httpStatus: Int?
    /// The request id AWS gave (`x-amzn-RequestId`, `x-amz-request-id`, or in the body).
    public var requestID: String?
    /// The service called.
    public var service: String
    /// The operation called.
    public var operation: String
    /// Whether trying again may succeed (throttling, 5xx, timeouts, dropped connections).
    public var isRetryable: Bool
    /// How many attempts were made.
    public var attempts: Int

    public init(
        code: String, message: String, httpStatus: Int? = nil, requestID: String? = nil, service: String,
        operation: String, isRetryable: Bool, attempts: Int = 1
    ) {
        self.code = code
        self.message = message
        self.httpStatus = httpStatus
        self.requestID = requestID
        self.service = service
        self.operation = operation
        self.isRetryable = isRetryable
        self.attempts = attempts
    }

    /// `service operation: code`, without the message.
    public var shortDescription: String { "\(service) \(operation): \(code)" }

    public var description: String {
        var text = "\(service) \(operation) failed: \(code)"
        if !message.isEmpty { text += ": \(message)" }
        if let httpStatus { text += " (HTTP \(httpStatus)" + (requestID.map { ", request \($0)" } ?? "") + ")" }
        if attempts > 1 { text += " after \(attempts) attempts" }
        return text
    }

    /// Codes the SDKs' standard retry mode treats as throttling.
    public static let throttlingCodes: Set<String> = [
        "Throttling", "ThrottlingException", "ThrottledException", "RequestThrottledException",
        "TooManyRequestsException", "ProvisionedThroughputExceededException", "TransactionInProgressException",
        "RequestLimitExceeded", "BandwidthLimitExceeded", "LimitExceededException", "RequestThrottled",
        "SlowDown", "PriorRequestNotComplete", "EC2ThrottledException",
    ]

    /// Codes that name a passing fault on AWS's side.
    public static let transientCodes: Set<String> = [
        "RequestTimeout", "RequestTimeoutException", "InternalError", "InternalFailure", "ServiceUnavailable",
        "ServiceUnavailableException",
    ]

    /// Whether a response with this status and code is worth another attempt.
    public static func isRetryable(code: String, status: Int?) -> Bool {
        if throttlingCodes.contains(code) || transientCodes.contains(code) { return true }
        if let status, [500, 502, 503, 504, 429].contains(status) { return true }
        return false
    }
}
