import AccountList

/// The CloudFormation template that creates Spot's IAM roles in a payer account.
///
/// The template always holds `SpotRole` (trusted by Spot's platform account, reads the Cost and
/// Usage Report bucket and billing dimensions, plus compute permissions for Elastigroup and
/// Ocean) and, for Cloud Analyzer or Eco, `SpotFinOpsRole` (trusted by Spot's FinOps accounts,
/// read-only billing). Every trust statement requires the `ExternalId` parameter as
/// `sts:ExternalId`. ARNs use `${AWS::Partition}`, so one template serves `aws` and `aws-cn`.
///
/// Rendering is deterministic: the same products, bucket and principals always give the same
/// bytes, whatever the order or repetition of the products passed in.
public struct StackTemplate: Sendable, Hashable {
    /// The name of the template parameter holding the external id Spot presents.
    public static let externalIDParameter = "ExternalId"
    /// The name of the output holding the ARN of `SpotRole`.
    public static let spotRoleOutput = "SpotRoleArn"
    /// The name of the output holding the ARN of `SpotFinOpsRole`.
    public static let finOpsRoleOutput = "SpotFinOpsRoleArn"
    /// The IAM name of the platform role (logical id `SpotRole`).
    public static let spotRoleName = "SpotOnboardingRole"
    /// The IAM name of the FinOps role (logical id `SpotFinOpsRole`).
    public static let finOpsRoleName = "SpotOnboardingFinOpsRole"

    /// The logical id of the platform role.
    static let spotRoleLogicalID = "SpotRole"
    /// The logical id of the FinOps role.
    static let finOpsRoleLogicalID = "SpotFinOpsRole"

    /// The chosen products, without repetitions, in their canonical order.
    public let products: [Product]
    /// The S3 bucket that receives the Cost and Usage Report; the roles may read only this one.
    public let costAndUsageReportBucket: String
    /// The Spot accounts the roles trust.
    public let principals: SpotPrincipals

    /// A template for `products`, granting read access to `costAndUsageReportBucket`, trusted by
    /// `principals`.
    ///
    /// The bucket is expected to be a valid S3 bucket name. When the FinOps role is included
    /// (``includesFinOpsRole``), `principals` should name at least one FinOps account
    /// (see ``SpotPrincipals/isComplete``).
    public init(products: [Product], costAndUsageReportBucket: String, principals: SpotPrincipals) {
        self.products = Set(products).sorted()
        self.costAndUsageReportBucket = costAndUsageReportBucket
        self.principals = principals
    }

    /// Whether the template holds `SpotFinOpsRole` and its output: true when Cloud Analyzer or
    /// Eco is chosen.
    public var includesFinOpsRole: Bool {
        products.contains { $0.needsFinOpsRole }
    }

    /// Whether `SpotRole` gets compute permissions: true when Elastigroup or Ocean is chosen.
    public var includesComputePermissions: Bool {
        products.contains { $0.managesCompute }
    }

    /// The template as pretty-printed JSON text, ending with a newline.
    public func render() -> String {
        document.prettyPrinted()
    }

    /// The template as an ordered JSON value.
    public var document: TemplateValue {
        var resources: [TemplateField] = [
            TemplateField(key: Self.spotRoleLogicalID, value: spotRole)
        ]
        var outputs: [TemplateField] = [
            TemplateField(
                key: Self.spotRoleOutput,
                value: [
                    "Description": "ARN of the role Spot's platform assumes (give it to Spot).",
                    "Value": .getAtt(Self.spotRoleLogicalID, "Arn"),
                ])
        ]
        if includesFinOpsRole {
            resources.append(TemplateField(key: Self.finOpsRoleLogicalID, value: finOpsRole))
            outputs.append(
                TemplateField(
                    key: Self.finOpsRoleOutput,
                    value: [
                        "Description": "ARN of the read-only billing role Spot's FinOps products assume.",
                        "Value": .getAtt(Self.finOpsRoleLogicalID, "Arn"),
                    ]))
        }
        return [
            "AWSTemplateFormatVersion": "2010-09-09",
            "Description": .string(description),
            "Parameters": [
                Self.externalIDParameter: [
                    "Type": "String",
                    "Description":
                        "External id Spot presents when it assumes the roles (sts:ExternalId). Not a secret.",
                    "MinLength": 2,
                    "MaxLength": 1224,
                    "AllowedPattern": "[\\w+=,.@:/-]*",
                    "ConstraintDescription":
                        "2 to 1224 characters: letters, digits and + = , . @ : / - _",
                ]
            ],
            "Resources": .object(resources),
            "Outputs": .object(outputs),
        ]
    }

