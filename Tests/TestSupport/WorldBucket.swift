/// One S3 bucket of the scripted world (the namespace is global, as S3's).
public struct WorldBucket: Sendable, Hashable {
    /// The bucket's name.
    public var name: String
    /// The account that owns it.
    public var owner: String
    /// Its region.
    public var region: String
    /// Its policy document as stored (nil: none, `NoSuchBucketPolicy`).
    public var policy: String?
    /// Whether it refuses the payer's access role although the payer owns it (403 on every call).
    public var refusesAccessRole: Bool

    /// - Parameters: see the properties.
    public init(name: String, owner: String, region: String = "us-east-1", policy: String? = nil, refusesAccessRole: Bool = false) {
        self.name = name
        self.owner = owner
        self.region = region
        self.policy = policy
        self.refusesAccessRole = refusesAccessRole
    }
}
