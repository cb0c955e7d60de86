import AWSKit
import Foundation

/// AWS errors in each protocol's own format, as the real services send them.
enum AWSErrorReply {
    /// An error for `wireProtocol`: query (`<ErrorResponse>`), JSON 1.1 (`__type`) or S3 (`<Error>`).
    static func make(
        _ wireProtocol: AWSProtocol, status: Int, code: String, message: String, senderFault: Bool = true
    ) -> SandboxResponse {
        let requestID = UUID().uuidString.lowercased()
        switch wireProtocol {
        case .json:
            var response = SandboxResponse.json(
                status, ["__type": code, "message": message], contentType: "application/x-amz-json-1.1")
            response.headers.append(("x-amzn-RequestId", requestID))
            return response
        case .query:
            let type = senderFault ? "Sender" : "Receiver"
            var response = SandboxResponse.xml(status, """
                <ErrorResponse xmlns="https://sandbox.onboard.local/doc/2010-05-15/"><Error><Type>\(type)</Type>\
                <Code>\(escape(code))</Code><Message>\(escape(message))</Message></Error>\
                <RequestId>\(requestID)</RequestId></ErrorResponse>
                """)
            response.headers.append(("x-amzn-RequestId", requestID))
            return response
        case .restXML:
            var response = SandboxResponse.xml(status, """
                <?xml version="1.0" encoding="UTF-8"?>
                <Error><Code>\(escape(code))</Code><Message>\(escape(message))</Message>\
                <RequestId>\(requestID)</RequestId></Error>
                """)
            response.headers.append(("x-amz-request-id", requestID))
            return response
        }
    }

    /// The throttling error each protocol's services really send.
    static func throttling(_ wireProtocol: AWSProtocol) -> SandboxResponse {
        switch wireProtocol {
        case .query: make(.query, status: 400, code: "Throttling", message: "Rate exceeded")
        case .json: make(.json, status: 400, code: "ThrottlingException", message: "Rate exceeded")
        case .restXML: make(.restXML, status: 503, code: "SlowDown", message: "Please reduce your request rate.")
        }
    }

    /// A server-side failure with `status` (500 or 503).
    static func serverError(_ wireProtocol: AWSProtocol, status: Int) -> SandboxResponse {
        let code: String
        switch (wireProtocol, status) {
        case (.json, 503): code = "ServiceUnavailableException"
        case (.json, _): code = "InternalFailure"
        case (_, 503): code = "ServiceUnavailable"
        default: code = "InternalError"
        }
        return make(wireProtocol, status: status, code: code, message: "injected by onboard-sandbox", senderFault: false)
    }

    /// The answer to a request signed with an access key the service does not know.
    static func unknownCredentials(_ wireProtocol: AWSProtocol) -> SandboxResponse {
        switch wireProtocol {
        case .query:
            make(.query, status: 403, code: "InvalidClientTokenId", message: "The security token included in the request is invalid.")
        case .json:
            make(.json, status: 400, code: "UnrecognizedClientException", message: "The security token included in the request is invalid.")
        case .restXML:
            make(.restXML, status: 403, code: "InvalidAccessKeyId",
                message: "The AWS Access Key Id you provided does not exist in our records.")
        }
    }

    static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }
}
