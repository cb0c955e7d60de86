import AWSKit
import AccountList

extension RegisterStep {
    /// What `register` does for `account`: hand Spot the role, then billing and Cost
    /// Intelligence for cloud-analyzer; eco is a manual prerequisite.
    static func declaration(for account: PayerAccount, settings: OnboardingSettings) -> StepDeclaration {
        let act = account.spotAccountID ?? "<act-id>"
        var declaration = StepDeclaration(step: .register, summary: "hand Spot the SpotRole ARN")
        let notKept = settings.replaceCredentials
            ? "onboard's role is not in force yet (a new link, or --replace-credentials)"
            : "onboard's role is not in force yet and no role in force is kept (a new link)"
        declaration.spot(
            .post, "/setup/credentials/aws?accountId=\(act)",
            "hand Spot the SpotRole ARN; after the stack made or changed the role: wait, then retry any 400/403 within the propagation window",
            .only(when: notKept))
        var summary: [String] = []
        if account.products.contains(.cloudAnalyzer) {
            summary.append("validate and register the billing source and Cost Intelligence (each kept when Spot lists it)")
            let products = [
                (name: "billing", path: "/cloudBilling/v1/setup/account",
                 validates: "the billing source (bucket, region, path prefix the cur step settled)", setup: "register the billing source",
                 unlessFailed: "its validation did not fail, or the report was created in this run (its first files are pending)"),
                (name: "Cost Intelligence", path: "/cbi/v1/setup/account", validates: "Cost Intelligence", setup: "enable Cost Intelligence",
                 unlessFailed: "its validation did not fail"),
            ]
            for product in products {
                let missing = "\(product.name) is not set up for the Spot account yet"
                declaration.spot(
                    .get, product.path,
                    "the organization's \(product.name) registrations (paged), read once per run, shared by its accounts: one already there is kept")
                declaration.spot(
                    .post, product.path + "/validation",
                    "validate \(product.validates) with the role in force; asked again while a changed role propagates",
                    .only(when: missing))
                declaration.spot(.post, product.path, product.setup, .only(when: "\(missing) and \(product.unlessFailed)"))
            }
        }
        if account.products.contains(.eco) {
            summary.append("eco has no public API: the FinOps role ARN and external id become a manual prerequisite")
        }
        if !summary.isEmpty { declaration.summary += "; " + summary.joined(separator: "; ") }
        return declaration
    }
}
