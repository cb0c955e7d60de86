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
    public func validateCostIntelligence(
        spotAccountID: String, completion: @escaping @Sendable (Result<[SpotValidationCheck], SpotError>) -> Void
    ) {
        let call: SpotCall
        do {
            call = try costIntelligenceCall(
                operation: "ValidateCostIntelligence", path: "/cbi/v1/setup/account/validation", spotAccountID: spotAccountID)
        } catch {
            completion(.failure(error))
            return
        }
        items(call, of: SpotValidationCheck.self, completion: completion)
    }

    /// `validateCostIntelligence` for async callers.
    public func validateCostIntelligence(spotAccountID: String) async throws(SpotError) -> [SpotValidationCheck] {
        try await Self.run { validateCostIntelligence(spotAccountID: spotAccountID, completion: $0) }
    }

    // MARK: - SetupCostIntelligence

    /// `POST /cbi/v1/setup/account`: sets up Cost Intelligence on the Spot account, which must
    /// already hold AWS credentials.
    public func setupCostIntelligence(
        spotAccountID: String, completion: @escaping @Sendable (Result<CostIntelligenceAccount, SpotError>) -> Void
    ) {
        let call: SpotCall
        do {
            call = try costIntelligenceCall(
                operation: "SetupCostIntelligence", path: "/cbi/v1/setup/account", spotAccountID: spotAccountID)
        } catch {
            completion(.failure(error))
            return
        }
        firstItem(call, of: CostIntelligenceAccount.self, completion: completion)
    }

    /// `setupCostIntelligence` for async callers.
    public func setupCostIntelligence(spotAccountID: String) async throws(SpotError) -> CostIntelligenceAccount {
        try await Self.run { setupCostIntelligence(spotAccountID: spotAccountID, completion: $0) }
    }

    // MARK: - ListCostIntelligenceAccounts

    /// `GET /cbi/v1/setup/account`: every Spot account with Cost Intelligence set up, with its
    /// connection status; all pages read, as ``cloudBillingAccounts(completion:)`` does.
    public func costIntelligenceAccounts(
        completion: @escaping @Sendable (Result<[CostIntelligenceAccount], SpotError>) -> Void
    ) {
        allPages(
            of: CostIntelligenceAccount.self, operation: "ListCostIntelligenceAccounts",
            makeCall: { key in
                Self.pagedCall(operation: "ListCostIntelligenceAccounts", path: "/cbi/v1/setup/account", key: key)
            },
            completion: completion)
    }

    /// `costIntelligenceAccounts` for async callers.
    public func costIntelligenceAccounts() async throws(SpotError) -> [CostIntelligenceAccount] {
        try await Self.run { costIntelligenceAccounts(completion: $0) }
    }
}
