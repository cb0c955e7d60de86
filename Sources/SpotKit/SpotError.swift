import Foundation
import HTTPCore

/// A failed Spot call, or a failure to set one up (credentials, endpoint).
///
/// `description` is for people (it holds Spot's message); ``shortDescription`` is label-safe:
/// operation and code only, fit for metrics and summaries. Neither ever holds the token: the
/// client removes it from anything a response echoes back.
public struct SpotError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What kind of failure this is, which decides what a caller can do about it.
    public enum Kind: String, Sendable, Hashable, Codable {
        /// HTTP 401: the token is invalid or expired.
        case unauthorized
        /// HTTP 403: the token is valid but lacks the permission (creating accounts needs an
        /// organization admin token).
        case forbidden
        /// HTTP 404: the account or resource does not exist.
        case notFound = "not-found"
        /// HTTP 400, 422 and the other 4xx: the request itself was refused; retrying will not help.
        case invalidRequest = "invalid-request"
        /// HTTP 429: too many requests.
        case throttled
        /// HTTP 5xx: a fault on Spot's side.
        case server
        /// No HTTP response: a timeout or a failed or dropped connection.
        case transport
        /// A success response that could not be read.
        case invalidResponse = "invalid-response"
        /// No usable token or endpoint: resolving credentials or configuration failed.
        case configuration
    }

    /// Spot's code (`response.errors[0].code`), or one of this client's own: `Unauthorized`,
    /// `Forbidden`, `NotFound`, `BadRequest`, `TooManyRequests`, `ServerError`, `RequestTimeout`,
    /// `ConnectionFailed`, `InvalidRequest`, `InvalidResponse`, `CredentialsUnavailable`,
    /// `InvalidEndpoint`.
    public var code: String
    /// What went wrong, for people (`response.errors[0].message`, else the status message).
    public var message: String
    /// The request field the first error is about, when Spot names one.
    public var field: String?
    /// The HTTP status, when a response came back.
    public var httpStatus: Int?
    /// Spot's request id (`request.id` of the envelope), for support tickets.
    public var requestID: String?
    /// The operation called (`CreateAccount`, `ListCloudBillingAccounts`, …).
    public var operation: String
    /// What kind of failure this is.
    public var kind: Kind
    /// Whether trying again may succeed (throttling, 5xx, timeouts, dropped connections).
    public var isRetryable: Bool
    /// How many attempts were made.
    public var attempts: Int
    /// Every entry of `response.errors`, in order.
    public var errors: [SpotAPIErrorDetail]

    /// - Parameters: see the properties.
    public init(
        code: String, message: String, field: String? = nil, httpStatus: Int? = nil, requestID: String? = nil,
        operation: String, kind: Kind, isRetryable: Bool, attempts: Int = 1, errors: [SpotAPIErrorDetail] = []
    ) {
        self.code = code
        self.message = message
        self.field = field
        self.httpStatus = httpStatus
        self.requestID = requestID
        self.operation = operation
        self.kind = kind
        self.isRetryable = isRetryable
        self.attempts = attempts
        self.errors = errors
    }

    /// `spot <operation>: <code>`, without the message: safe for labels and metrics.
    public var shortDescription: String { "spot \(operation): \(code)" }

    /// What a person can do about an error of this kind, when there is something to say.
    public var hint: String? {
        switch kind {
        case .unauthorized: "the Spot token is invalid or expired: create a new one in the Spot console"
        case .forbidden:
            "the Spot token lacks the permission for \(operation) (creating and listing accounts needs an organization admin token)"
        case .throttled: "Spot is throttling requests: lower the concurrency or try again later"
        default: nil
        }
    }

    /// `spot CreateAccount failed: CODE: message (field f) (HTTP 400, request r) after 3 attempts; hint`.
    public var description: String {
        var text = "spot \(operation) failed: \(code)"
        if !message.isEmpty, message != code { text += ": \(message)" }
        if let field, !field.isEmpty { text += " (field \(field))" }
        if let httpStatus { text += " (HTTP \(httpStatus)" + (requestID.map { ", request \($0)" } ?? "") + ")" }
        if errors.count > 1 {
            text += "; also: " + errors.dropFirst().map(\.description).joined(separator: "; ")
        }
        if attempts > 1 { text += " after \(attempts) attempts" }
        if let hint { text += " — \(hint)" }
        return text
    }

    /// The kind for an HTTP status that is not a success.
    public static func kind(forStatus status: Int) -> Kind {
        switch status {
        case 401: .unauthorized
        case 403: .forbidden
        case 404: .notFound
        case 429: .throttled
        case 500...599: .server
        default: .invalidRequest
        }
    }

    /// Whether a response with this status is worth another attempt: 429 and 5xx, except 501
    /// (not implemented) and 505 (HTTP version), which no retry changes.
    public static func isRetryable(status: Int) -> Bool {
        status == 429 || ((500...599).contains(status) && status != 501 && status != 505)
    }

    /// This client's code for a failed status when Spot gives none.
    static func fallbackCode(forStatus status: Int) -> String {
        switch status {
        case 400: "BadRequest"
        case 401: "Unauthorized"
        case 403: "Forbidden"
        case 404: "NotFound"
        case 409: "Conflict"
        case 422: "UnprocessableEntity"
        case 429: "TooManyRequests"
        case 503: "ServiceUnavailable"
        case 500...599: "ServerError"
        default: "HTTP\(status)"
        }
    }

    /// A configuration failure (credentials, endpoint) of `operation`.
    static func configuration(_ message: String, code: String = "CredentialsUnavailable", operation: String) -> SpotError {
        SpotError(code: code, message: message, operation: operation, kind: .configuration, isRetryable: false)
    }

    /// This error with `secret` replaced by `<redacted>` in its texts, and any piece of it of 12
    /// characters or more, raw or escaped (see HTTPCore's ``SecretScrubber``), and likewise every
    /// secret of ``SecretRegistry/shared``: what a server echoes back (a proxy's error page, say)
    /// cannot carry the token into a log.
    func redacting(_ secret: String) -> SpotError {
        let scrubber = SecretScrubber(secrets: [secret])
        func scrub(_ text: String?) -> String? {
            guard let text else { return nil }
            // A token too short for the scrubber is still removed where it appears whole.
            let own = secret.isEmpty ? text : scrubber.scrub(text).replacingOccurrences(of: secret, with: SecretScrubber.replacement)
            return SecretRegistry.shared.scrub(own)
        }
        var copy = self
        copy.code = scrub(code) ?? code
        copy.message = scrub(message) ?? message
        copy.field = scrub(field)
        copy.requestID = scrub(requestID)
        copy.errors = errors.map { SpotAPIErrorDetail(code: scrub($0.code), message: scrub($0.message), field: scrub($0.field)) }
        return copy
    }
}
