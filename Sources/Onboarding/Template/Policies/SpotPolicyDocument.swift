/// One of the IAM policy documents Spot by NetApp publishes, embedded verbatim.
///
/// The template grants Spot's roles these documents rather than hand-typed lists, adapted only
/// where ``StackTemplate`` says so (partition-neutral ARNs, the report's bucket and prefix as
/// parameters, `iam:PassRole` conditioned). Each document's text is the file
/// `shared/reference/spot-policies/<rawValue>.json` of the project, whose README names the
/// sources; the text is parsed when a template is rendered.
public enum SpotPolicyDocument: String, Sendable, Hashable, CaseIterable {
    /// The Billing Engine policy (`billing-engine.json`), for Cloud Analyzer, on `SpotRole`.
    case billingEngine = "billing-engine"
    /// The Cost Intelligence read policy (`cost-intelligence.json`), for Cloud Analyzer, on
    /// `SpotRole`.
    case costIntelligence = "cost-intelligence"
    /// The restricted read-only FinOps policy (`finops-restricted-read-only.json`), for Eco, on
    /// `SpotFinOpsRole`.
    case finOpsRestrictedReadOnly = "finops-restricted-read-only"
    /// The "Spot Policy" (`spot-elastigroup-ocean.json`), for Elastigroup and Ocean, on `SpotRole`.
    case spotPolicy = "spot-elastigroup-ocean"
    /// The trust policy of the platform role (`trust-spot-platform.json`), the model of
    /// `SpotRole`'s trust.
    case trustSpotPlatform = "trust-spot-platform"
    /// The trust policy of the FinOps role (`trust-finops-with-externalid.json`), the model of
    /// `SpotFinOpsRole`'s trust.
    case trustFinOps = "trust-finops-with-externalid"

    /// The file name in `shared/reference/spot-policies/`, such as `billing-engine.json`.
    public var fileName: String { rawValue + ".json" }

    /// What the document is, in a few words, such as `Billing Engine policy`.
    public var title: String {
        switch self {
        case .billingEngine: "Billing Engine policy"
        case .costIntelligence: "Cost Intelligence read policy"
        case .finOpsRestrictedReadOnly: "FinOps restricted read-only policy"
        case .spotPolicy: "Spot Policy for Elastigroup and Ocean"
        case .trustSpotPlatform: "Trust policy of the platform role"
        case .trustFinOps: "Trust policy of the FinOps role"
        }
    }

    /// Where Spot publishes the document: repository, path, commit and licence.
    public var source: String {
        switch self {
        case .billingEngine:
            "spotinst/help, src/docs/billing-engine/tutorials/billing-engine-policy.md, "
                + "commit bc0b8b9f63744a8ced6250bb0be3f308c2b4da79, Apache-2.0"
        case .costIntelligence:
            "spotinst/help, src/docs/cost-intelligence/tutorials/cost-intelligence-policy/README.md, "
                + "commit bc0b8b9f63744a8ced6250bb0be3f308c2b4da79, Apache-2.0"
        case .finOpsRestrictedReadOnly:
            "spotinst/spotinst-examples, "
                + "CloudFormation/IAM-Roles/Eco/json/spot-iam-finopsrole-stack-restricted-read-only.json "
                + "(SpotFinOpsManagedPolicy), commit 0a103eb99231f2e5a5dea1352a48d929a5e05723, Apache-2.0"
        case .spotPolicy:
            "spotinst/help, src/docs/administration/api/spot-policy-in-aws.md (Latest Spot Policy in AWS), "
                + "commit 155a2c4ee2137d667ce56852377368381d6c7830, Apache-2.0"
        case .trustSpotPlatform:
            "spotinst/terraform-spotinst-aws-connect, main.tf, "
                + "commit 688d2b59c23db42462d2154a4bc6ce132b3c0085, Apache-2.0"
        case .trustFinOps:
            "spotinst/spotinst-examples, "
                + "CloudFormation/IAM-Roles/Eco/json/spot-iam-finopsrole-stack-restricted-read-only.json "
                + "(AssumeRolePolicyDocument), commit 0a103eb99231f2e5a5dea1352a48d929a5e05723, Apache-2.0"
        }
    }

    /// The published JSON text, unchanged.
    public var text: String {
        switch self {
        case .billingEngine: Self.billingEngineText
        case .costIntelligence: Self.costIntelligenceText
        case .finOpsRestrictedReadOnly: Self.finOpsRestrictedReadOnlyText
        case .spotPolicy: Self.spotPolicyText
        case .trustSpotPlatform: Self.trustSpotPlatformText
        case .trustFinOps: Self.trustFinOpsText
        }
    }

    /// The document parsed, with its keys in the published order.
    public var value: TemplateValue {
        do {
            return try TemplateJSONParser.parse(text)
        } catch {
            // The texts are constants checked by the tests: a failure here is a build defect.
            preconditionFailure("\(fileName) is not valid JSON: \(error)")
        }
    }

    /// The document's statements, in the published order.
    var statements: [TemplateValue] {
        guard case .array(let statements)? = value["Statement"] else {
            preconditionFailure("\(fileName) has no Statement array")
        }
        return statements
    }
}
