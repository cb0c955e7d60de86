/// An IAM role ARN, taken apart: `arn:<partition>:iam::<account>:role/<path/><name>`.
public struct RoleARN: Sendable, Hashable {
    /// The partition (`aws`, `aws-cn`, …).
    public var partition: String
    /// The 12-digit account the role is in.
    public var accountID: String
    /// The role's name (the last path element).
    public var name: String

    /// Parses `text`, or returns `nil` when it is not a role ARN.
    public init?(_ text: String) {
        let bytes = Array(text.utf8)
        // arn : partition : iam : (empty region) : account : role/…
        var parts: [ArraySlice<UInt8>] = []
        var start = 0
        for index in bytes.indices where bytes[index] == UInt8(ascii: ":") && parts.count < 5 {
            parts.append(bytes[start..<index])
            start = index + 1
        }
        parts.append(bytes[start...])
        guard parts.count == 6, parts[0].elementsEqual("arn".utf8), parts[2].elementsEqual("iam".utf8),
            parts[3].isEmpty, !parts[1].isEmpty,
            parts[1].allSatisfy({ (0x61...0x7A).contains($0) || $0 == UInt8(ascii: "-") })
        else { return nil }
        let account = parts[4]
        guard account.count == 12, account.allSatisfy({ (0x30...0x39).contains($0) }) else { return nil }
        let resource = parts[5]
        guard resource.starts(with: "role/".utf8) else { return nil }
        let path = resource.dropFirst(5)
        let nameStart = (path.lastIndex(of: UInt8(ascii: "/")).map { $0 + 1 }) ?? path.startIndex
        let name = path[nameStart...]
        guard (1...64).contains(name.count),
            name.allSatisfy({ Self.isRoleNameByte($0) }),
            path.allSatisfy({ $0 > 0x20 && $0 < 0x7F })
        else { return nil }
        self.partition = String(decoding: parts[1], as: UTF8.self)
        self.accountID = String(decoding: account, as: UTF8.self)
        self.name = String(decoding: name, as: UTF8.self)
    }

    /// IAM role names: letters, digits and `+=,.@_-`.
    private static func isRoleNameByte(_ byte: UInt8) -> Bool {
        (0x30...0x39).contains(byte) || (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte)
            || "+=,.@_-".utf8.contains(byte)
    }
}
