import Foundation
import HTTPCore

/// One AWS API request before signing: where it goes and what it says.
public struct AWSCall: Sendable {
    /// The service, for messages and errors.
    public var service: AWSService
    /// The operation, for messages and errors.
    public var operation: String
    /// Where it goes and how it is signed.
    public var endpoint: ServiceEndpoint
    /// How errors come back.
    public var errorFormat: AWSProtocol
    public var method: String
    /// The path, percent-encoded as it goes on the wire; starts with `/`.
    public var path: String
    public var queryItems: [(name: String, value: String)]
    public var headers: [(name: String, value: String)]
    public var body: [UInt8]

    public init(
        service: AWSService, operation: String, endpoint: ServiceEndpoint, errorFormat: AWSProtocol,
        method: String = "POST", path: String = "/", queryItems: [(name: String, value: String)] = [],
        headers: [(name: String, value: String)] = [], body: [UInt8] = []
    ) {
        self.service = service
        self.operation = operation
        self.endpoint = endpoint
        self.errorFormat = errorFormat
        self.method = method
        self.path = path
        self.queryItems = queryItems
        self.headers = headers
        self.body = body
    }
}

/// A successful (2xx) response: the response as it came off the wire.
public typealias AWSResponse = HTTPResponseData
