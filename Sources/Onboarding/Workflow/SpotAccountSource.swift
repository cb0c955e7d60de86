/// Where the `spot-account` step got the account's Spot account from (`outputs.spot_account_source`).
public enum SpotAccountSource: String, Sendable, Hashable, Codable, CaseIterable {
    /// Made by onboard (`POST /setup/account`), or taken up after a `CreateAccount` whose answer
    /// was lost.
    case created
    /// Found: Spot lists it for the AWS account, or onboard's stack names it (its `spot-account` tag).
    case found
    /// Named by the row (`spot_account_id`).
    case given
    /// Taken over from an interrupted run that recorded the account but not where it came from.
    case resumed
}
