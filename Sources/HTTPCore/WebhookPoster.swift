import Foundation

/// A webhook's URL, which is a secret: Slack's and Teams' incoming webhooks carry their key in
/// the path (`https://hooks.slack.com/services/T…/B…/<key>`), others in the query. It is only
/// ever shown as ``displayed``: scheme, host and port.
public struct WebhookURL: Sendable, Hashable, CustomStringConvertible {
    /// The whole URL, as given (sent, never shown).
    public let url: String
    /// `https://hooks.slack.com/…`: the URL without user, password, path, query or fragment.
    public let displayed: String

    /// Reads `text` as a webhook URL: an absolute `http` or `https` URL with a host, and no
    /// user name or password (a credential would belong in the path or a header, not there).
    ///
    /// - Returns: `nil` with `problem` when it is not one (the problem never repeats the URL).
    public static func parse(_ text: String) -> (url: WebhookURL?, problem: String?) {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard let components = URLComponents(string: trimmed), let scheme = components.scheme?.lowercased(),
            let host = components.host, !host.isEmpty
        else { return (nil, "is not an absolute URL with a host") }
        guard scheme == "https" || scheme == "http" else { return (nil, "is not an http or https URL") }
        guard components.user == nil, components.password == nil else {
            return (nil, "holds a user name or password (not supported)")
        }
        let bracketed = host.contains(":") && !host.hasPrefix("[") ? "[\(host)]" : host
        let port = components.port.map { ":\($0)" } ?? ""
        return (WebhookURL(url: trimmed, displayed: "\(scheme)://\(bracketed)\(port)/…"), nil)
    }

    private init(url: String, displayed: String) {
        self.url = url
        self.displayed = displayed
    }

    /// Whether posting to it would cross a network in clear (see ``EndpointTransportSecurity``).
    public var isInsecure: Bool { EndpointTransportSecurity.isInsecure(url) }

    /// ``displayed``: never the path or query.
    public var description: String { displayed }
}

/// A webhook post that did not get a 2xx answer.
///
/// `description` names the webhook only by scheme, host and port (``WebhookURL/displayed``);
/// ``shortDescription`` is label-safe.
public struct WebhookError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What went wrong.
    public enum Kind: String, Sendable, Hashable {
        /// The server answered with a status that is not 2xx (the last one, after retries).
        case status
        /// No answer: timeout, connection failure, or cancelled.
        case transport
    }

    /// What went wrong.
    public var kind: Kind
    /// The webhook, as it may be shown.
    public var webhook: String
    /// The last HTTP status, for `status`.
    public var status: Int?
    /// The transport's kind of failure (`timeout`, `connection`, …), for `transport`.
    public var transport: TransportError.Kind?
    /// Attempts made.
    public var attempts: Int

    /// `WebhookError: status 500` / `WebhookError: timeout`.
    public var shortDescription: String {
        "WebhookError: " + (status.map { "status \($0)" } ?? transport?.rawValue ?? kind.rawValue)
    }

    /// `https://hooks.slack.com/…: HTTP 500 after 4 attempts`.
    public var description: String {
        let what = status.map { "HTTP \($0)" } ?? "no answer (\(transport?.rawValue ?? "transport"))"
        return "\(webhook): \(what) after \(attempts) attempt\(attempts == 1 ? "" : "s")"
    }
}

/// Posts one JSON body to a webhook (`onboard run --notify`), retrying through
/// ``RetryingCaller`` on 429 (with its `Retry-After`), 5xx and failures to get an answer;
/// any other status is final. Each attempt is bounded by `attemptTimeout`, and the retries by
/// the policy's total time, so a dead webhook never holds the command for long.
public struct WebhookPoster: Sendable {
    /// The transport (redirects are not followed: a 3xx is a final answer).
    public let transport: any HTTPTransport
    /// Attempts, backoff and the total-time cap.
    public let retrying: RetryingCaller
    /// Seconds for one attempt.
    public let attemptTimeout: Double
    /// The `User-Agent` sent.
    public let userAgent: String

    /// The policy a notification uses: 4 attempts, backoff from 1 s up to 8 s, 30 s in all.
    public static let defaultPolicy = RetryPolicy(maximumAttempts: 4, baseDelay: 1, maximumDelay: 8, maximumTotalTime: 30)

    /// - Parameters: see the properties.
    public init(
        transport: any HTTPTransport, retrying: RetryingCaller, attemptTimeout: Double = 10,
        userAgent: String = ProductIdentity.userAgent
    ) {
        self.transport = transport
        self.retrying = retrying
        self.attemptTimeout = attemptTimeout
        self.userAgent = userAgent
    }

    /// Posts `body` (JSON) to `webhook`; returns the number of attempts it took, or the error
    /// of the last one.
    public func post(_ body: [UInt8], to webhook: WebhookURL) async -> Result<Int, WebhookError> {
        let request = HTTPRequestData(
            method: "POST", url: webhook.url,
            headers: [
                (name: "Content-Type", value: "application/json; charset=utf-8"), (name: "User-Agent", value: userAgent),
            ],
            body: body)
        let transport = transport
        let timeout = attemptTimeout
        let shown = webhook.displayed
        return await retrying.call { (number: Int) async -> AttemptResult<Int, WebhookError> in
            switch await transport.execute(request, timeout: timeout) {
            case .success(let response) where (200..<300).contains(response.status):
                return .success(number)
            case .success(let response):
                let error = WebhookError(kind: .status, webhook: shown, status: response.status, transport: nil, attempts: number)
                let retryable = response.status == 429 || (500..<600).contains(response.status)
                return .failure(
                    error, isRetryable: retryable,
                    retryAfter: response.status == 429 ? RetryPolicy.retryAfterSeconds(response.header("Retry-After")) : nil)
            case .failure(let failure):
                let error = WebhookError(kind: .transport, webhook: shown, status: nil, transport: failure.kind, attempts: number)
                return .failure(error, isRetryable: failure.kind == .timeout || failure.kind == .connection, retryAfter: nil)
            }
        } cancelled: { last, attempts in
            var error = last
            error.attempts = attempts
            return error
        }
    }
}
