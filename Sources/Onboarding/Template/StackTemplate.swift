import AccountList
import Synchronization

/// The CloudFormation template that creates Spot's IAM roles in a payer account.
///
/// The template always holds `SpotRole`, trusted by Spot's platform account, which carries the
/// documents Spot publishes for the chosen products (``spotRoleDocuments``): the Billing Engine
/// and Cost Intelligence policies for Cloud Analyzer, the Spot Policy for Elastigroup and Ocean.
/// With Eco it also holds `SpotFinOpsRole`, trusted by Spot's FinOps accounts, which carries the
/// restricted read-only FinOps policy. Every trust statement requires the `ExternalId` parameter
/// as `sts:ExternalId`. ARNs use `${AWS::Partition}`, so one template serves `aws` and `aws-cn`.
///
/// The documents are granted as `AWS::IAM::ManagedPolicy` resources attached to their role, a
/// document split by statements where it would exceed IAM's 6,144-character quota for a managed
/// policy (counted at its worst: `aws-cn`, every parameter at its maximum length). The report's
/// bucket and path prefix are stack parameters (``parameterNames``), declared only when a role
/// reads the report, because the workflow settles on them at run time.
///
/// Rendering is deterministic: the same products and principals always give the same bytes,
/// whatever the order or repetition of the products passed in.
public struct StackTemplate: Sendable, Hashable {
    /// The name of the template parameter holding the external id Spot presents.
    public static let externalIDParameter = "ExternalId"
    /// The name of the template parameter holding the S3 bucket that receives the Cost and Usage
    /// Report Spot reads.
    public static let costAndUsageReportBucketParameter = "CostAndUsageReportBucket"
    /// The name of the template parameter holding the report's path prefix in its bucket,
    /// `<S3 prefix>/<report name>` without a leading or trailing slash: the `pathPrefix` registered
    /// with Spot's Billing Engine.
    public static let costAndUsageReportPathPrefixParameter = "CostAndUsageReportPathPrefix"
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

    /// The report's bucket, as an `Fn::Sub` text.
    static let reportBucketARN = "arn:${AWS::Partition}:s3:::${\(costAndUsageReportBucketParameter)}"
    /// The report's objects (everything under its path prefix), as an `Fn::Sub` text.
    static let reportObjectsARN =
        "arn:${AWS::Partition}:s3:::${\(costAndUsageReportBucketParameter)}/${\(costAndUsageReportPathPrefixParameter)}/*"

    /// The longest values of the parameters, as their `MaxLength` declares them.
    static let externalIDMaxLength = 1_224
    static let bucketMaxLength = 63
    static let pathPrefixMaxLength = 513

    /// The chosen products, without repetitions, in their canonical order.
    public let products: [Product]
    /// The Spot accounts the roles trust.
    public let principals: SpotPrincipals

    /// A template for `products`, trusted by `principals`.
    ///
    /// When the FinOps role is included (``includesFinOpsRole``), `principals` should name at
    /// least one FinOps account (see ``SpotPrincipals/isComplete``).
    public init(products: [Product], principals: SpotPrincipals) {
        self.products = Set(products).sorted()
        self.principals = principals
    }

    /// A template for `products`, trusted by `principals`; `costAndUsageReportBucket` is ignored.
    ///
    /// Transitional: the bucket is a stack parameter now (``costAndUsageReportBucketParameter``,
    /// passed with ``parameters(externalID:bucket:pathPrefix:)``). Use
    /// ``init(products:principals:)``; this initializer will be removed.
    public init(products: [Product], costAndUsageReportBucket: String, principals: SpotPrincipals) {
        self.init(products: products, principals: principals)
    }

    // MARK: What the template holds

    /// Whether the template holds `SpotFinOpsRole` and its output: true when Eco is chosen.
    /// (Cloud Analyzer's Billing Engine and Cost Intelligence policies are on `SpotRole`.)
    public var includesFinOpsRole: Bool {
        products.contains(.eco)
    }

