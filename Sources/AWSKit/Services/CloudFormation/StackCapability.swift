/// A capability acknowledged on CreateStack/UpdateStack (`CAPABILITY_NAMED_IAM` for templates
/// that make named IAM roles). An open set: any value CloudFormation knows can be passed.
public struct StackCapability: RawRepresentable, Sendable, Hashable, Codable, CustomStringConvertible {
    /// The capability as CloudFormation spells it.
    public let rawValue: String

    /// Wraps any capability text.
    public init(rawValue: String) {
        self.rawValue = rawValue
    }


    /// The raw value.
    public var description: String { rawValue }

    /// `CAPABILITY_IAM`: the template makes IAM resources with generated names.
    public static let iam = StackCapability(rawValue: "CAPABILITY_IAM")
    /// `CAPABILITY_NAMED_IAM`: the template makes IAM resources with names it chooses.
    public static let namedIAM = StackCapability(rawValue: "CAPABILITY_NAMED_IAM")
    /// `CAPABILITY_AUTO_EXPAND`: the template holds macros or nested stacks.
    public static let autoExpand = StackCapability(rawValue: "CAPABILITY_AUTO_EXPAND")
}
