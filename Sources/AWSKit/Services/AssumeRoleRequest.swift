/// What `sts:AssumeRole` asks for.
public struct AssumeRoleRequest: Sendable, Hashable {
    public var roleARN: String
    public var sessionName: String
    /// Not a secret: a guard against confused deputies. Never logged all the same.
    public var externalID: String?
    /// 900 to 43200; role chaining caps it at 3600.
    public var durationSeconds: Int?

    public init(roleARN: String, sessionName: String, externalID: String? = nil, durationSeconds: Int? = nil) {
        self.roleARN = roleARN
        self.sessionName = sessionName
        self.externalID = externalID
        self.durationSeconds = durationSeconds
    }
}
