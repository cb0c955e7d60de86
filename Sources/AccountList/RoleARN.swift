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
        var text = text
        guard let parsed = text.withUTF8({ Self.parse($0) }) else { return nil }
        self = parsed
    }

    private init(partition: String, accountID: String, name: String) {
        self.partition = partition
        self.accountID = accountID
        self.name = name
    }

    static func parse(_ bytes: UnsafeBufferPointer<UInt8>) -> RoleARN? {
        // Find the five colons that split arn : partition : iam : region : account : resource.
        var colons = (0, 0, 0, 0, 0)
        var found = 0
        for index in bytes.indices where bytes[index] == UInt8(ascii: ":") {
            switch found {
            case 0: colons.0 = index
            case 1: colons.1 = index
            case 2: colons.2 = index
            case 3: colons.3 = index
            default: colons.4 = index
            }
            found += 1
            if found == 5 { break }
        }
        guard found == 5 else { return nil }
        let arn = UnsafeBufferPointer(rebasing: bytes[0..<colons.0])
        let partition = UnsafeBufferPointer(rebasing: bytes[(colons.0 + 1)..<colons.1])
        let service = UnsafeBufferPointer(rebasing: bytes[(colons.1 + 1)..<colons.2])
        let region = bytes[(colons.2 + 1)..<colons.3]
        let account = UnsafeBufferPointer(rebasing: bytes[(colons.3 + 1)..<colons.4])
        let resource = UnsafeBufferPointer(rebasing: bytes[(colons.4 + 1)...])
        guard arn.elementsEqual("arn".utf8), service.elementsEqual("iam".utf8), region.isEmpty,
            !partition.isEmpty, partition.allSatisfy({ ByteClass.partitionName.contains($0) }),
            account.count == 12, account.allSatisfy({ ByteClass.digits.contains($0) }),
            resource.starts(with: "role/".utf8)
        else { return nil }
        let path = resource[5...]
        let nameStart = (path.lastIndex(of: UInt8(ascii: "/")).map { $0 + 1 }) ?? path.startIndex
        let name = UnsafeBufferPointer(rebasing: resource[nameStart...])
        guard (1...64).contains(name.count), name.allSatisfy({ ByteClass.roleName.contains($0) }),
            path.allSatisfy({ $0 > 0x20 && $0 < 0x7F })
        else { return nil }
        return RoleARN(
            partition: String(decoding: partition, as: UTF8.self),
            accountID: String(decoding: account, as: UTF8.self),
            name: String(decoding: name, as: UTF8.self))
    }
}