    /// Whether `SpotRole` carries the Spot Policy (compute management): true when Elastigroup or
    /// Ocean is chosen.
    public var includesComputePermissions: Bool {
        products.contains(.elastigroup) || products.contains(.ocean)
    }

    /// The published documents `SpotRole` carries, in the order the template lists them.
    ///
    /// Cloud Analyzer: the Billing Engine and Cost Intelligence policies; Elastigroup or Ocean:
    /// the Spot Policy. With none of them (Eco alone) the role still exists, because Spot links
    /// the account's AWS credentials through it; it then carries the Billing Engine policy only:
    /// the smallest published document, read-only and confined to the report Eco is onboarded
    /// with, so the linked platform role sees the same billing data as the FinOps role and
    /// nothing of the account's resources (Spot publishes no policy for a role that holds none).
    public var spotRoleDocuments: [SpotPolicyDocument] {
        var documents: [SpotPolicyDocument] = []
        if products.contains(.cloudAnalyzer) {
            documents += [.billingEngine, .costIntelligence]
        }
        if includesComputePermissions {
            documents.append(.spotPolicy)
        }
        return documents.isEmpty ? [.billingEngine] : documents
    }

    /// The published documents `SpotFinOpsRole` carries: the restricted read-only FinOps policy
    /// with Eco, nothing otherwise (the role is absent).
    public var finOpsRoleDocuments: [SpotPolicyDocument] {
        includesFinOpsRole ? [.finOpsRestrictedReadOnly] : []
    }

    /// Whether a role reads the Cost and Usage Report, so that the template declares the
    /// parameters ``costAndUsageReportBucketParameter`` and
    /// ``costAndUsageReportPathPrefixParameter``: true with Cloud Analyzer or Eco.
    public var usesCostAndUsageReport: Bool {
        (spotRoleDocuments + finOpsRoleDocuments).contains { $0 == .billingEngine || $0 == .finOpsRestrictedReadOnly }
    }

    /// The names of the template's parameters, in their order: ``externalIDParameter``, then,
    /// when ``usesCostAndUsageReport``, the report's bucket and path prefix. A stack must be
    /// given exactly these (CloudFormation rejects a parameter the template does not declare).
    public var parameterNames: [String] {
        [Self.externalIDParameter]
            + (usesCostAndUsageReport
                ? [Self.costAndUsageReportBucketParameter, Self.costAndUsageReportPathPrefixParameter] : [])
    }

    /// The stack parameters for this template, as key and value (AWSKit's `StackParameter`): the
    /// external id, and the report's bucket and path prefix when the template declares them
    /// (``parameterNames``); otherwise they are ignored.
    ///
    /// - Parameters:
    ///   - externalID: the external id Spot presents.
    ///   - bucket: the S3 bucket the report is delivered to.
    ///   - pathPrefix: `<S3 prefix>/<report name>`, no leading or trailing slash (what is
    ///     registered with Spot as `pathPrefix`). A declared parameter given `nil` is left out,
    ///     and CloudFormation then refuses the stack.
    public func parameters(externalID: String, bucket: String?, pathPrefix: String?) -> [(key: String, value: String)] {
        var parameters = [(key: Self.externalIDParameter, value: externalID)]
        if usesCostAndUsageReport {
            if let bucket {
                parameters.append((key: Self.costAndUsageReportBucketParameter, value: bucket))
            }
            if let pathPrefix {
                parameters.append((key: Self.costAndUsageReportPathPrefixParameter, value: pathPrefix))
            }
        }
        return parameters
    }

    // MARK: Rendering

    /// The template as pretty-printed JSON text, ending with a newline.
    ///
    /// A template depends only on its products and principals, so a batch renders each distinct
    /// one once: the text is kept in a small process-wide table (``RenderedTemplates``) and the
    /// next account with the same template reuses it (rendering was about 10 % of a run's CPU).
    public func render() -> String {
        if let text = RenderedTemplates.shared.text(of: self) { return text }
        let text = document.prettyPrinted()
        RenderedTemplates.shared.keep(text, of: self)
        return text
    }

