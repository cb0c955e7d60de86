/// Cost Intelligence (`/cbi/v1/setup/account`): validate, set up, list.
extension SpotClient {
    private struct CostIntelligenceInput: Encodable {
        struct Account: Encodable {
            var accountId: String
        }

        var account: Account
    }

    private func costIntelligenceCall(operation: String, path: String, spotAccountID: String) throws(SpotError) -> SpotCall {
        try SpotCall.json(
            operation: operation, path: path, input: CostIntelligenceInput(account: .init(accountId: spotAccountID)))
    }

    // MARK: - ValidateCostIntelligence

    /// `POST /cbi/v1/setup/account/validation`: whether Cost Intelligence can be set up on the
    /// Spot account, one check per item. A failed check is a result, not an error.
    public func validateCostIntelligence(spotAccountID: String) async throws(SpotError) -> [SpotValidationCheck] {
        let call = try costIntelligenceCall(
            operation: "ValidateCostIntelligence", path: "/cbi/v1/setup/account/validation", spotAccountID: spotAccountID)
        return try await items(call, of: SpotValidationCheck.self)
    }

    // MARK: - SetupCostIntelligence

    /// `POST /cbi/v1/setup/account`: sets up Cost Intelligence on the Spot account, which must
    /// already hold AWS credentials.
    public func setupCostIntelligence(spotAccountID: String) async throws(SpotError) -> CostIntelligenceAccount {
        let call = try costIntelligenceCall(
            operation: "SetupCostIntelligence", path: "/cbi/v1/setup/account", spotAccountID: spotAccountID)
        return try await firstItem(call, of: CostIntelligenceAccount.self)
    }

    // MARK: - ListCostIntelligenceAccounts

    /// `GET /cbi/v1/setup/account`: every Spot account with Cost Intelligence set up, with its
    /// connection status; all pages read, as ``cloudBillingAccounts()`` does.
    public func costIntelligenceAccounts() async throws(SpotError) -> [CostIntelligenceAccount] {
        try await allPages(of: CostIntelligenceAccount.self, operation: "ListCostIntelligenceAccounts") { key in
            Self.pagedCall(operation: "ListCostIntelligenceAccounts", path: "/cbi/v1/setup/account", key: key)
        }
    }
}
