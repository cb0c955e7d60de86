extension SpotPolicyDocument {
    /// The permission document as the template grants it.
    ///
    /// Every document: ARNs of the commercial partition made partition-neutral
    /// (`${AWS::Partition}`, the template serves `aws` and `aws-cn`), and an action repeated
    /// within one statement listed once (only `s3:ListStorageLensConfigurations` in
    /// `S3SyncPermissions` of the FinOps policy is). Besides, per document:
    /// - Billing Engine: its placeholders `${BEBucket}` and `${BEPrefix}` are the template's
    ///   parameters `CostAndUsageReportBucket` and `CostAndUsageReportPathPrefix`.
    /// - FinOps restricted read-only: `S3CURBucket` names the report's bucket (a parameter; the
    ///   published template joins its own `CostAndUsageBucket` parameter), and `S3CURObject` the
    ///   objects under the report's prefix only (published: every object of the bucket).
    ///   `S3SyncPermissions` (`sc-customer-*`) stays: Spot says it is required.
    /// - Spot Policy: `iam:PassRole` leaves `AccountOperativeActions` for a statement of its own,
    ///   right after it, that lets Spot pass roles to EC2 only (instance profiles of the
    ///   instances it launches), not to any service.
    ///
    /// - Precondition: `self` is a permission document, not a trust policy.
    var adapted: PolicyDocument {
        let document = PolicyDocument(self).partitionNeutral().deduplicatingActions()
        switch self {
        case .billingEngine:
            return document.renamingSubVariables([
                "BEBucket": StackTemplate.costAndUsageReportBucketParameter,
                "BEPrefix": StackTemplate.costAndUsageReportPathPrefixParameter,
            ])
        case .costIntelligence:
            return document
        case .finOpsRestrictedReadOnly:
            return document
                .settingResource([.sub(StackTemplate.reportBucketARN)], ofStatement: "S3CURBucket")
                .settingResource([.sub(StackTemplate.reportObjectsARN)], ofStatement: "S3CURObject")
        case .spotPolicy:
            return document.movingAction("iam:PassRole", to: Self.passRoleToEC2)
        case .trustSpotPlatform, .trustFinOps:
            preconditionFailure("\(fileName) is a trust policy")
        }
    }

    /// `iam:PassRole` for EC2 only. `ec2.amazonaws.com.cn` is listed too: EC2's service
    /// principal in the China regions has been `ec2.amazonaws.com.cn` (AWS CDK's region facts
    /// still map EC2 to the partition's URL suffix), and listing both values is harmless where
    /// one of them never occurs.
    private static let passRoleToEC2: TemplateValue = [
        "Sid": "PassRoleToEC2",
        "Action": ["iam:PassRole"],
        "Effect": "Allow",
        "Resource": ["*"],
        "Condition": [
            "StringEquals": [
                "iam:PassedToService": ["ec2.amazonaws.com", "ec2.amazonaws.com.cn"]
            ]
        ],
    ]

    /// The trust policy as the template renders it: the published statements with `Principal`
    /// naming the root of each of `accounts` (partition-neutral, a single one as a string when the
    /// published document has a string) and the condition `StringEquals` `sts:ExternalId` equal
    /// to the template's `ExternalId` parameter (published: a Terraform interpolation for the
    /// platform role, the same `Ref ExternalId` for the FinOps role).
    ///
    /// - Precondition: `self` is a trust policy.
    func trust(accounts: [String]) -> PolicyDocument {
        precondition(self == .trustSpotPlatform || self == .trustFinOps, "\(fileName) is not a trust policy")
        let roots = accounts.map { TemplateValue.sub("arn:${AWS::Partition}:iam::\(StackTemplate.subLiteral($0)):root") }
        return PolicyDocument(
            statements: statements.map { statement in
                let published = statement["Principal"]?["AWS"]
                let principal: TemplateValue =
                    if case .array = published { .array(roots) } else if roots.count == 1 { roots[0] } else { .array(roots) }
                return statement
                    .setting("Principal", to: ["AWS": principal])
                    .setting(
                        "Condition",
                        to: ["StringEquals": ["sts:ExternalId": .ref(StackTemplate.externalIDParameter)]])
            })
    }
}