    /// The template as an ordered JSON value.
    public var document: TemplateValue {
        var resources: [TemplateField] = [TemplateField(key: Self.spotRoleLogicalID, value: spotRole)]
        var outputs: [TemplateField] = [
            TemplateField(
                key: Self.spotRoleOutput,
                value: [
                    "Description": "ARN of the role Spot's platform assumes (give it to Spot).",
                    "Value": .getAtt(Self.spotRoleLogicalID, "Arn"),
                ])
        ]
        resources += managedPolicies(for: Self.spotRoleLogicalID, documents: spotRoleDocuments)
        if includesFinOpsRole {
            resources.append(TemplateField(key: Self.finOpsRoleLogicalID, value: finOpsRole))
            resources += managedPolicies(for: Self.finOpsRoleLogicalID, documents: finOpsRoleDocuments)
            outputs.append(
                TemplateField(
                    key: Self.finOpsRoleOutput,
                    value: [
                        "Description": "ARN of the read-only role Spot's FinOps products (Eco) assume.",
                        "Value": .getAtt(Self.finOpsRoleLogicalID, "Arn"),
                    ]))
        }
        return [
            "AWSTemplateFormatVersion": "2010-09-09",
            "Description": .string(description),
            "Parameters": .object(parameterDeclarations),
            "Resources": .object(resources),
            "Outputs": .object(outputs),
        ]
    }

    // MARK: Parts

    private var description: String {
        let names = products.isEmpty ? "no products" : products.map(\.rawValue).joined(separator: ", ")
        return "Spot by NetApp onboarding: IAM roles for \(names) (generated by onboard)."
    }

    private var parameterDeclarations: [TemplateField] {
        var declarations = [
            TemplateField(
                key: Self.externalIDParameter,
                value: [
                    "Type": "String",
                    "Description":
                        "External id Spot presents when it assumes the roles (sts:ExternalId). Not a secret.",
                    "MinLength": 2,
                    "MaxLength": .int(Self.externalIDMaxLength),
                    "AllowedPattern": "[\\w+=,.@:/-]*",
                    "ConstraintDescription": "2 to 1224 characters: letters, digits and + = , . @ : / - _",
                ])
        ]
        guard usesCostAndUsageReport else { return declarations }
        declarations.append(
            TemplateField(
                key: Self.costAndUsageReportBucketParameter,
                value: [
                    "Type": "String",
                    "Description": "S3 bucket the Cost and Usage Report is delivered to; Spot reads the report there.",
                    "MinLength": 3,
                    "MaxLength": .int(Self.bucketMaxLength),
                    "AllowedPattern": "[a-z0-9][a-z0-9.-]*[a-z0-9]",
                    "ConstraintDescription": .string(
                        "an S3 bucket name: 3 to 63 lowercase letters, digits, dots and hyphens, "
                            + "beginning and ending with a letter or digit"),
                ]))
        // The characters are those CUR allows in an S3 prefix and a report name. `*` is among
        // them, and is a wildcard in the object ARN: it can only widen the grant within the bucket.
        declarations.append(
            TemplateField(
                key: Self.costAndUsageReportPathPrefixParameter,
                value: [
                    "Type": "String",
                    "Description": .string(
                        "The report's path in its bucket: <S3 prefix>/<report name>, "
                            + "without a leading or trailing slash (the pathPrefix registered with Spot)."),
                    "MinLength": 1,
                    "MaxLength": .int(Self.pathPrefixMaxLength),
                    "AllowedPattern": "[0-9A-Za-z!_.*'()-]([0-9A-Za-z!_.*'()/-]*[0-9A-Za-z!_.*'()-])?",
                    "ConstraintDescription": .string(
                        "1 to 513 characters of a CUR S3 prefix and report name "
                            + "(letters, digits, ! - _ . * ' ( ) /), not beginning or ending with /"),
                ]))
        return declarations
    }

