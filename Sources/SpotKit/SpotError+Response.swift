import Foundation
import HTTPCore

extension SpotError {
    /// The error a failed (non-2xx) response of `operation` stands for: code, message and field
    /// from the envelope's first `response.errors` entry (all entries kept), the request id from
    /// `request.id`. A body that is not Spot's JSON gives the status, its media type and length, never its text.
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

    /// What a body that is not Spot's envelope was: its media type and length, never its text.
    /// A proxy's or gateway's page may echo the request's headers, `Authorization` included, and
    /// any cut of it could keep a piece of the token (a cut before redaction once kept 26 of 27
    /// characters): so nothing of it is kept. Empty when the body is empty.
    private static func excerpt(of response: HTTPResponseData) -> String {
        let text = String(decoding: response.body, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        guard !text.isEmpty, text != "{}", text != "null" else { return "" }
        let type = response.header("Content-Type").map { " (\($0.split(separator: ";").first.map(String.init) ?? $0))" } ?? ""
        return "HTTP \(response.status) with a body of \(response.body.count) bytes\(type) that is not Spot's JSON; not shown, since it may echo the request's headers"
    }

    /// The error for a request that got no HTTP response.
    static func from(_ failure: TransportError, operation: String, attempts: Int) -> SpotError {
        let code =
            switch failure.kind {
            case .timeout: "RequestTimeout"
            case .connection: "ConnectionFailed"
            case .invalidRequest: "InvalidRequest"
            case .cancelled: "RequestCancelled"
            }
        return SpotError(
            code: code, message: failure.message, operation: operation,
            kind: failure.kind == .invalidRequest ? .invalidRequest : .transport,
            isRetryable: failure.kind == .timeout || failure.kind == .connection, attempts: attempts)
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
