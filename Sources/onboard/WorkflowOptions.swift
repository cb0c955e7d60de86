import AWSKit
import ArgumentParser
import Foundation
import Onboarding

/// Options shared by every command that plans or runs the workflow.
struct WorkflowOptions: ParsableArguments {
    @Option(help: ArgumentHelp(
        "Role assumed in a payer when its row gives no access_role_arn or aws_profile (no default: OrganizationAccountAccessRole exists only in member accounts).",
        valueName: "name"))
    var accessRoleName: String?

    @Flag(help: "Replace AWS credentials a Spot account already has in force (a role onboard did not make) with onboard's role. Off: they are kept.")
    var replaceCredentials = false

    @Option(help: "Name of the CloudFormation stack that holds Spot's roles.")
    var stackName = OnboardingSettings().stackName

    @Option(help: ArgumentHelp("Endpoint for every AWS service (overrides AWS_ENDPOINT_URL…).", valueName: "url"))
    var awsEndpointURL: String?

    @Option(help: ArgumentHelp("Spot's platform account in AWS China (trusted by SpotRole); not public, ask Spot.", valueName: "account-id"))
    var spotChinaPlatformAccount: String?

    @Option(help: ArgumentHelp("Spot's FinOps accounts in AWS China, comma-separated (trusted by SpotFinOpsRole).", valueName: "account-ids"))
    var spotChinaFinopsAccounts: String?

    func validate() throws {
        if let accessRoleName, !(1...64).contains(accessRoleName.count) || accessRoleName.contains(where: { !($0.isASCII && ($0.isLetter || $0.isNumber || "+=,.@_-".contains($0))) }) {
            throw ValidationError("--access-role-name '\(accessRoleName)' is not an IAM role name (1 to 64 letters, digits and +=,.@_-)")
        }
        if !(1...128).contains(stackName.count) || !(stackName.first?.isLetter ?? false)
            || stackName.contains(where: { !($0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-")) }) {
            throw ValidationError("--stack-name '\(stackName)' is not a stack name (a letter, then letters, digits and hyphens; at most 128)")
        }
        if let url = awsEndpointURL, URL(string: url)?.scheme == nil {
            throw ValidationError("--aws-endpoint-url '\(url)' is not a URL such as http://127.0.0.1:5000")
        }
        if (spotChinaPlatformAccount == nil) != (spotChinaFinopsAccounts == nil) {
            throw ValidationError("give --spot-china-platform-account and --spot-china-finops-accounts together")
        }
        if let given = spotChinaFinopsAccounts, chinaFinOpsAccounts.isEmpty || chinaFinOpsAccounts.contains(where: \.isEmpty) {
            throw ValidationError("--spot-china-finops-accounts '\(given)' must list one or more 12-digit account ids, comma-separated, none empty")
        }
        for id in [spotChinaPlatformAccount].compactMap({ $0 }) + chinaFinOpsAccounts where !Self.isAccountID(id) {
            throw ValidationError("'\(id)' is not a 12-digit AWS account id")
        }
    }

    private var chinaFinOpsAccounts: [String] {
        guard let given = spotChinaFinopsAccounts else { return [] }
        return given.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
    }

    private static func isAccountID(_ text: String) -> Bool {
        text.count == 12 && text.allSatisfy { $0.isASCII && $0.isNumber }
    }

    /// The settings these options describe, with endpoint overrides from `environment`.
    func settings(environment: [String: String]) -> OnboardingSettings {
        var settings = OnboardingSettings()
        settings.accessRoleName = accessRoleName
        settings.replaceCredentials = replaceCredentials
        settings.stackName = stackName
        settings.endpoints = EndpointResolver(environment: environment, commandLineOverride: awsEndpointURL)
        if let platform = spotChinaPlatformAccount {
            settings.chinaPrincipals = SpotPrincipals(platformAccountID: platform, finOpsAccountIDs: chinaFinOpsAccounts)
        }
        return settings
    }
}