    // MARK: Parts

    private var description: String {
        let names = products.isEmpty ? "no products" : products.map(\.rawValue).joined(separator: ", ")
        return "Spot by NetApp onboarding: IAM roles for \(names) (generated by onboard)."
    }

    private var spotRole: TemplateValue {
        var statements = reportBucketStatements + [
            IAMPolicyStatement(
                sid: "BillingDimensions", actions: SpotPermissions.billingDimensions,
                resources: ["*"])
        ]
        if includesComputePermissions {
            statements.append(
                IAMPolicyStatement(sid: "Compute", actions: SpotPermissions.compute, resources: ["*"]))
        }
        if products.contains(.ocean) {
            statements.append(
                IAMPolicyStatement(sid: "Containers", actions: SpotPermissions.containers, resources: ["*"]))
        }
        return role(
            name: Self.spotRoleName,
            description: "Lets Spot by NetApp's platform read billing data"
                + (includesComputePermissions ? " and manage compute." : "."),
            trustedAccounts: [principals.platformAccountID],
            policyName: "SpotOnboardingPolicy",
            statements: statements)
    }

    private var finOpsRole: TemplateValue {
        role(
            name: Self.finOpsRoleName,
            description: "Lets Spot by NetApp's FinOps products read billing data (read-only).",
            trustedAccounts: principals.finOpsAccountIDs,
            policyName: "SpotOnboardingFinOpsPolicy",
            statements: reportBucketStatements + [
                IAMPolicyStatement(
                    sid: "BillingReadOnly", actions: SpotPermissions.finOpsBilling, resources: ["*"])
            ])
    }

    /// Reads of the report bucket and its objects, and of nothing else in S3.
    private var reportBucketStatements: [IAMPolicyStatement] {
        let bucket = Self.subLiteral(costAndUsageReportBucket)
        return [
            IAMPolicyStatement(
                sid: "ReportBucket", actions: SpotPermissions.reportBucket,
                resources: [.sub("arn:${AWS::Partition}:s3:::\(bucket)")]),
            IAMPolicyStatement(
                sid: "ReportObjects", actions: SpotPermissions.reportObjects,
                resources: [.sub("arn:${AWS::Partition}:s3:::\(bucket)/*")]),
        ]
    }

    private func role(
        name: String, description: String, trustedAccounts: [String], policyName: String,
        statements: [IAMPolicyStatement]
    ) -> TemplateValue {
        var seen = Set<String>()
        let accounts = trustedAccounts.filter { seen.insert($0).inserted }
        let trust = IAMPolicyStatement(
            sid: "TrustSpot",
            principals: accounts.map { .sub("arn:${AWS::Partition}:iam::\(Self.subLiteral($0)):root") },
            actions: ["sts:AssumeRole"],
            condition: ["StringEquals": ["sts:ExternalId": .ref(Self.externalIDParameter)]])
        return [
            "Type": "AWS::IAM::Role",
            "Properties": [
                "RoleName": .string(name),
                "Description": .string(description),
                "AssumeRolePolicyDocument": IAMPolicyStatement.document([trust]),
                "Policies": [
                    [
                        "PolicyName": .string(policyName),
                        "PolicyDocument": IAMPolicyStatement.document(statements),
                    ]
                ],
            ],
        ]
    }

    /// `text` made literal inside `Fn::Sub`: `${` is written `${!`.
    private static func subLiteral(_ text: String) -> String {
        text.replacing("${", with: "${!")
    }
}
