/// Builds a query-protocol call (STS, IAM, CloudFormation): a form-encoded POST body of
/// `Action`, `Version` and the operation's parameters, lists flattened as `Name.member.N`.
public struct QueryRequest: Sendable {
    public let action: String
    public let version: String
    public private(set) var parameters: [(name: String, value: String)] = []

    public init(action: String, version: String) {
        self.action = action
        self.version = version
    }

    /// Adds `name=value`, skipping `nil`.
    public mutating func set(_ name: String, _ value: String?) {
        if let value { parameters.append((name, value)) }
    }

    /// Adds a list as `name.member.1`, `name.member.2`, … (an empty list adds nothing).
    public mutating func setList(_ name: String, _ values: [String]) {
        for (index, value) in values.enumerated() { parameters.append(("\(name).member.\(index + 1)", value)) }
    }

    /// Adds a list of structures as `name.member.N.Key`.
    public mutating func setStructures(_ name: String, _ values: [[(key: String, value: String)]]) {
        for (index, fields) in values.enumerated() {
            for field in fields { parameters.append(("\(name).member.\(index + 1).\(field.key)", field.value)) }
        }
    }

    /// The form body.
    public var body: [UInt8] {
        let all = [("Action", action), ("Version", version)] + parameters
        return Array(all.map { "\(Self.formEncode($0.0))=\(Self.formEncode($0.1))" }.joined(separator: "&").utf8)
    }

    /// The call, ready for ``AWSClient/send(_:credentials:)``.
    public func call(service: AWSService, endpoint: ServiceEndpoint) -> AWSCall {
        AWSCall(
            service: service, operation: action, endpoint: endpoint, errorFormat: .query, method: "POST", path: "/",
            headers: [(name: "Content-Type", value: "application/x-www-form-urlencoded; charset=utf-8")], body: body)
    }

    /// RFC 3986 encoding: unreserved characters kept, everything else `%XX` (uppercase hex).
    /// Built in a byte buffer: a stack template is tens of KB, and string appends per byte
    /// were a tenth of a run's CPU.
    static func formEncode(_ text: String) -> String {
        let hex: [UInt8] = Array("0123456789ABCDEF".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(text.utf8.count * 2)
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "."), UInt8(ascii: "~"):
                out.append(byte)
            default:
                out.append(UInt8(ascii: "%"))
                out.append(hex[Int(byte >> 4)])
                out.append(hex[Int(byte & 0x0F)])
            }
        }
        return String(decoding: out, as: UTF8.self)
    }
}
