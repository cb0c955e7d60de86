import AWSKit
import Foundation

extension SpotError {
    /// The error a failed (non-2xx) response of `operation` stands for: code, message and field
    /// from the envelope's first `response.errors` entry (all entries kept), the request id from
    /// `request.id`. A body that is not Spot's JSON still gives the status and a short excerpt.
    static func from(_ response: HTTPResponseData, operation: String, attempts: Int) -> SpotError {
        let envelope = try? JSONDecoder().decode(SpotEnvelope<SpotIgnoredItem>.self, from: Data(response.body))
        let details = envelope?.response?.errors ?? []
        let first = details.first
        let statusMessage = envelope?.response?.status?.message
        let code = first?.code.flatMap { $0.isEmpty ? nil : $0 } ?? fallbackCode(forStatus: response.status)
        var message = first?.message.flatMap { $0.isEmpty ? nil : $0 } ?? statusMessage ?? ""
        if message.isEmpty { message = excerpt(of: response) }
        if message.isEmpty { message = "HTTP \(response.status) without details" }
        let requestID = envelope?.request?.id ?? response.header("X-Request-Id")
        return SpotError(
            code: code, message: message, field: first?.field, httpStatus: response.status, requestID: requestID,
            operation: operation, kind: kind(forStatus: response.status), isRetryable: isRetryable(status: response.status),
            attempts: attempts, errors: details)
    }

    /// The first 200 characters of the body, on one line; empty when there is nothing to show.
    private static func excerpt(of response: HTTPResponseData) -> String {
        let text = String(decoding: response.body, as: UTF8.self)
        let oneLine = text.split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
        guard !oneLine.isEmpty, oneLine != "{}", oneLine != "null" else { return "" }
        let limit = 200
        return oneLine.count > limit ? String(oneLine.prefix(limit)) + "…" : oneLine
    }

    /// The error for a request that got no HTTP response.
    static func from(_ failure: TransportError, operation: String, attempts: Int) -> SpotError {
        let code =
            switch failure.kind {
            case .timeout: "RequestTimeout"
            case .connection: "ConnectionFailed"
            case .invalidRequest: "InvalidRequest"
            }
        return SpotError(
            code: code, message: failure.message, operation: operation,
            kind: failure.kind == .invalidRequest ? .invalidRequest : .transport,
            isRetryable: failure.kind != .invalidRequest, attempts: attempts)
    }

    /// The error for a success response that cannot be read.
    static func invalidResponse(
        _ reason: String, response: HTTPResponseData?, requestID: String? = nil, operation: String
    ) -> SpotError {
        SpotError(
            code: "InvalidResponse", message: "cannot read the \(operation) response: \(reason)",
            httpStatus: response?.status, requestID: requestID ?? response?.header("X-Request-Id"), operation: operation,
            kind: .invalidResponse, isRetryable: false)
    }
}
