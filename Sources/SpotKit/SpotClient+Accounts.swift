import Foundation

/// Spot accounts: `POST /setup/account`, `GET /setup/account` and `DELETE /setup/account/{accountId}`.
extension SpotClient {
    private struct CreateAccountInput: Encodable {
        struct Account: Encodable {
            var name: String
        }

        var account: Account
    }

    // MARK: - CreateAccount

    /// `POST /setup/account`: creates the Spot account `name` in the token's organization (the
    /// token must be an organization admin's). Not idempotent: it is retried only on HTTP 429;
    /// after a timeout, a dropped connection or a 5xx the error comes back and the caller looks
    /// the account up (``accounts(cloudAccountID:)``) before trying again.
    public func createAccount(name: String) async throws(SpotError) -> SpotAccount {
        let call = try SpotCall.json(
            operation: "CreateAccount", path: "/setup/account",
            input: CreateAccountInput(account: .init(name: name)), isIdempotent: false)
        return try await firstItem(call, of: SpotAccount.self)
    }

    // MARK: - ListAccounts

    /// `GET /setup/account`: the organization's Spot accounts (an organization admin token sees
    /// them all), or with `cloudAccountID` only those linked to that cloud account.
    public func accounts(cloudAccountID: String? = nil) async throws(SpotError) -> [SpotAccount] {
        let query = cloudAccountID.map { [(name: "cloudAccountId", value: $0)] } ?? []
        return try await items(
            SpotCall(operation: "ListAccounts", method: "GET", path: "/setup/account", queryItems: query),
            of: SpotAccount.self)
    }

    /// The Spot account `id` (`act-…`) from the full listing (the API has no lookup by id), or
    /// `nil` when the organization has no such account.
    public func account(id: String) async throws(SpotError) -> SpotAccount? {
        try await accounts(cloudAccountID: nil).first { $0.id == id }
    }

    // MARK: - DeleteAccount

    /// `DELETE /setup/account/{accountId}`: deletes the Spot account `id` (`act-…`), which cannot
    /// be undone; only an organization admin may (Spot's OpenAPI,
    /// `OrganizationsAndAccountsDeleteAccount`; spotinst-sdk-go `DeleteAccount`). Spot publishes
    /// no other deregistration: no DELETE for an account's AWS credentials, billing source or
    /// Cost Intelligence registration. Idempotent in effect (a second call finds no account and
    /// fails, so the caller lists first): retried as any call.
    public func deleteAccount(id: String) async throws(SpotError) {
        let encoded = id.addingPercentEncoding(withAllowedCharacters: .alphanumerics.union(CharacterSet(charactersIn: "-_.~"))) ?? id
        _ = try await send(SpotCall(operation: "DeleteAccount", method: "DELETE", path: "/setup/account/\(encoded)"))
    }
}
