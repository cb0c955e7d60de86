import Foundation
import HTTPCore

/// The wire protocols of the services onboarding calls, and how each reports errors.
public enum AWSProtocol: String, Sendable, Hashable {
    /// Form-encoded `Action=…` requests, XML results, `<ErrorResponse><Error><Code>` errors
    /// (STS, IAM, CloudFormation).
    case query
    /// JSON 1.1 with `X-Amz-Target`; errors with `__type` (Organizations, CUR).
    case json
    /// REST with XML bodies; `<Error><Code>` errors, or only a status for HEAD (S3).
    case restXML = "rest-xml"

    /// The code, message and request id of an error response.
    public func decodeError(_ response: HTTPResponseData) -> (code: String, message: String, requestID: String?) {
        let headerRequestID = response.header("x-amzn-RequestId") ?? response.header("x-amz-request-id")
        switch self {
        case .query, .restXML:
            if let root = AWSXMLElement.parse(response.body) {
                // `<Error>` (S3), `<ErrorResponse><Error>` (query), or `<ErrorResponse><Errors><Error>`
                // (moto, and some query services).
                let error = root.name == "Error" ? root : (root.child("Error") ?? root.at("Errors", "Error") ?? root)
                if let code = error.string("Code"), !code.isEmpty {
                    return (code, error.string("Message") ?? "", headerRequestID ?? root.string("RequestId") ?? error.string("RequestId"))
                }
            }
            if let type = response.header("x-amzn-ErrorType"), let code = type.split(separator: ":").first, !code.isEmpty {
                return (String(code), "", headerRequestID)
            }
        case .json:
            if let object = try? JSONSerialization.jsonObject(with: Data(response.body)) as? [String: Any] {
                let type = (object["__type"] as? String) ?? (object["code"] as? String) ?? response.header("x-amzn-ErrorType") ?? ""
                // `__type` may be qualified (`com.amazonaws.cur#ValidationException`) or carry a
                // URL suffix (`Code:http://…`).
                var code = type.split(separator: "#").last.map(String.init) ?? type
                code = code.split(separator: ":").first.map(String.init) ?? code
                let message = (object["message"] as? String) ?? (object["Message"] as? String) ?? ""
                if !code.isEmpty { return (code, message, headerRequestID) }
            }
        }
        return (Self.codeForStatus(response.status), "", headerRequestID)
    }

    /// A code for a response without one (S3 HEAD requests have no body).
    static func codeForStatus(_ status: Int) -> String {
        switch status {
        case 301: "PermanentRedirect"
        case 400: "BadRequest"
        case 403: "Forbidden"
        case 404: "NotFound"
        case 409: "Conflict"
        case 429: "TooManyRequestsException"
        case 500: "InternalError"
        case 502: "BadGateway"
        case 503: "ServiceUnavailable"
        case 504: "GatewayTimeout"
        default: "HTTP\(status)"
        }
    }
}
