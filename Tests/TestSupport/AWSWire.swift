import AWSKit
import Foundation

/// Responses in the AWS protocols' own wire formats: query XML (STS, IAM, CloudFormation),
/// JSON 1.1 (Organizations, CUR) and REST-XML (S3), successes and errors.
public enum AWSWire {
    /// A request id, as AWS sends them.
    public static let requestID = "7a62c49f-347e-4fc4-9331-6e8eEXAMPLE"

    // MARK: Query protocol

    /// `<ActionResponse><ActionResult>result</ActionResult><ResponseMetadata>…` (HTTP 200).
    public static func query(_ action: String, namespace: String, result: String) -> ScriptedTransport.Reply {
        .response(
            status: 200,
            body: "<\(action)Response xmlns=\"\(namespace)\"><\(action)Result>\(result)</\(action)Result>"
                + "<ResponseMetadata><RequestId>\(requestID)</RequestId></ResponseMetadata></\(action)Response>",
            headers: [(name: "Content-Type", value: "text/xml"), (name: "x-amzn-RequestId", value: requestID)])
    }

    /// `<ActionResponse><ResponseMetadata>…` for an action without a result (DeleteStack).
    public static func queryEmpty(_ action: String, namespace: String) -> ScriptedTransport.Reply {
        .response(
            status: 200,
            body: "<\(action)Response xmlns=\"\(namespace)\"><ResponseMetadata><RequestId>\(requestID)</RequestId>"
                + "</ResponseMetadata></\(action)Response>",
            headers: [(name: "Content-Type", value: "text/xml"), (name: "x-amzn-RequestId", value: requestID)])
    }

    /// `<ErrorResponse><Error><Type>Sender</Type><Code>…</Code><Message>…</Message></Error>…`.
    public static func queryError(status: Int = 400, code: String, message: String) -> ScriptedTransport.Reply {
        .response(
            status: status,
            body: "<ErrorResponse xmlns=\"http://cloudformation.amazonaws.com/doc/2010-05-15/\"><Error>"
                + "<Type>\(status >= 500 ? "Receiver" : "Sender")</Type><Code>\(escape(code))</Code>"
                + "<Message>\(escape(message))</Message></Error><RequestId>\(requestID)</RequestId></ErrorResponse>",
            headers: [(name: "Content-Type", value: "text/xml"), (name: "x-amzn-RequestId", value: requestID)])
    }

    /// `<Name>value</Name>` with the value escaped; nothing for nil.
    public static func element(_ name: String, _ value: String?) -> String {
        guard let value else { return "" }
        return "<\(name)>\(escape(value))</\(name)>"
    }

    /// A query-protocol list: `<Name><member>…</member>…</Name>`.
    public static func members(_ name: String, _ members: [String]) -> String {
        "<\(name)>" + members.map { "<member>\($0)</member>" }.joined() + "</\(name)>"
    }

    // MARK: JSON 1.1

    /// A JSON 1.1 success (`application/x-amz-json-1.1`).
    public static func json(_ body: String) -> ScriptedTransport.Reply {
        .response(
            status: 200, body: body,
            headers: [(name: "Content-Type", value: "application/x-amz-json-1.1"), (name: "x-amzn-RequestId", value: requestID)])
    }

    /// A JSON 1.1 success with `value` encoded as the body.
    public static func json(encoding value: some Encodable) -> ScriptedTransport.Reply {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let data = (try? encoder.encode(value)) ?? Data("{}".utf8)
        return json(String(decoding: data, as: UTF8.self))
    }

    /// A JSON 1.1 error: `{"__type":"<code>","Message":"…"}`.
    public static func jsonError(status: Int = 400, code: String, message: String) -> ScriptedTransport.Reply {
        .response(
            status: status, body: jsonText(["__type": code, "Message": message]),
            headers: [
                (name: "Content-Type", value: "application/x-amz-json-1.1"), (name: "x-amzn-RequestId", value: requestID),
                (name: "x-amzn-ErrorType", value: "\(code):"),
            ])
    }

    // MARK: REST-XML (S3)

    /// An S3 success with an optional XML body and extra headers.
    public static func s3(status: Int = 200, body: String = "", headers: [(name: String, value: String)] = []) -> ScriptedTransport.Reply {
        .response(
            status: status, body: body,
            headers: [(name: "x-amz-request-id", value: "4442587FB7D0A2F9")]
                + (body.isEmpty ? [] : [(name: "Content-Type", value: body.hasPrefix("{") ? "application/json" : "application/xml")])
                + headers)
    }

    /// An S3 error: `<Error><Code>…</Code><Message>…</Message>…</Error>`; HEAD answers carry no body.
    public static func s3Error(status: Int, code: String, message: String, head: Bool = false, bucket: String? = nil) -> ScriptedTransport.Reply {
        if head { return .response(status: status, body: "", headers: [(name: "x-amz-request-id", value: "4442587FB7D0A2F9")]) }
        return .response(
            status: status,
            body: "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>\(escape(code))</Code><Message>\(escape(message))</Message>"
                + element("BucketName", bucket) + "<RequestId>4442587FB7D0A2F9</RequestId><HostId>testing-host-id</HostId></Error>",
            headers: [(name: "Content-Type", value: "application/xml"), (name: "x-amz-request-id", value: "4442587FB7D0A2F9")])
    }

    // MARK: Text

    /// `text` with XML's special characters escaped.
    public static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }

    /// An ISO 8601 timestamp as AWS writes them (`2025-06-15T15:06:40.000Z`).
    public static func timestamp(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter.string(from: date)
    }

    /// A JSON object of strings as text, keys sorted.
    static func jsonText(_ object: [String: Any]) -> String {
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data("{}".utf8)
        return String(decoding: data, as: UTF8.self)
    }
}
