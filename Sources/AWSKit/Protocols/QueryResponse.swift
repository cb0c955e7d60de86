import HTTPCore
/// Reads query-protocol results: `<ActionResponse><ActionResult>…</ActionResult></ActionResponse>`.
public enum QueryResponse {
    /// The `<ActionResult>` element of a response (an empty element when the action returns none).
    public static func result(of response: AWSResponse, action: String, service: AWSService) throws(AWSError) -> AWSXMLElement {
        guard let root = AWSXMLElement.parse(response.body) else {
            throw AWSError(
                code: "InvalidResponse", message: "the \(action) response is not XML", httpStatus: response.status,
                requestID: response.header("x-amzn-RequestId"), service: service.rawValue, operation: action,
                isRetryable: false)
        }
        return root.child("\(action)Result") ?? AWSXMLElement(name: "\(action)Result")
    }

    /// The members of a query-protocol list (`<List><member>…</member></List>`).
    public static func members(of element: AWSXMLElement?) -> [AWSXMLElement] {
        element?.children("member") ?? []
    }
}
