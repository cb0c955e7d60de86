import Foundation
import HTTPCore

/// Builds a JSON 1.1 call (Organizations, CUR): `X-Amz-Target: <prefix>.<Operation>` and a JSON body.
public enum JSONRequest {
    /// The call for `operation` with `input` encoded as the body (`{}` for none).
    public static func call(
        service: AWSService, targetPrefix: String, operation: String, input: (some Encodable)?, endpoint: ServiceEndpoint
    ) throws(AWSError) -> AWSCall {
        var body: [UInt8] = Array("{}".utf8)
        if let input {
            do {
                let encoder = JSONEncoder()
                encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
                body = Array(try encoder.encode(input))
            } catch {
                throw AWSError(
                    code: "InvalidRequest", message: "cannot encode the request: \(error)", service: service.rawValue,
                    operation: operation, isRetryable: false)
            }
        }
        return AWSCall(
            service: service, operation: operation, endpoint: endpoint, errorFormat: .json, method: "POST", path: "/",
            headers: [
                (name: "Content-Type", value: "application/x-amz-json-1.1"),
                (name: "X-Amz-Target", value: "\(targetPrefix).\(operation)"),
            ],
            body: body)
    }

    /// Decodes a JSON response body as `Output`.
    public static func decode<Output: Decodable>(
        _ type: Output.Type, from response: AWSResponse, service: AWSService, operation: String
    ) throws(AWSError) -> Output {
        do {
            return try JSONDecoder().decode(Output.self, from: Data(response.body.isEmpty ? Array("{}".utf8) : response.body))
        } catch {
            throw AWSError(
                code: "InvalidResponse", message: "cannot read the \(operation) response: \(error)",
                httpStatus: response.status, requestID: response.header("x-amzn-RequestId"), service: service.rawValue,
                operation: operation, isRetryable: false)
        }
    }
}