    private var spotRole: TemplateValue {
        role(
            name: Self.spotRoleName,
            description: "Assumed by Spot by NetApp's platform. Policies: "
                + spotRoleDocuments.map(\.title).joined(separator: ", ") + ".",
            trust: SpotPolicyDocument.trustSpotPlatform.trust(accounts: [principals.platformAccountID]))
    }

    private var finOpsRole: TemplateValue {
        role(
            name: Self.finOpsRoleName,
            description: "Assumed by Spot by NetApp's FinOps products (Eco). Policies: "
                + finOpsRoleDocuments.map(\.title).joined(separator: ", ") + ".",
            trust: SpotPolicyDocument.trustFinOps.trust(accounts: Self.unique(principals.finOpsAccountIDs)))
    }

    private func role(name: String, description: String, trust: PolicyDocument) -> TemplateValue {
        [
            "Type": "AWS::IAM::Role",
            "Properties": [
                "RoleName": .string(name),
                "Description": .string(description),
                "AssumeRolePolicyDocument": trust.value,
            ],
        ]
    }

    /// The managed policies granting `documents` to the role `roleLogicalID`, as resources.
    private func managedPolicies(for roleLogicalID: String, documents: [SpotPolicyDocument]) -> [TemplateField] {
        let measure = PolicySize(parameterMaxLengths: [
            Self.externalIDParameter: Self.externalIDMaxLength,
            Self.costAndUsageReportBucketParameter: Self.bucketMaxLength,
            Self.costAndUsageReportPathPrefixParameter: Self.pathPrefixMaxLength,
        ])
        let policies = documents.flatMap { document in
            SpotManagedPolicy.parts(
                of: document, baseName: Self.baseLogicalID(document), roleLogicalID: roleLogicalID,
                measure: measure)
        }
        precondition(policies.count <= PolicySize.managedPoliciesPerRole, "too many managed policies")
        return policies.map { TemplateField(key: $0.logicalID, value: $0.resource) }
    }

    /// The logical id (before any `Part<n>`) of the managed policies granting `document`.
    private static func baseLogicalID(_ document: SpotPolicyDocument) -> String {
        switch document {
        case .billingEngine: "BillingEnginePolicy"
        case .costIntelligence: "CostIntelligencePolicy"
        case .finOpsRestrictedReadOnly: "FinOpsReadOnlyPolicy"
        case .spotPolicy: "SpotPolicy"
        case .trustSpotPlatform, .trustFinOps: preconditionFailure("\(document.fileName) is a trust policy")
        }
    }

    private static func unique(_ accounts: [String]) -> [String] {
        var seen = Set<String>()
        return accounts.filter { seen.insert($0).inserted }
    }

    /// `text` made literal inside `Fn::Sub`: `${` is written `${!`.
    static func subLiteral(_ text: String) -> String {
        text.replacing("${", with: "${!")
    }
}

/// The texts of the templates rendered so far in this process, so that a batch renders each
/// distinct template once. Bounded: a batch has a handful of distinct templates (partition and
/// products); past ``capacity`` the table starts again, so memory never grows with the batch.
final class RenderedTemplates: Sendable {
    /// The table every template shares.
    static let shared = RenderedTemplates()
    /// The most templates kept at once.
    static let capacity = 64

    private let texts = Mutex<[StackTemplate: String]>([:])

    /// The text of `template` when it was rendered before.
    func text(of template: StackTemplate) -> String? {
        texts.withLock { $0[template] }
    }

    /// Keeps `text` as the rendering of `template`.
    func keep(_ text: String, of template: StackTemplate) {
        texts.withLock { table in
            if table.count >= Self.capacity { table.removeAll(keepingCapacity: true) }
            table[template] = text
        }
    }
}
