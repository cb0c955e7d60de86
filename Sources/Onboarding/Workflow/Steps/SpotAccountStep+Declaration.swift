import AWSKit
import AccountList

extension SpotAccountStep {
    /// What `spot-account` does for `account`: read onboard's stack, find or create the Spot
    /// account, read the credentials Spot has in force, and settle the external id.
    static func declaration(for account: PayerAccount, settings: OnboardingSettings) -> StepDeclaration {
        let stack = settings.stackName
        let act = account.spotAccountID ?? "<act-id>"
        let listing = "the Spot organization's accounts (read once per run, shared by its accounts)"
        var declaration = StepDeclaration(step: .spotAccount, summary: "")
        declaration.aws(
            .describeStacks,
            "the payer's stack \(stack): one onboard did not make stops the account before anything is created; onboard's names its Spot account (spot-account tag) and external id (ExternalId)")
        if let given = account.spotAccountID {
            declaration.summary = "use Spot account \(given) (named in the row): it must be in the organization, free or connected to \(account.accountID)"
            declaration.spot(.get, "/setup/account", "\(listing): \(given) must be there")
            declaration.spot(
                .get, "/setup/credentials/aws?accountId=\(given)",
                "the AWS credentials in force: a role onboard did not make is kept unless --replace-credentials")
        } else {
            declaration.summary = "find the Spot account connected to \(account.accountID), or the one onboard's stack was made for, or create '\(account.organizationName)'"
            declaration.spot(.get, "/setup/account?cloudAccountId=\(account.accountID)", "a Spot account already connected to the payer")
            declaration.spot(
                .get, "/setup/account",
                "\(listing): the account onboard's stack is tagged with, and the unlinked ones of the row's name before creating; read again after a lost CreateAccount answer",
                .only(when: "no Spot account is connected to the payer"))
            declaration.spot(
                .get, "/setup/credentials/aws?accountId=<act-id>",
                "the AWS credentials in force: a role onboard did not make is kept unless --replace-credentials",
                .only(when: "a Spot account is found (connected, or named by onboard's stack's tag)"))
            declaration.spot(
                .post, "/setup/account",
                "create the Spot account '\(account.organizationName)' (never twice: a lost answer is looked for before it is sent again)",
                .only(when: "none is connected to the payer or named by onboard's stack's tag"))
        }
        declaration.summary += "; keep the credentials Spot has in force"
            + (settings.replaceCredentials ? " unless they are a role onboard did not make (--replace-credentials)" : " (no new external id for them)")
        let kept = settings.replaceCredentials ? "" : "a role in force is kept, or "
        declaration.spot(
            .post, "/setup/credentials/aws/externalId?accountId=\(act)",
            settings.replaceCredentials ? "a new external id, also to replace credentials in force (--replace-credentials)" : "a new external id",
            .only(when: "a new link is made: not when \(kept)Spot holds onboard's role, or onboard's stack was made for this Spot account (its ExternalId is kept)"))
        return declaration
    }
}
